package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.cli.ClientCommand;

/**
 * The command-line client ({@code java -jar simgate.jar client ...}, after pySim's
 * sim-rest-client) against the running server, over HTTP and over HTTPS with the server's
 * certificate pinned. Slot 0 (test set 1) is used over HTTP, slot 1 (test set 2) over HTTPS.
 */
class CommandLineClientTest {
    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.forClass(RunningGateway.slots(
            TestCard.SET_1.inSlot(0, "", ""),
            TestCard.SET_2.inSlot(1, "", ""),
            TestCard.SET_1.inSlot(2, "", "")));

    /** The client's exit status and what it printed. */
    record Run(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n" + out + err;
        }
    }

    static Run client(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ClientCommand.run(args, ClientCommand.NO_IN_PROCESS, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code --url http://127.0.0.1:port}, or the HTTPS listener with its certificate pinned. */
    static List<String> server(String scheme) {
        List<String> args = new ArrayList<>(List.of("--url", gateway.base(scheme).toString()));
        if (scheme.equals("https")) {
            args.addAll(List.of("--trust-cert", gateway.certificate().toString()));
        }
        return args;
    }

    static Run auth(String scheme, int slot, TestCard card, String... more) {
        List<String> args = server(scheme);
        args.addAll(List.of("-n", String.valueOf(slot), "auth", "-k", card.k(), "-o", card.opc()));
        args.addAll(Arrays.asList(more));
        return client(args.toArray(String[]::new));
    }

    @Test
    void authOverHttpResynchronisesFromAStaleSqnAndVerifiesEveryAnswer() {
        Run ahead = auth("http", 0, TestCard.SET_1, "-c", "2", "-s", "000000001000");
        assertEquals(0, ahead.status(), ahead.toString());
        assertTrue(ahead.out().endsWith("2 of 2 authentications verified; next SQN 000000001040 (-s to continue from it)\n"),
                ahead.toString());

        Run stale = auth("http", 0, TestCard.SET_1, "-c", "3", "-s", "000000000020");

        assertEquals(0, stale.status(), stale.toString());
        assertTrue(stale.out().contains("[1/3] <- synchronisation_failure\n"), stale.toString());
        // the card's SQN_MS, recovered from AUTS, is the last SQN it accepted: 0x1020
        assertTrue(stale.out().contains("[1/3]    MAC-S verified, SQN_MS 000000001020; retrying with SQN 000000001040"),
                stale.toString());
        assertTrue(stale.out().contains("[3/3] verified RES, CK, IK, Kc"), stale.toString());
        assertTrue(stale.out().endsWith("3 of 3 authentications verified; next SQN 0000000010a0 (-s to continue from it)\n"),
                stale.toString());
    }

    @Test
    void authOverHttpsWithThePinnedCertificateResynchronisesToo() {
        Run ahead = auth("https", 1, TestCard.SET_2, "-c", "3", "-s", "000000000400");
        assertEquals(0, ahead.status(), ahead.toString());

        Run stale = auth("https", 1, TestCard.SET_2, "-c", "3");

        assertEquals(0, stale.status(), stale.toString());
        assertTrue(stale.out().contains("[1/3]    MAC-S verified, SQN_MS 000000000440; retrying with SQN 000000000460"),
                stale.toString());
        assertTrue(stale.out().endsWith("3 of 3 authentications verified; next SQN 0000000004c0 (-s to continue from it)\n"),
                stale.toString());
    }

    @Test
    void theDefaultsOfPySimWorkOnAFreshCard() {
        // SQN 0 is never fresh (SEQ must exceed the card's 0): one resync, then the count
        Run run = auth("http", 2, TestCard.SET_1, "-c", "3");

        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("MAC-S verified, SQN_MS 000000000000; retrying with SQN 000000000020"), run.toString());
        assertTrue(run.out().endsWith("3 of 3 authentications verified; next SQN 000000000080 (-s to continue from it)\n"),
                run.toString());
    }

    @Test
    void theWrongKeyEndsAtTheFirstAnswerWithExit1() {
        Run run = auth("http", 0, new TestCard(null, null, TestCard.SET_2.k(), TestCard.SET_1.opc()), "-c", "2", "-s", "000000100000");

        assertEquals(1, run.status(), run.toString());
        assertTrue(run.out().contains("[1/2] FAILED: card refused: incorrect_mac (9862), authentication error, incorrect MAC"),
                run.toString());
    }

    @Test
    void infoOverHttpAndHttps() {
        for (String scheme : List.of("http", "https")) {
            List<String> args = server(scheme);
            args.add("info");

            Run run = client(args.toArray(String[]::new));

            assertEquals(0, run.status(), run.toString());
            assertEquals("slot  0\nIMSI  001010000000001\nICCID 8988211000000000011\nATR   " + TestCard.ATR.toLowerCase()
                    + "\napps  USIM, ISIM\n", run.out());
        }
        Run slot1 = client("--url", gateway.http("").toString(), "-n", "1", "info");
        assertTrue(slot1.out().contains("IMSI  001010000000002\n"), slot1.toString());
    }

    @Test
    void anHttpsServerWhoseCertificateIsNotTrustedIsRefused() {
        Run run = client("--url", gateway.https("").toString(), "info");

        assertEquals(1, run.status(), run.toString());
    }
}
