package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import jnasmartcardio.PcscCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.TestCard;

/**
 * simgate as both halves of EAP-AKA, checked by software no one here wrote: Debian's hostapd as the
 * RADIUS/EAP server asks simgate's AuC over its external AuC socket ({@code eap_sim_db=unix:…}), and
 * Debian's eapol_test as the peer runs AKA on simgate's software USIM through pcscd, vsmartcard's
 * vpcd and simgate's vpcd relay ({@code pcsc_reader=Virtual PCD 00 00}).
 *
 * <p>The hostapd and eapol_test configs are docs/examples/auc/, byte for byte. hostapd and
 * eapol_test run in a network namespace of their own (RADIUS on 1812 without meeting anyone else's)
 * and a mount namespace where /run/simgate is this test's directory, holding simgate's AuC socket,
 * and /etc/hostapd the examples. The card's gateway and the AuC's gateway are two: so the AuC can
 * hold a wrong OPc, or start behind the card, as a separate HSS would.
 */
@Timeout(120)
class HostapdEapAkaTest {
    private static final Path EXAMPLES = Path.of("../docs/examples/auc");
    private static final String SECRET = "simgate-lab-secret";
    private static final String WRONG_OPC = "00000000000000000000000000000001";
    private static final Pattern MSK = Pattern.compile("(?:EAP-SIM: keying material \\(MSK\\)|EAP-AKA': MSK) - "
            + "hexdump\\(len=64\\): ([0-9a-f ]+)");

    @TempDir
    Path dir;
    private PcscDaemon pcscd;
    private RunningGateway card;
    private RunningGateway auc;
    private Process namespace;
    private Process hostapd;
    private Path hostapdLog;

    private static void assumeInstalled() {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/hostapd")), "hostapd is not installed (Debian: hostapd)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/eapol_test")), "eapol_test is not installed (Debian: eapoltest)");
        assumeTrue(isRoot(), "hostapd and eapol_test run in namespaces of their own, which takes root");
    }

