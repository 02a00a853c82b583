package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;

/**
 * {@code java -jar simgate.jar -c FILE} and {@code --check-config FILE} as processes of their own: a
 * config the start refuses ends it at once with exit status 2 and one line naming the file, line and
 * key (never a stack trace, never a value), the check refuses exactly what the start refuses, and a
 * second gateway on a card's SQN state file refuses to start.
 */
class ConfigCheckJarTest {
    /** Ephemeral ports, no HTTPS: what each test adds is the only thing that can be wrong. */
    private static final String LISTENERS = "simgate {\n  http.port = 0\n  https.enabled = false\n  line.port = 0\n"
            + "  management.port = 0\n}\n";

    @TempDir
    Path dir;

    /** How a run ended: it exited (status, stdout, stderr), or it started serving (and was stopped). */
    record Run(boolean served, int status, String out, String err) {
        @Override
        public String toString() {
            return (served ? "started serving" : "exit " + status) + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }

        /** The lines of stderr. */
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** Runs the jar with {@code args} in {@code dir}; a process that reports "simgate ready" is stopped. */
    private Run simgate(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", GatewayJarTest.jar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        process.getOutputStream().close();
        CompletableFuture<String> out = ExternalProcess.drain(process.getInputStream());
        StringBuilder err = new StringBuilder();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (err) {
                        err.append(line).append('\n');
                    }
                    if (line.endsWith("simgate ready")) {
                        ready.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (process.isAlive() && ready.getCount() > 0 && System.nanoTime() < deadline) {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
            boolean served = process.isAlive();
            if (served) {
                process.toHandle().destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            reader.join(10_000);
            synchronized (err) {
                return new Run(served, served ? -1 : process.exitValue(), out.get(10, TimeUnit.SECONDS), err.toString());
            }
        } finally {
            process.destroyForcibly();
        }
    }

    private Run simgate(String... args) throws Exception {
        return simgate(List.of(), args);
    }

    /** Refused by the start and by the check alike: exit 2, and the same one line on stderr. */
    private String refusedByStartAndCheck(List<String> jvmOptions, Path config) throws Exception {
        Run start = simgate(jvmOptions, "-c", config.toString());
        assertFalse(start.served(), "it must not start: " + start);
        assertEquals(2, start.status(), start.toString());
        assertEquals(1, start.errLines().size(), "one line, no stack trace: " + start);
        Run check = simgate(jvmOptions, "--check-config", config.toString());
        assertEquals(2, check.status(), check.toString());
        assertEquals(start.err(), check.err(), "the check says what the start says");
        assertEquals("", check.out(), check.toString());
        return start.errLines().get(0);
    }

    private String refusedByStartAndCheck(Path config) throws Exception {
        return refusedByStartAndCheck(List.of(), config);
    }

    @Test
    void aBindSpeltLikeLoopbackThatResolvesBeyondItIsRefusedWithoutAuthentication() throws Exception {
        // the JDK's name service reads this file instead of the system's: 127.lab.example is every interface
        Path hosts = write("hosts", "0.0.0.0 127.lab.example\n127.0.0.1 localhost\n");
        Path config = write("simgate.conf", LISTENERS + "simgate.slots = []\nsimgate.http.bind = \"127.lab.example\"\n");
        String line = refusedByStartAndCheck(List.of("-Djdk.net.hosts.file=" + hosts), config);
        assertEquals("simgate: invalid configuration: simgate.auth.required: simgate.http listen beyond this host with "
                + "no client authentication: set simgate.auth.required = true with keys (docs/security.md), or = false "
                + "to accept that anyone who reaches them uses every card", line);
    }

    @Test
    void aMisspeltAuthRequiredStopsTheStartInsteadOfRunningWithoutAuthentication() throws Exception {
        Path config = write("simgate.conf", LISTENERS + "simgate.slots = []\nsimgate {\n  auth {\n    requried = true\n"
                + "  }\n}\n");
        assertEquals("simgate: invalid configuration: " + config + ":10: simgate.auth.requried: unknown key (did you mean "
                + "required?)", refusedByStartAndCheck(config));
    }

    @Test
    void misspeltSlotKeysStopTheStart() throws Exception {
        Path config = write("simgate.conf", LISTENERS + RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "allow-apud = true", "sqn-check = false"),
                TestCard.SET_2.inSlot(1, "", "sqn-chek = false")));
        assertEquals("simgate: invalid configuration: " + config + ":11: simgate.slots[0].allow-apud: unknown key (did "
                + "you mean allow-apdu?); also unknown: simgate.slots[1].simcard.sqn-chek", refusedByStartAndCheck(config));
    }

