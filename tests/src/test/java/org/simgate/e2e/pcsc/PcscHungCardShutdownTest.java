package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.TestCard;

/**
 * simgate.jar stopped with SIGTERM while its pcsc slot's card never answers an APDU: the slot
 * thread is inside pcsc-lite's SCardTransmit, which waits for pcscd without a deadline, and pcscd
 * for the card. The stop must not wait for the card: the request in flight gets its status code
 * when the drain window ends, and the process exits.
 */
@Timeout(120)
class PcscHungCardShutdownTest {
    /** Gateway.close's drain window for work in flight. */
    static final Duration DRAIN = Duration.ofSeconds(5);
    /** Far more than the rest of a stop takes, even on a busy machine; a hung stop never ends. */
    static final Duration MARGIN = Duration.ofSeconds(25);

    @TempDir
    Path dir;
    PcscDaemon pcscd;
    ScriptedVicc card;
    GatewayProcess gateway;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable running : new AutoCloseable[] {gateway, card, pcscd}) {
            if (running != null) {
                running.close();
            }
        }
    }

    @Test
    void sigtermWithAnApduStuckInTheCardAnswersTheRequestAndExits() throws Exception {
        pcscd = PcscDaemon.listening("simgate stop");
        card = new ScriptedVicc(pcscd.port(), TestCard.ATR.toUpperCase(java.util.Locale.ROOT));
        gateway = GatewayProcess.start(dir, "simgate.slots = [" + RunningGateway.pcscSlot(0, pcscd.readerNames().get(0),
                "exclusive") + "]");
        RunningGateway.awaitTrue(() -> gateway.post("/apdu-api/v1/slot/0", PcscHungCardTest.APDU).join().statusCode() == 200,
                Duration.ofSeconds(20), () -> "the slot does not answer:\n" + gateway.log());

        card.holdAnswers(); // and never releases them
        CompletableFuture<HttpResponse<String>> inFlight = gateway.post("/apdu-api/v1/slot/0", PcscHungCardTest.APDU);
        assertTrue(card.awaitHeld(Duration.ofSeconds(10)), "the APDU did not reach the card");

        long stopped = System.nanoTime();
        gateway.sigterm();
        HttpResponse<String> cut = inFlight.get(DRAIN.plus(MARGIN).toSeconds(), TimeUnit.SECONDS);
        assertTrue(Set.of(503, 504).contains(cut.statusCode()), () -> cut.statusCode() + " " + cut.body());
        boolean exited = gateway.awaitExit(DRAIN.plus(MARGIN));
        long took = RunningGateway.millisSince(stopped);
        assertTrue(exited, () -> "simgate did not stop within " + DRAIN.plus(MARGIN).toSeconds() + " s:\n" + gateway.log());
        System.out.println("PcscHungCardShutdownTest: SIGTERM to exit " + took + " ms (drain window " + DRAIN.toMillis()
                + " ms); the request in flight got " + cut.statusCode());
        assertEquals(0, gateway.exitValue(), gateway::log);
        assertTrue(gateway.log().endsWith("stopped"), gateway::log);
    }
}
