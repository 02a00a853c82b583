package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jnasmartcardio.PcscCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.clients.Subscriber;
import org.simgate.e2e.pcsc.RunningGateway.Answer;
import org.simgate.service.SlotStatus;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;
import org.simgate.transport.pcsc.PcscTransport;
import org.simgate.transport.pcsc.ReaderMatch;

/**
 * Finding readers and sharing them: simgate.pcsc.auto (slot N = reader N), a reader regex that
 * matches none or several, a slot configured before pcscd runs, shared mode with another PC/SC
 * application on the same card, and a T=1 card.
 */
@Timeout(60)
class PcscReadersTest {
    private static final int T0_OR_T1 = PcscCalls.SCARD_PROTOCOL_T0 | PcscCalls.SCARD_PROTOCOL_T1;

    @TempDir
    Path dir;
    PcscDaemon pcscd;
    int port;
    RunningGateway cards;
    RunningGateway front;
    final Subscriber card0 = new Subscriber();
    final Subscriber card1 = new Subscriber();

    @AfterEach
    void stop() {
        for (AutoCloseable running : new AutoCloseable[] {front, cards, pcscd}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                // close the rest anyway
            }
        }
    }

    /** pcscd with one vpcd entry (two readers) and a gateway putting a simcard into each. */
    private void twoCards(String name) {
        pcscd = PcscDaemon.listening(name);
        port = pcscd.port();
        cards = RunningGateway.start(dir, cardsConfig());
    }

    private String cardsConfig() {
        return "simgate { slots = [" + RunningGateway.simcard(0, true) + ", " + RunningGateway.simcard(1, true) + "],"
                + " vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:" + port + "\", retry = 100ms },"
                + " { slot = 1, connect = \"127.0.0.1:" + (port + 1) + "\", retry = 100ms } ] }";
    }

    @Test
    void autoMakesEveryReaderASlotInPcscOrder() {
        twoCards("simgate auto");
        front = RunningGateway.start(dir, "simgate { slots = [], pcsc { auto = true, readers = \"^simgate auto\" } }");
        front.awaitState(0, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
        front.awaitState(1, SlotStatus.State.PRESENT, Duration.ofSeconds(10));

        JsonNode slots = front.get("/api/v1/slots").body().get("slots");
        assertEquals(2, slots.size(), slots::toString);
        for (int i = 0; i < 2; i++) {
            assertEquals(i, slots.get(i).get("id").asInt());
            assertEquals("simgate auto 00 0" + i, slots.get(i).get("name").asText(), "each slot says which reader it is");
            assertEquals("pcsc", slots.get(i).get("transport").asText());
        }
        Answer second = front.post("/sim-auth-api/v1/slot/1", Subscriber.authBody(card1.next()));
        assertNotNull(second.body().get("successful_3g_authentication"), second::toString);
    }

    @Test
    void autoOnAnIdSimgateSlotsAlreadyHasStopsTheStart() {
        twoCards("simgate clash");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> RunningGateway.start(dir, "simgate.pcsc.auto = true")); // the two simulated slots 0 and 1 stay
        assertEquals("simgate.pcsc.auto: PC/SC reader 'simgate clash 00 00' would be slot 0, which simgate.slots already "
                + "has: set simgate.slots = [] (drops the simulated cards) or simgate.pcsc.first-slot past the configured ids",
                e.getMessage());
    }

    @Test
    void aReaderRegexMustMatchExactlyOneReaderAtStart() {
        twoCards("simgate regex");
        RuntimeException none = assertThrows(RuntimeException.class, () -> RunningGateway.start(dir,
                "simgate.slots = [ { id = 3, transport = pcsc, pcsc { reader = \"OMNIKEY\" } } ]"));
        assertEquals("slot 3: no PC/SC reader matches /OMNIKEY/ (readers: 'simgate regex 00 00', 'simgate regex 00 01')",
                none.getMessage());
        RuntimeException several = assertThrows(RuntimeException.class, () -> RunningGateway.start(dir,
                "simgate.slots = [ { id = 3, transport = pcsc, pcsc { reader = \"simgate regex\" } } ]"));
        assertEquals("slot 3: 2 PC/SC readers match /simgate regex/ ('simgate regex 00 00', 'simgate regex 00 01'); "
                + "make the regex match exactly one", several.getMessage());
    }

    @Test
    void aSlotConfiguredBeforePcscdRunsFindsItsReaderWhenPcscdComes() {
        PcscDaemon.assumeInstalled();
        front = RunningGateway.start(dir, "simgate.slots = [" + RunningGateway.pcscSlot(0, "simgate late 00 00", "exclusive")
                + "]");
        assertEquals(SlotStatus.State.TRANSPORT_DOWN, front.slot(0).state());
        assertEquals(503, front.get("/sim-info-api/v1/slot/0").status());
        assertTrue(front.slot(0).lastError().contains("SCARD_E_NO_SERVICE"), front.slot(0).lastError());

        twoCards("simgate late");
        front.awaitState(0, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
        Answer auth = front.post("/sim-auth-api/v1/slot/0", Subscriber.authBody(card0.next()));
        assertNotNull(auth.body().get("successful_3g_authentication"), auth::toString);
    }

    /**
     * Shared mode: another application may use the card between simgate's requests, not inside
     * one. While it holds a PC/SC transaction simgate's request waits; after it selected another
     * file, simgate's next AKA still works (it selects the USIM again).
     */
    @Test
    void sharedModeLetsAnotherApplicationInBetweenButNotInside() throws Exception {
        twoCards("simgate shared");
        String reader = pcscd.readerNames().get(0);
        front = RunningGateway.start(dir, "simgate.slots = [" + RunningGateway.pcscSlot(0, reader, "shared") + "]");
        front.awaitState(0, SlotStatus.State.PRESENT, Duration.ofSeconds(10));
        assertEquals(200, front.post("/sim-auth-api/v1/slot/0", Subscriber.authBody(card0.next())).status());

        PcscCalls pcsc = PcscCalls.load();
        long context = pcsc.establishContext();
        try {
            PcscCalls.Connection other = pcsc.connect(context, reader, PcscCalls.SCARD_SHARE_SHARED, T0_OR_T1);
            pcsc.beginTransaction(other.handle());
            long started = System.nanoTime();
            CompletableFuture<Answer> waiting = CompletableFuture.supplyAsync(
                    () -> front.post("/sim-auth-api/v1/slot/0", Subscriber.authBody(card0.next())));
            PcscDaemon.sleep(400);
            assertFalse(waiting.isDone(), "simgate waits while another application holds the card");
            assertEquals(0x61, pcsc.transmit(other.handle(), other.protocol(), Hex.decode("00A40004023F00"))[0] & 0xff);
            pcsc.endTransaction(other.handle(), PcscCalls.SCARD_LEAVE_CARD);
            Answer answer = waiting.get(10, TimeUnit.SECONDS);
            assertNotNull(answer.body().get("successful_3g_authentication"), answer::toString);
            assertTrue(RunningGateway.millisSince(started) >= 400);

            PcscDaemon.sleep(100); // simgate's transaction ends once it has been quiet for a moment
            pcsc.beginTransaction(other.handle());
            assertEquals(0x61, pcsc.transmit(other.handle(), other.protocol(), Hex.decode("00A40004023F00"))[0] & 0xff);
            pcsc.endTransaction(other.handle(), PcscCalls.SCARD_LEAVE_CARD);
            pcsc.disconnect(other.handle(), PcscCalls.SCARD_LEAVE_CARD);
        } finally {
            pcsc.releaseContext(context);
        }
        Answer after = front.post("/sim-auth-api/v1/slot/0", Subscriber.authBody(card0.next()));
        assertNotNull(after.body().get("successful_3g_authentication"), "MF was selected behind simgate's back: " + after);
    }

    @Test
    void aT1CardWorksLikeAT0Card() throws Exception {
        pcscd = PcscDaemon.listening("simgate t1");
        port = pcscd.port();
        String reader = pcscd.readerNames().get(0);
        // TS 3B, T0 80 (TD1 follows, no historical bytes), TD1 01 (T=1), TCK 81
        try (ScriptedVicc t1Card = new ScriptedVicc(port, "3B800181");
             PcscTransport transport = new PcscTransport(ReaderMatch.exactly(reader), PcscTransport.Mode.EXCLUSIVE)) {
            byte[] atr = awaitConnect(transport);
            assertEquals("3B800181", Hex.upper(atr));
            assertEquals("T=1", transport.protocolName());
            assertEquals("019000", Hex.upper(transport.transmit(Hex.decode("01A4000C023F00"))), "T=1 PCI accepted");
            assertEquals(List.of("01A4000C023F00"), t1Card.commands, "sent as given, CLA 01 included");
            assertTrue(transport.describe().endsWith("(exclusive, T=1)"), transport.describe());
        }
    }

    private static byte[] awaitConnect(PcscTransport transport) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return transport.connect();
            } catch (CardTransportException.NoCard e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no card within 10 s: " + e.getMessage());
                }
                PcscDaemon.sleep(50);
            } catch (CardTransportException e) {
                throw new AssertionError(e);
            }
        }
    }
}