    @Test
    void aCommaMissingBeforeAnObjectIsOneLineNotAStackTrace() throws Exception {
        Path config = write("simgate.conf", LISTENERS + "simgate.slots = [\n  {\n    id = 0, transport = simcard\n"
                + "    simcard {\n      imsi = \"001010000000001\", iccid = \"8988211000000000011\"\n"
                + "      k = \"" + TestCard.SET_1.k() + "\", opc = \"" + TestCard.SET_1.opc() + "\"\n"
                + "      state-file = \"var/slot0.sqn\" isim { impi = \"001010000000001@ims.example\" }\n    }\n  }\n]\n");
        String line = refusedByStartAndCheck(config);
        assertEquals("simgate: invalid configuration: " + config + ":13: simgate.slots[0].simcard.state-file: a value and "
                + "an object or list run together: a comma or a new line is missing between them (or a key before the "
                + "{ or [)", line);
    }

    @Test
    void aMissingCloseBraceSaysSo() throws Exception {
        Path config = write("simgate.conf", "simgate {\n  http {\n    port = 0\n\n  line.port = 0\n}\n");
        assertEquals("simgate: invalid configuration: " + config + ":2: simgate.http: a } is missing: the { opened on "
                + "this line is not closed before the } on line 6, which by its indentation closes an outer one",
                refusedByStartAndCheck(config));
    }

    @Test
    void theCheckRefusesAnOpenListenerWithoutAuthenticationAsTheStartDoes() throws Exception {
        Path config = write("simgate.conf", LISTENERS + "simgate.slots = []\nsimgate.http.bind = \"0.0.0.0\"\n");
        assertTrue(refusedByStartAndCheck(config).startsWith("simgate: invalid configuration: simgate.auth.required: "
                + "simgate.http listen beyond this host with no client authentication"));
    }

    @Test
    void theCheckRefusesTlsFilesThatCannotBeUsed() throws Exception {
        Path config = write("simgate.conf", LISTENERS + "simgate.slots = []\nsimgate.https {\n  enabled = true\n"
                + "  port = 0\n  cert = \"missing/cert.pem\"\n  key = \"missing/key.pem\"\n}\n");
        String line = refusedByStartAndCheck(config);
        assertEquals("simgate: invalid configuration: " + config + ":11: simgate.https.cert: missing/cert.pem: not found "
                + "or not readable", line);
    }

