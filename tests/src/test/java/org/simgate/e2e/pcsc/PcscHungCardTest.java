package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.TestCard;
import org.simgate.e2e.pcsc.RunningGateway.Answer;
import org.simgate.service.ReloadResult;
import org.simgate.service.SlotStatus;

/**
 * A card that keeps its answer mid-APDU, in a vpcd reader of a real pcscd, behind a pcsc slot:
 * pcscd dying under the waiting request, and the gateway closed or reloaded while the card hangs.
 * Whatever the card does, the client gets a status code and the gateway's stop is bounded.
 */
@Timeout(60)
class PcscHungCardTest {
    /** A raw APDU the scripted card answers with its CLA and 9000 (when it answers). */
    static final String APDU = "{\"apdus\":[\"00B0000001\"]}";

    @TempDir
    Path dir;
    PcscDaemon pcscd;
    ScriptedVicc card;
    RunningGateway front;

    @BeforeEach
    void start() throws Exception {
        pcscd = PcscDaemon.listening("simgate hung");
        card = new ScriptedVicc(pcscd.port(), TestCard.ATR.toUpperCase(java.util.Locale.ROOT));
        front = RunningGateway.start(dir, "simgate.slots = [" + RunningGateway.pcscSlot(0, pcscd.readerNames().get(0),
                "exclusive") + "]");
        front.awaitState(0, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
        Answer answered = front.post("/apdu-api/v1/slot/0", APDU);
        assertEquals("200 {\"responses\":[\"009000\"]}", answered.toString());
    }

    @AfterEach
    void stop() throws Exception {
        card.release();
        for (AutoCloseable running : new AutoCloseable[] {front, card, pcscd}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                // the next one still has to go
            }
        }
    }

    /** An APDU sent to the slot, answered once the card is waiting on it. */
    private CompletableFuture<Answer> apduStuckInTheCard() throws InterruptedException {
        card.holdAnswers();
        CompletableFuture<Answer> inFlight = CompletableFuture.supplyAsync(() -> front.post("/apdu-api/v1/slot/0", APDU));
        assertTrue(card.awaitHeld(Duration.ofSeconds(10)), "the APDU did not reach the card");
        return inFlight;
    }

    /**
     * pcscd killed while it waits for the card on SCardTransmit: pcsc-lite's client reads end of
     * file (SCARD_F_COMM_ERROR). The reader side is gone: 503 with Retry-After, not 502.
     */
    @Test
    void pcscdKilledWhileTheCardHoldsTheApduIs503WithRetryAfter() throws Exception {
        CompletableFuture<Answer> inFlight = apduStuckInTheCard();
        pcscd.kill();
        assertTransportDown(inFlight.get(20, TimeUnit.SECONDS));
        assertTheSlotComesBackWithPcscd();
    }

    /**
     * pcscd dying with the APDU sent but not read yet (frozen, then killed; in a stream of requests
     * the race a kill -9 wins now and then): the client's read fails with ECONNRESET, which
     * pcsc-lite reports as SCARD_W_SECURITY_VIOLATION (0x8010006A). Also the reader side gone: 503
     * with Retry-After, not 502 "card protocol error".
     */
    @Test
    void pcscdDyingBeforeItReadsTheApduIs503WithRetryAfter() throws Exception {
        pcscd.freeze();
        // 260 bytes: no other request to pcscd (the reader watch's) is near that long
        String apdu = "00D60000FF" + "00".repeat(255); // UPDATE BINARY of 255 bytes
        int requestBytes = apdu.length() / 2;
        CompletableFuture<Answer> inFlight = CompletableFuture.supplyAsync(
                () -> front.post("/apdu-api/v1/slot/0", "{\"apdus\":[\"" + apdu + "\"]}"));
        RunningGateway.awaitTrue(() -> pcscd.largestUnreadRequest() >= requestBytes, Duration.ofSeconds(10),
                () -> "the APDU is not waiting in pcscd's socket (largest unread request: "
                        + pcscd.largestUnreadRequest() + " bytes)");
        pcscd.kill();
        assertTransportDown(inFlight.get(20, TimeUnit.SECONDS));
        assertTheSlotComesBackWithPcscd();
    }

    /**
     * A reload that restarts the slot while its card hangs mid-APDU: the old slot's drain ends, its
     * request is answered, its handle is let go (released once the card answers), and the reload
     * finishes instead of waiting for the card. The new slot gets the card once the old handle is gone.
     */
    @Test
    void aReloadRestartingTheSlotOfAHungCardFinishesAndTheNewSlotGetsTheCardOnceItAnswers() throws Exception {
        CompletableFuture<Answer> inFlight = apduStuckInTheCard();
        String changed = "simgate.slots = [" + RunningGateway.pcscSlot(0, pcscd.readerNames().get(0), "exclusive")
                .replace("allow-apdu = true", "allow-apdu = true, queue-size = 9") + "]";
        ReloadResult reloaded = front.reload(changed).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(0), reloaded.restarted());
        Answer cut = inFlight.get(20, TimeUnit.SECONDS);
        assertEquals(503, cut.status(), cut::toString);

        card.release();
        RunningGateway.awaitTrue(() -> front.post("/apdu-api/v1/slot/0", APDU).status() == 200, Duration.ofSeconds(20),
                () -> "the new slot does not get the card: " + front.slot(0).lastError());
    }

    private void assertTransportDown(Answer down) {
        assertEquals("503 {\"error\":{\"message\":\"simgate slot 0: transport down\"}}", down.toString(),
                () -> "last error: " + front.slot(0).lastError());
        assertEquals("1", down.retryAfter());
    }

    private void assertTheSlotComesBackWithPcscd() throws Exception {
        card.release();
        card.close();
        pcscd.start();
        card = new ScriptedVicc(pcscd.port(), TestCard.ATR.toUpperCase(java.util.Locale.ROOT));
        front.awaitState(0, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
        assertEquals("200 {\"responses\":[\"009000\"]}", front.post("/apdu-api/v1/slot/0", APDU).toString());
    }
}
