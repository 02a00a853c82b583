package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnasmartcardio.PcscCalls;
import jnasmartcardio.PcscCalls.ReaderState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.e2e.TestCard;
import org.simgate.e2e.clients.Subscriber;
import org.simgate.e2e.pcsc.PcscDaemon.VpcdReader;
import org.simgate.transport.Hex;

/**
 * A simcard slot exported by the vpcd relay and read back through a real pcscd by PC/SC clients:
 * pyscard (an unmodified application, as pySim-shell or an emulator would be) and every PC/SC call
 * simgate's pcsc transport makes, through jnasmartcardio's binding. In both directions: simgate
 * connecting to vpcd, and vpcd in reversed mode connecting to simgate.
 */
@Timeout(60)
class VpcdRelayTest {
    private static final Path PYSCARD_CLIENT = Path.of("src/test/python/pcsc_read_card.py");
    private static final int T0_OR_T1 = PcscCalls.SCARD_PROTOCOL_T0 | PcscCalls.SCARD_PROTOCOL_T1;

    @TempDir
    Path dir;
    PcscDaemon pcscd;
    int port;
    RunningGateway cards;
    final Subscriber card = new Subscriber();
    final PcscCalls pcsc = PcscCalls.load();

    @AfterEach
    void stop() {
        if (cards != null) {
            cards.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    /** pcscd listening for cards, and a gateway whose slot 0 connects to it. */
    private String exportSlotZero() {
        pcscd = PcscDaemon.listening("simgate relay");
        port = pcscd.port();
        cards = RunningGateway.start(dir, "simgate { slots = [" + RunningGateway.simcard(0, true) + "],"
                + " vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:" + port + "\", retry = 100ms } ] }");
        String reader = pcscd.readerNames().get(0);
        awaitCard(reader, true);
        return reader;
    }

    private void awaitCard(String reader, boolean present) {
        RunningGateway.awaitTrue(() -> PcscDaemon.cardIn(pcsc, reader) == present, Duration.ofSeconds(10),
                () -> "pcscd's reader " + reader + (present ? " has no card" : " still has a card"));
    }

    @Test
    void pyscardReadsTheRelayedSimcardAsALocalCard() throws Exception {
        assumeTrue(pyscard(), "pyscard is not installed for /usr/bin/python3 (Debian: python3-pyscard)");
        String reader = exportSlotZero();
        AuthenticationVector vector = card.next();

        JsonNode read = RunningGateway.JSON.readTree(run("/usr/bin/python3", PYSCARD_CLIENT.toString(), reader,
                Hex.upper(vector.rand()), Hex.upper(vector.autn())));

        assertNull(read.get("error"), read::toString);
        assertEquals(TestCard.ATR.toUpperCase(java.util.Locale.ROOT), read.get("atr").asText());
        assertTrue(read.get("select_mf").asText().startsWith("61"), read::toString);
        assertTrue(read.get("fcp_mf").asText().startsWith("62") && read.get("fcp_mf").asText().endsWith("9000"));
        assertEquals("9000", read.get("select_usim").asText());
        assertEquals("6135", read.get("authenticate").asText());
        assertEquals("DB08" + Hex.upper(vector.xres()) + "10" + Hex.upper(vector.ck()) + "10" + Hex.upper(vector.ik())
                + "08" + Hex.upper(vector.kc()) + "9000", read.get("auth_response").asText());
    }

    /** Every PC/SC call the pcsc transport makes, against the relayed card: none may trip JNA 5 (NoSuchFieldError: SIZE). */
    @Test
    void everyPcscCallSimgateUsesWorksOnTheRelayedCard() throws Exception {
        String reader = exportSlotZero();
        long context = pcsc.establishContext();
        try {
            assertTrue(pcsc.isValidContext(context));
            assertEquals(List.of(reader, pcscd.readerNames().get(1)), pcsc.listReaders(context));

            List<ReaderState> states = pcsc.getStatusChange(context, 0, List.of(reader, PcscCalls.PNP_NOTIFICATION),
                    new int[2]);
            assertTrue(states.get(0).present());
            assertEquals(TestCard.ATR.toUpperCase(java.util.Locale.ROOT), Hex.upper(states.get(0).atr()));
            int[] seen = {states.get(0).eventState() & ~PcscCalls.SCARD_STATE_CHANGED,
                    states.get(1).eventState() & ~PcscCalls.SCARD_STATE_CHANGED};
            long waited = System.nanoTime();
            assertNull(pcsc.getStatusChange(context, 300, List.of(reader, PcscCalls.PNP_NOTIFICATION), seen),
                    "nothing changed: a bounded wait times out");
            assertTrue(RunningGateway.millisSince(waited) >= 250);

            PcscCalls.Connection connection = pcsc.connect(context, reader, PcscCalls.SCARD_SHARE_SHARED, T0_OR_T1);
            assertEquals(PcscCalls.SCARD_PROTOCOL_T0, connection.protocol(), "the simcard's ATR offers T=0");
            long handle = connection.handle();
            PcscCalls.CardStatus status = pcsc.status(handle);
            assertEquals(TestCard.ATR.toUpperCase(java.util.Locale.ROOT), Hex.upper(status.atr()));
            assertTrue((status.state() & PcscCalls.SCARD_PRESENT) != 0);

            pcsc.beginTransaction(handle);
            assertEquals("9000", Hex.upper(pcsc.transmit(handle, connection.protocol(), Hex.decode("00A4040C10" + TestCard.USIM_AID))));
            AuthenticationVector vector = card.next();
            String authenticate = "0088008122" + "10" + Hex.upper(vector.rand()) + "10" + Hex.upper(vector.autn());
            assertEquals("6135", Hex.upper(pcsc.transmit(handle, connection.protocol(), Hex.decode(authenticate))));
            byte[] answer = pcsc.transmit(handle, connection.protocol(), Hex.decode("00C0000035"));
            assertArrayEquals(vector.xres(), Arrays.copyOfRange(answer, 2, 10));
            pcsc.endTransaction(handle, PcscCalls.SCARD_LEAVE_CARD);

            // a reset through pcscd reaches the slot's card: no application is active afterwards
            assertEquals(PcscCalls.SCARD_PROTOCOL_T0, pcsc.reconnect(handle, PcscCalls.SCARD_SHARE_SHARED, T0_OR_T1,
                    PcscCalls.SCARD_RESET_CARD));
            assertEquals("6985", Hex.upper(pcsc.transmit(handle, PcscCalls.SCARD_PROTOCOL_T0,
                    Hex.decode("0088008122" + "10" + Hex.upper(card.next().rand()) + "10" + "00".repeat(16)))));
            assertEquals(0, pcsc.disconnect(handle, PcscCalls.SCARD_LEAVE_CARD));

            // SCardCancel ends a wait from another thread
            int[] current = {pcsc.getStatusChange(context, 0, List.of(reader), new int[1]).get(0).eventState()
                    & ~PcscCalls.SCARD_STATE_CHANGED};
            long cancelContext = pcsc.establishContext();
            Thread canceller = new Thread(() -> {
                PcscDaemon.sleep(200);
                pcsc.cancel(cancelContext);
            });
            canceller.start();
            long started = System.nanoTime();
            PcscCalls.PcscError cancelled = assertThrows(PcscCalls.PcscError.class,
                    () -> pcsc.getStatusChange(cancelContext, 10_000, List.of(reader), current));
            assertEquals(PcscCalls.SCARD_E_CANCELLED, cancelled.code());
            assertTrue(RunningGateway.millisSince(started) < 5_000);
            canceller.join();
            pcsc.releaseContext(cancelContext);
        } finally {
            pcsc.releaseContext(context);
        }
        assertFalse(pcsc.isValidContext(context));
    }

    @Test
    void theReaderEmptiesWhenTheRelayStopsAndFillsWhenItIsBack() {
        String reader = exportSlotZero();
        cards.close();
        awaitCard(reader, false);
        cards = RunningGateway.start(dir, "simgate { slots = [" + RunningGateway.simcard(0, true) + "],"
                + " vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:" + port + "\", retry = 100ms } ] }");
        awaitCard(reader, true);
    }

    /**
     * vpcd connects to port and port + 1 for its two readers; vpcd 3.3 aborts pcscd when nothing
     * listens on one of them at start (a closed socket kept as connected), so both are served.
     */
    @Test
    void reversedModeVpcdConnectsToSimgate() throws Exception {
        port = PcscDaemon.freePortPair();
        cards = RunningGateway.start(dir, "simgate { slots = [" + RunningGateway.simcard(0, true) + ", "
                + RunningGateway.simcard(1, true) + "], vpcd-relay = [ { slot = 0, listen = \"127.0.0.1:" + port + "\" },"
                + " { slot = 1, listen = \"127.0.0.1:" + (port + 1) + "\" } ] }");
        assertEquals(port, cards.gateway.vpcdListeners().get(0).getPort());
        pcscd = PcscDaemon.start(VpcdReader.connectingTo("simgate reversed", port));
        String reader = pcscd.readerNames().get(0);
        awaitCard(reader, true);
        awaitCard(pcscd.readerNames().get(1), true);

        long context = pcsc.establishContext();
        try {
            PcscCalls.Connection connection = pcsc.connect(context, reader, PcscCalls.SCARD_SHARE_EXCLUSIVE, T0_OR_T1);
            assertEquals(TestCard.ATR.toUpperCase(java.util.Locale.ROOT), Hex.upper(pcsc.status(connection.handle()).atr()));
            byte[] selectMf = pcsc.transmit(connection.handle(), connection.protocol(), Hex.decode("00A40004023F00"));
            assertEquals(0x61, selectMf[0] & 0xff);
            pcsc.disconnect(connection.handle(), PcscCalls.SCARD_RESET_CARD);
        } finally {
            pcsc.releaseContext(context);
        }
    }

    private static boolean pyscard() {
        try {
            return new ProcessBuilder("/usr/bin/python3", "-c", "import smartcard").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return text;
    }
}
