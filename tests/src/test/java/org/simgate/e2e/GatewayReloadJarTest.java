package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;

/**
 * {@code java -jar simgate.jar -c FILE} reloads FILE on SIGHUP and, with
 * {@code simgate.reload.watch-file}, when FILE changes; the slot's lines name it ({@code slot=N}).
 */
class GatewayReloadJarTest {

    private static String config(boolean watch, String slots) {
        return "simgate {\n http.port = 0\n https.enabled = false\n line.port = 0\n management.port = 0\n"
                + " reload.watch-file = " + watch + "\n}\n" + slots;
    }

    private static void replace(Path file, String content) throws Exception {
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Process start(Path dir, Path file, GatewayJarTest.Log log) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GatewayJarTest.jar().toString(), "-c", file.toString())
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        log.follow(process);
        assertTrue(log.ready.await(60, TimeUnit.SECONDS), "simgate did not start:\n" + log.text());
        return process;
    }

    private static void awaitLine(GatewayJarTest.Log log, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!log.text().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no line with '" + text + "':\n" + log.text());
            Thread.sleep(50);
        }
    }

    private static void stop(Process process, GatewayJarTest.Log log) throws Exception {
        process.toHandle().destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "simgate did not stop:\n" + log.text());
        log.awaitEnd();
        assertEquals(0, process.exitValue(), log.text());
    }

    private static void assertAnswers(GatewayJarTest.Log log, int slot, TestCard card) {
        AuthenticationVector v = card.challenge(TestCard.sqn(1, 0));
        Http.Response answer = new Http(null).post(
                URI.create("http://127.0.0.1:" + log.httpPort + "/sim-auth-api/v1/slot/" + slot), SimAuthApiTest.body(v));
        assertEquals(SimAuthApiTest.success(v), answer.body(), answer.toString());
    }

    @Test
    void sighupReloadsTheFileAndTheNewSlotsLinesNameIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, config(false, RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""))));
        GatewayJarTest.Log log = new GatewayJarTest.Log();
        Process process = start(dir, file, log);
        try {
            replace(file, config(false, RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""),
                    TestCard.SET_2.inSlot(2, "name = \"hung up\"", ""))));
            Thread.sleep(1_000);
            assertTrue(!log.text().contains("reload:"), "watch-file = false: no reload without the signal\n" + log.text());

            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            awaitLine(log, "reload: added [2], removed [], restarted [], unchanged [0]");
            assertAnswers(log, 2, TestCard.SET_2);
            assertTrue(log.text().matches("(?s).* slot=2 \\S+ - hung up: added by a reload .*"), log.text());
            assertTrue(log.text().matches("(?s).*\\[slot-2\\] slot=2 .*"), "the slot's own thread: " + log.text());
        } finally {
            stop(process, log);
            process.destroyForcibly();
        }
    }

    @Test
    void aChangeOfTheFileReloadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, config(true, RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""))));
        GatewayJarTest.Log log = new GatewayJarTest.Log();
        Process process = start(dir, file, log);
        try {
            assertAnswers(log, 0, TestCard.SET_1);
            replace(file, config(true, RunningGateway.slots(TestCard.SET_2.inSlot(0, "", ""))));
            awaitLine(log, "reload: added [], removed [], restarted [0], unchanged []");
            assertAnswers(log, 0, TestCard.SET_2);

            replace(file, config(true, RunningGateway.slots(TestCard.SET_2.inSlot(0, "", "k = \"00\""))));
            awaitLine(log, "reload refused, the running configuration stays: invalid configuration: "
                    + "simgate.slots[0].simcard.k");
            assertTrue(log.text().lines().noneMatch(l -> l.contains(TestCard.SET_2.k())), "no key in the log");
        } finally {
            stop(process, log);
            process.destroyForcibly();
        }
    }
}
