package org.simgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.simgate.aka.Milenage;
import org.simgate.service.SlotException;
import org.simgate.transport.Hex;

/** The command line as a user types it, in-process and over HTTP. */
class ClientCommandTest {
    private static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String OPC = "cd63cb71954a9f4e48a5994e37a02baf";
    private static final String OP = "cdc202d5123e20f62b6d676ac72cb318";

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final List<Optional<Path>> configsOpened = new ArrayList<>();

    private int run(SimulatedUsim card, String... args) {
        outBytes.reset();
        errBytes.reset();
        SimServiceSource source = config -> {
            configsOpened.add(config);
            return card;
        };
        return ClientCommand.run(args, source, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static SimulatedUsim card(long sqnMs) {
        return new SimulatedUsim(Hex.decode(K), Hex.decode(OPC), sqnMs);
    }

    @Test
    void authenticatesInProcessAndPrintsNoKeysByDefault() {
        SimulatedUsim card = card(0x20);

        int status = run(card, "--in-process", "auth", "-k", K, "-o", OPC, "-s", "40", "-c", "3");

        assertEquals(0, status, out() + err());
        assertEquals(3, card.requests.size());
        assertTrue(out().contains("[1/3] -> rand "), out());
        assertTrue(out().contains("(SQN 000000000040, AMF 0000, USIM)"), out());
        assertTrue(out().contains("[3/3] <- successful_3g_authentication with kc\n"), out());
        assertTrue(out().contains("[3/3] verified RES, CK, IK, Kc"), out());
        assertTrue(out().endsWith("3 of 3 authentications verified; next SQN 0000000000a0 (-s to continue from it)\n"), out());
        assertFalse(out().contains(" res ") || out().contains(" ck ") || out().contains(" kc "), out());
        assertEquals(List.of(Optional.empty()), configsOpened);
        assertTrue(card.closed, "the in-process service is closed after use");
    }

    @Test
    void showKeysPrintsTheCardsAnswer() {
        SimulatedUsim card = card(0x20);

        int status = run(card, "--in-process", "auth", "-k", K, "-o", OPC, "-s", "000000000040", "-c", "1", "--show-keys");

        assertEquals(0, status, out() + err());
        Matcher m = Pattern.compile("-> rand ([0-9a-f]{32}) ").matcher(out());
        assertTrue(m.find(), out());
        byte[] rand = Hex.decode(m.group(1));
        String res = Hex.lower(Milenage.withOpc(Hex.decode(K), Hex.decode(OPC)).f2345(rand).res());
        assertTrue(out().contains(": res " + res + " ck "), out());
    }

    @Test
    void resynchronisesFromAutsAndCountsAuthenticationsNotRequests() {
        SimulatedUsim card = card(0x12e5);

        int status = run(card, "--in-process", "auth", "-k", K, "-o", OPC, "-c", "2");

        assertEquals(0, status, out() + err());
        assertEquals(3, card.requests.size());
        assertTrue(out().contains("[1/2] <- synchronisation_failure\n"), out());
        assertTrue(out().contains("[1/2]    MAC-S verified, SQN_MS 0000000012e5; retrying with SQN 000000001305"), out());
        assertTrue(out().contains("(SQN 000000001325, AMF 0000, USIM)"), out());
        assertTrue(out().endsWith("2 of 2 authentications verified; next SQN 000000001345 (-s to continue from it)\n"), out());
    }

    @Test
    void macFailureEndsWithExitOne() {
        SimulatedUsim card = new SimulatedUsim(Hex.decode(K), Hex.decode(OP), 0);

        int status = run(card, "--in-process", "auth", "-k", K, "-o", OPC, "-s", "20");

        assertEquals(1, status);
        assertEquals(1, card.requests.size(), "stops at the first failure");
        assertTrue(out().contains("[1/10] <- error incorrect_mac (9862)"), out());
        assertTrue(out().contains("[1/10] FAILED: card refused: incorrect_mac (9862), authentication error, incorrect MAC"), out());
        assertTrue(out().endsWith("0 of 10 authentications verified, stopped at the first failure; next SQN 000000000020"
                + " (-s to continue from it)\n"), out());
    }

    @Test
    void wrongResEndsWithExitOne() {
        SimulatedUsim card = card(0);
        card.misbehaviour = SimulatedUsim.Misbehaviour.GARBAGE_RES;

        int status = run(card, "--in-process", "auth", "-k", K, "-o", OPC, "-s", "20", "-c", "2");

        assertEquals(1, status);
        assertTrue(out().contains("[1/2] FAILED: RES from the card does not match K/OPc"), out());
        assertFalse(out().contains("0bad0bad"), "the wrong RES is key material too");
    }

    @Test
    void badAutsEndsWithExitOne() {
        SimulatedUsim card = card(0x12e5);
        card.misbehaviour = SimulatedUsim.Misbehaviour.TAMPERED_AUTS;

        int status = run(card, "--in-process", "auth", "-k", K, "-o", OPC, "-c", "1");

        assertEquals(1, status);
        assertTrue(out().contains("[1/1] FAILED: resynchronisation failed: MAC-S in AUTS does not verify"), out());
    }

    @Test
    void opInsteadOfOpc() {
        SimulatedUsim card = card(0);

        int status = run(card, "--in-process", "auth", "-k", K, "--op", OP, "-s", "20", "-c", "1");

        assertEquals(0, status, out() + err());
    }

    @Test
    void isimAndAmfGoIntoTheRequest() {
        SimulatedUsim card = card(0);

        int status = run(card, "--in-process", "auth", "-k", K, "-o", OPC, "-s", "20", "-c", "1",
                "--application", "isim", "-a", "8000");

        assertEquals(0, status, out() + err());
        assertEquals("ISIM", card.requests.get(0).application().name());
        assertEquals("8000", Hex.lower(card.requests.get(0).autn()).substring(12, 16));
    }

    @Test
    void slotErrorEndsWithExitOne() {
        SimulatedUsim card = card(0);
        card.failure = new SlotException(SlotException.Kind.NO_CARD, "no card in slot 0");

        int status = run(card, "--in-process", "auth", "-k", K, "-o", OPC, "-c", "1");

        assertEquals(1, status);
        assertTrue(out().contains("[1/1] FAILED: no_card: no card in slot 0"), out());
    }

    @Test
    void configFileImpliesInProcess() {
        SimulatedUsim card = card(0);

        int status = run(card, "-c", "my.conf", "info");

        assertEquals(0, status, out() + err());
        assertEquals(List.of(Optional.of(Path.of("my.conf"))), configsOpened);
        assertEquals("slot  0\nIMSI  001010000000001\nICCID 8988211000000000001\nATR   3b00\napps  USIM, ISIM\n", out());
    }

    @Test
    void infoReportsSlotErrors() {
        SimulatedUsim card = card(0);
        card.failure = new SlotException(SlotException.Kind.NO_SUCH_SLOT, "no slot 3");

        int status = run(card, "--in-process", "-n", "3", "info");

        assertEquals(1, status);
        assertEquals("error (no_such_slot): no slot 3\n", err());
    }

    @Test
    void malformedKeysAreUsageErrorsThatDoNotEchoTheKey() {
        String almostK = K.substring(0, 31) + "x";

        int status = run(card(0), "--in-process", "auth", "-k", almostK, "-o", OPC);

        assertEquals(2, status);
        assertTrue(err().startsWith("--key must be 32 hex digits (16 bytes)\n"), err());
        assertFalse(err().contains(almostK.substring(0, 8)), err());
    }

    @Test
    void opcOrOpIsRequired() {
        assertEquals(2, run(card(0), "--in-process", "auth", "-k", K));
        assertTrue(err().startsWith("give one of --opc and --op"), err());
    }

    @Test
    void bothOpcAndOpAreRefused() {
        assertEquals(2, run(card(0), "--in-process", "auth", "-k", K, "-o", OPC, "--op", OP));
        assertFalse(err().contains(OPC) || err().contains(OP), err());
    }

    @Test
    void badSqnIsAUsageError() {
        assertEquals(2, run(card(0), "--in-process", "auth", "-k", K, "-o", OPC, "-s", "1000000000000"));
        assertTrue(err().startsWith("--sqn must be 1 to 12 hex digits (48 bits)"), err());
    }

    @Test
    void inProcessTakesNoRemoteOptions() {
        assertEquals(2, run(card(0), "--in-process", "--url", "http://localhost:8000", "info"));
        assertTrue(err().startsWith("--in-process and -c take none of"), err());
    }

    @Test
    void conflictingRemoteOptionsAreUsageErrors() {
        assertEquals(2, run(card(0), "--url", "http://localhost:8000", "-p", "8001", "info"));
        assertTrue(err().startsWith("give either --url or -H/-p"), err());
        assertEquals(2, run(card(0), "--url", "https://localhost:8443", "--insecure", "--trust-cert", "x.pem", "info"));
        assertTrue(err().contains("give either --trust-cert or --insecure"), err());
        assertEquals(2, run(card(0), "--url", "ftp://localhost", "info"));
        assertTrue(err().contains("--url must be http:// or https://"), err());
    }

    @Test
    void noSubCommandShowsUsage() {
        assertEquals(2, run(card(0)));
        assertTrue(err().startsWith("Usage: simgate client"), err());
    }

    @Test
    void helpListsThePySimOptions() {
        assertEquals(0, run(card(0), "auth", "--help"));
        for (String option : new String[] {"-c, --count=N", "-k, --key=HEX", "-o, --opc=HEX", "-a, --amf=HEX", "-s, --sqn=HEX"}) {
            assertTrue(out().contains(option), out());
        }
        assertEquals(0, run(card(0), "--help"));
        for (String option : new String[] {"-H, --host=HOST", "-p, --port=PORT", "-n, --slot-nr=SLOT", "-v, --verbose"}) {
            assertTrue(out().contains(option), out());
        }
    }

    @Test
    void authenticatesOverRestWithResync() throws Exception {
        SimulatedUsim card = card(0x12e5);
        try (StubServer server = StubServer.http(new SimAuthFront(card))) {

            int status = run(null, "--url", server.url().toString(), "auth", "-k", K, "-o", OPC, "-c", "2");

            assertEquals(0, status, out() + err());
            assertEquals(3, card.requests.size());
            assertTrue(out().contains("retrying with SQN 000000001305"), out());
            assertTrue(out().endsWith("2 of 2 authentications verified; next SQN 000000001345 (-s to continue from it)\n"), out());
            assertFalse(card.closed, "a remote card is not the client's to close");
        }
    }

    @Test
    void reachesHostAndPortLikePySim() throws Exception {
        SimulatedUsim card = card(0);
        try (StubServer server = StubServer.http(new SimAuthFront(card))) {

            int status = run(null, "-H", "127.0.0.1", "-p", String.valueOf(server.port()), "-v", "info");

            assertEquals(0, status, out() + err());
            assertTrue(out().startsWith("GET http://127.0.0.1:" + server.port() + "/sim-info-api/v1/slot/0\n<- HTTP 200\n"), out());
            assertTrue(out().contains("IMSI  001010000000001\n"), out());
        }
    }

    @Test
    void restErrorsEndWithExitOne() throws Exception {
        try (StubServer server = StubServer.http(new SimAuthFront(card(0)))) {

            int status = run(null, "--url", server.url().toString(), "-n", "7", "auth", "-k", K, "-o", OPC, "-c", "1");

            assertEquals(1, status);
            assertTrue(out().contains("[1/1] FAILED: no_such_slot: server answered HTTP 404: Reader Error: Specified SIM Slot"
                    + " doesn't exist"), out());
        }
    }

    @Test
    void clientOptionsMayFollowTheSubcommand() throws Exception {
        SimulatedUsim card = card(0x20);
        assertEquals(0, run(card, "auth", "--in-process", "-n", "0", "-k", K, "-o", OPC, "-s", "40", "-c", "1"), out() + err());
        assertTrue(out().contains("[1/1] verified RES, CK, IK, Kc"), out());
        try (StubServer server = StubServer.http(new SimAuthFront(card(0)))) {
            assertEquals(1, run(null, "info", "--url", server.url().toString(), "-n", "7", "-v"), out() + err());
            assertTrue(out().startsWith("GET http://127.0.0.1:" + server.port() + "/sim-info-api/v1/slot/7\n"), out());
        }
    }

    @Test
    void clientOptionsBeforeTheSubcommandKeepTheirValueAndConflictsAfterItAreFound() {
        assertEquals(0, run(card(0), "--in-process", "-n", "3", "info"), out() + err());
        assertTrue(out().startsWith("slot  3\n"), out());
        assertEquals(2, run(card(0), "--url", "http://localhost:8000", "info", "-p", "8001"));
        assertTrue(err().contains("give either --url or -H/-p"), err());
    }
}