    @AfterEach
    void stop() {
        for (Process p : new Process[] {hostapd, namespace}) {
            if (p != null) {
                p.destroy();
                try {
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (auc != null) {
            auc.close();
        }
        if (card != null) {
            card.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    @Test
    void eapAkaSucceedsAndBothSidesHoldTheSameMsk() throws Exception {
        start(TestCard.SET_1.opc(), null);
        Result result = eapolTest("eapol_test-aka.conf");
        assertSucceeded(result);
        assertTrue(result.log.contains("method 23 (AKA) selected"), "EAP-AKA, not another method");
    }

    @Test
    void eapAkaPrimeSucceedsAndBothSidesHoldTheSameMsk() throws Exception {
        start(TestCard.SET_1.opc(), null);
        Result result = eapolTest("eapol_test-aka-prime.conf");
        assertSucceeded(result);
        assertTrue(result.log.contains("method 50 (AKA') selected"), "EAP-AKA', not another method");
    }

    @Test
    void eapSimSucceedsOnTripletsMadeThroughC2AndC3() throws Exception {
        start(TestCard.SET_1.opc(), null);
        Result result = eapolTest("eapol_test-sim.conf");
        assertSucceeded(result);
        assertTrue(result.log.contains("method 18 (SIM) selected"), "EAP-SIM, not another method");
        assertTrue(Files.readString(hostapdLog).contains("EAP-SIM DB: requesting SIM authentication data for IMSI '"
                + TestCard.SET_1.imsi() + "'"), "hostapd asked simgate for triplets (SIM-REQ-AUTH)");
    }

    @Test
    void anAucBehindTheCardResynchronisesAndSucceeds() throws Exception {
        start(TestCard.SET_1.opc(), cardStateAhead(5000));
        Result result = eapolTest("eapol_test-aka.conf");
        assertTrue(result.log.contains("EAP-AKA: UMTS authentication failed (AUTN seq# -> AUTS)"),
                "the card should have found the AuC's SQN stale and answered AUTS:\n" + tail(result.log));
        assertTrue(Files.readString(hostapdLog).contains("EAP-SIM DB: reporting AKA AUTS for IMSI '" + TestCard.SET_1.imsi() + "'"),
                "hostapd should have passed the AUTS on to simgate");
        assertSucceeded(result);
    }

    @Test
    void aWrongOpcInTheAucEndsInFailure() throws Exception {
        start(WRONG_OPC, null);
        Result result = eapolTest("eapol_test-aka.conf");
        assertNotEquals(0, result.exitCode, "eapol_test must fail:\n" + tail(result.log));
        assertTrue(result.log.contains("EAP-AKA: UMTS authentication failed (AUTN)"),
                "the card must refuse the AuC's AUTN (MAC-A made with another OPc):\n" + tail(result.log));
        assertFalse(result.log.lines().anyMatch("SUCCESS"::equals));
    }

    @Test
    void docsAucMdShowsTheExamplesByteForByte() throws IOException {
        String doc = Files.readString(Path.of("../docs/auc.md"));
        for (String name : List.of("simgate-as.conf", "simgate-as.eap_user", "simgate-as.radius_clients",
                "eapol_test-aka.conf", "eapol_test-aka-prime.conf", "eapol_test-sim.conf")) {
            assertTrue(doc.contains("\n" + Files.readString(EXAMPLES.resolve(name)) + "```\n"),
                    "docs/auc.md must show docs/examples/auc/" + name + " as it is");
        }
    }

    private record Result(int exitCode, String log) {
    }

    private void assertSucceeded(Result result) throws IOException {
        assertEquals(0, result.exitCode, "eapol_test failed:\n" + tail(result.log));
        assertTrue(result.log.contains("CTRL-EVENT-EAP-SUCCESS"), tail(result.log));
        assertTrue(result.log.contains("MPPE keys OK: 1  mismatch: 0"),
                "the MS-MPPE keys hostapd sent must be the MSK eapol_test derived:\n" + tail(result.log));
        String peerMsk = msk(result.log, "eapol_test");
        String serverMsk = msk(Files.readString(hostapdLog), "hostapd");
        assertEquals(peerMsk, serverMsk, "the MSK eapol_test printed must equal hostapd's");
    }

    private static String msk(String log, String who) {
        Matcher m = MSK.matcher(log);
        String last = null;
        while (m.find()) {
            last = m.group(1).trim();
        }
        assertTrue(last != null, who + " printed no MSK");
        assertEquals(64 * 3 - 1, last.length(), who + "'s MSK is 64 bytes");
        return last;
    }

    /**
     * pcscd with vpcd's reader "Virtual PCD", a gateway whose software USIM goes to it through the
     * vpcd relay, a second gateway whose AuC holds the same subscriber with {@code aucOpc} (a row of
     * its subscriber file), then the namespaces and hostapd.
     */
    private void start(String aucOpc, Path cardState) throws Exception {
        assumeInstalled();
        pcscd = PcscDaemon.listening("Virtual PCD");
        String reader = pcscd.readerNames().get(0);
        assertEquals("Virtual PCD 00 00", reader, "the reader the eapol_test examples name");
        card = RunningGateway.start(dir.resolve("card"), "simgate { slots = [ { id = 0, transport = simcard, "
                + "allow-apdu = true, simcard { imsi = \"" + TestCard.SET_1.imsi() + "\", iccid = \"" + TestCard.SET_1.iccid() + "\", k = \""
                + TestCard.SET_1.k() + "\", opc = \"" + TestCard.SET_1.opc() + "\"" + (cardState == null ? "" : ", state-file = \"" + cardState
                + "\"") + " } } ], vpcd-relay = [ { slot = 0, connect = \"127.0.0.1:" + pcscd.port()
                + "\", retry = 100ms } ] }");
        PcscCalls pcsc = PcscCalls.load();
        RunningGateway.awaitTrue(() -> PcscDaemon.cardIn(pcsc, reader), Duration.ofSeconds(20),
                () -> "pcscd's reader " + reader + " has no card");

        Path run = Files.createDirectories(dir.resolve("run-simgate"));
        // the AuC's subscriber: the one row of the second gateway's subscriber file, with the AuC's keys
        Path subscribers = Files.writeString(dir.resolve("auc-subscribers.csv"),
                "imsi,k,opc,amf,sqn\n" + TestCard.SET_1.imsi() + "," + TestCard.SET_1.k() + "," + aucOpc + ",8000,0\n");
        auc = RunningGateway.start(dir.resolve("auc"), "simgate { slots = [], subscribers { file = \"" + subscribers
                + "\", state-file = \"" + dir.resolve("auc-subscribers.sqn") + "\" }, auc { hostapd { path = \""
                + run.resolve("auc.sock") + "\" } } }");

        Path etc = Files.createDirectories(dir.resolve("etc-hostapd"));
        for (String name : List.of("simgate-as.conf", "simgate-as.eap_user", "simgate-as.radius_clients",
                "eapol_test-aka.conf", "eapol_test-aka-prime.conf", "eapol_test-sim.conf")) {
            Files.copy(EXAMPLES.resolve(name), etc.resolve(name));
        }
        namespace = new ProcessBuilder("unshare", "--net", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                "ip link set lo up && mount -t tmpfs simgate-test /run && mkdir /run/simgate"
                        + " && mount --bind \"$0\" /run/simgate && mount --bind \"$1\" /etc/hostapd && echo up && exec cat",
                run.toString(), etc.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(namespace.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertEquals("up", first, "the namespaces for hostapd and eapol_test: " + first);

        hostapdLog = dir.resolve("hostapd.log");
        // -K: hostapd prints keys, so its MSK can be compared (a test's throwaway keys)
        hostapd = inNamespace("hostapd", "-dd", "-K", "/etc/hostapd/simgate-as.conf")
                .redirectErrorStream(true).redirectOutput(hostapdLog.toFile()).start();
        RunningGateway.awaitTrue(() -> read(hostapdLog).contains("Setup of interface done.") || !hostapd.isAlive(),
                Duration.ofSeconds(20), () -> "hostapd did not start its RADIUS server:\n" + tail(read(hostapdLog)));
        assertTrue(hostapd.isAlive(), () -> "hostapd ended:\n" + tail(read(hostapdLog)));
    }

    private Result eapolTest(String config) throws Exception {
        Path log = dir.resolve(config + ".log");
        ProcessBuilder builder = inNamespace("eapol_test", "-c", "/etc/hostapd/" + config, "-a", "127.0.0.1", "-s", SECRET,
                "-t", "30").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PCSCLITE_CSOCK_NAME", System.getenv("PCSCLITE_CSOCK_NAME"));
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "eapol_test did not end within 60 s");
        return new Result(process.exitValue(), Files.readString(log));
    }

    private ProcessBuilder inNamespace(String... program) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--target", Long.toString(namespace.pid()), "--net",
                "--mount", "--"));
        command.addAll(List.of(program));
        return new ProcessBuilder(command);
    }

    /** A card SQN state file whose every IND holds SEQ {@code seq}: any AuC starting low is behind it. */
    private Path cardStateAhead(long seq) throws IOException {
        StringBuilder body = new StringBuilder("simgate-sqn-state 1\nseq");
        for (int i = 0; i < 32; i++) {
            body.append(' ').append(String.format("%011x", seq));
        }
        body.append('\n');
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        Path file = dir.resolve("card.sqn");
        Files.writeString(file, body + "crc32 " + String.format("%08x", crc.getValue()) + "\n");
        return file;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