    @Test
    void twoSlotsOnOneStateFileHoweverSpeltAreRefused() throws Exception {
        Path config = write("simgate.conf", LISTENERS + RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "", "state-file = \"var/a.sqn\""),
                TestCard.SET_2.inSlot(1, "", "state-file = \"var/../var/a.sqn\"")));
        assertEquals("simgate: invalid configuration: " + config + ":29: simgate.slots[1].simcard.state-file: slot 1 names "
                + "the SQN state file of slot 0 (var/../var/a.sqn): each card would overwrite the other's SQN memory and "
                + "accept replayed challenges; give each its own", refusedByStartAndCheck(config));
        assertFalse(Files.exists(dir.resolve("var/a.sqn")), "refused before any card was made");
    }

    @Test
    void aValidFileIsValid() throws Exception {
        Path config = write("simgate.conf", LISTENERS + RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "", "state-file = \"var/a.sqn\"")));
        Run check = simgate("--check-config", config.toString());
        assertEquals(0, check.status(), check.toString());
        assertEquals("simgate: " + config + " is valid (1 slots)\n", check.out());
        assertFalse(Files.exists(dir.resolve("var/a.sqn")), "the check creates no state file");
    }

    @Test
    void aSecondGatewayOnTheSameStateFileRefusesToStartAndTheFirstKeepsServing() throws Exception {
        Path stateFile = dir.resolve("var/slot0.sqn");
        Path config = write("simgate.conf", LISTENERS + RunningGateway.slots(
                TestCard.SET_1.inSlot(0, "", "state-file = " + ConfigUtil.quoteString(stateFile.toString()))));
        GatewayJarTest.Log firstLog = new GatewayJarTest.Log();
        Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GatewayJarTest.jar().toString(), "-c", config.toString())
                .directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        firstLog.follow(first);
        try {
            assertTrue(firstLog.ready.await(60, TimeUnit.SECONDS), "the first did not start:\n" + firstLog.text());
            assertAnswers(firstLog.httpPort, TestCard.sqn(1, 0));

            Run second = simgate("-c", config.toString());
            assertFalse(second.served(), "a second gateway on the same state file must not start: " + second);
            assertEquals(1, second.status(), second.toString());
            assertTrue(second.err().contains("simgate could not start: slot 0: SQN state file " + stateFile
                    + " is in use by another process (a second simgate?)"), second.toString());

            assertAnswers(firstLog.httpPort, TestCard.sqn(2, 0)); // the first one serves on, its state untouched
        } finally {
            first.toHandle().destroy();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the first did not stop:\n" + firstLog.text());
            first.destroyForcibly();
        }
        // stopped, it let the file go: the next gateway starts on it, with its SQN memory
        Run next = simgate("-c", config.toString());
        assertTrue(next.served(), next.toString());
    }

    @Test
    void aBadSubscriberRowIsRefusedByStartAndCheckNamingTheFilesLineAndColumn() throws Exception {
        write("subscribers.csv", "imsi,k,opc\n001010000000101," + TestCard.SET_1.k() + ",cd63cb71\n");
        Path config = write("simgate.conf", LISTENERS + "simgate.slots = []\nsimgate.subscribers.file = \"subscribers.csv\"\n");
        String line = refusedByStartAndCheck(config);
        assertEquals("simgate: invalid configuration: subscribers.csv:2: opc: must be 32 hex characters (16 bytes)", line);
        assertFalse(line.contains(TestCard.SET_1.k()));
    }

    @Test
    void aSecondGatewayOnTheSameSubscriberJournalRefusesToStart() throws Exception {
        write("subscribers.csv", "imsi,k,opc\n001010000000101," + TestCard.SET_1.k() + "," + TestCard.SET_1.opc() + "\n");
        Path config = write("simgate.conf", LISTENERS + "simgate.slots = []\nsimgate.subscribers.file = \"subscribers.csv\"\n");
        GatewayJarTest.Log firstLog = new GatewayJarTest.Log();
        Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GatewayJarTest.jar().toString(), "-c", config.toString())
                .directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        firstLog.follow(first);
        try {
            assertTrue(firstLog.ready.await(60, TimeUnit.SECONDS), "the first did not start:\n" + firstLog.text());
            Run second = simgate("-c", config.toString());
            assertFalse(second.served(), "a second gateway on the same journal must not start: " + second);
            assertEquals(1, second.status(), second.toString());
            assertTrue(second.err().contains("simgate could not start: SQN journal ")
                    && second.err().contains("var/subscribers.sqn is in use by another process"), second.toString());
        } finally {
            first.toHandle().destroy();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the first did not stop:\n" + firstLog.text());
            first.destroyForcibly();
        }
    }

    private static void assertAnswers(int httpPort, long sqn) {
        AuthenticationVector v = TestCard.SET_1.challenge(sqn);
        Http.Response answer = new Http(null).post(URI.create("http://127.0.0.1:" + httpPort + "/sim-auth-api/v1/slot/0"),
                SimAuthApiTest.body(v));
        assertEquals(SimAuthApiTest.success(v), answer.body(), answer.toString());
    }
}
