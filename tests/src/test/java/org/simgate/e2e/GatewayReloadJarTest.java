package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        return start(dir, log, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GatewayJarTest.jar().toString(), "-c", file.toString());
    }

    private static Process start(Path dir, GatewayJarTest.Log log, String... command) throws Exception {
        Process process = new ProcessBuilder(command)
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

    /** The management port the gateway's log names. */
    private static int managementPort(GatewayJarTest.Log log) {
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("management listening on http://127\\.0\\.0\\.1:(\\d+)")
                .matcher(log.text());
        assertTrue(port.find(), log.text());
        return Integer.parseInt(port.group(1));
    }

    /**
     * {@code systemctl reload} right after {@code start}: the JVM's own SIGHUP action is to exit
     * (129), so the handler is in place before the gateway starts, and a signal that comes during
     * the start is applied once the gateway is ready.
     */
    @Test
    void aSighupDuringTheStartIsAppliedOnceReady(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, config(false, RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""))));
        GatewayJarTest.Log log = new GatewayJarTest.Log();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GatewayJarTest.jar().toString(), "-c", file.toString())
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        log.follow(process);
        try {
            awaitLine(log, "card present"); // the slots start before the listeners and "simgate ready"
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(log.ready.await(60, TimeUnit.SECONDS), "simgate did not start:\n" + log.text());
            awaitLine(log, "reload: added [], removed [], restarted [], unchanged [0]");
            assertTrue(process.isAlive(), log.text());
            assertAnswers(log, 0, TestCard.SET_1);
        } finally {
            stop(process, log);
            process.destroyForcibly();
        }
    }

    @Test
    void aSighupThatIsIgnoredIsSaidAtStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, config(true, RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""))));
        GatewayJarTest.Log log = new GatewayJarTest.Log();
        // as nohup starts it: SIGHUP ignored, which the JVM keeps (it never calls a handler for it)
        Process process = start(dir, log, "sh", "-c", "trap '' HUP; exec \"$0\" -jar \"$1\" -c \"$2\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), GatewayJarTest.jar().toString(),
                file.toString());
        try {
            assertTrue(log.text().contains("SIGHUP is ignored in this process (started under nohup?): it will not reload "
                    + file + "; reload with POST /admin/v1/reload or by saving " + file), log.text());
        } finally {
            stop(process, log);
            process.destroyForcibly();
        }
    }

    /**
     * A save followed at once by {@code POST /admin/v1/reload} (or SIGHUP) reloads once: the file
     * watch sees that the reload already read what was saved.
     */
    @Test
    void anAdminReloadAfterASaveIsNotFollowedByTheWatchReloadingItAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, config(true, RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""))));
        GatewayJarTest.Log log = new GatewayJarTest.Log();
        Process process = start(dir, file, log);
        try {
            URI reload = URI.create("http://127.0.0.1:" + managementPort(log) + "/admin/v1/reload");
            boolean decided = false;
            for (int attempt = 2; attempt <= 6 && !decided; attempt++) {
                int before = log.text().length();
                replace(file, config(true, RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""),
                        TestCard.SET_2.inSlot(attempt, "", ""))));
                Http.Response answer = new Http(null).post(reload, "");
                assertEquals(200, answer.status(), answer.toString());
                if (log.text().substring(before).contains("changed: reloading")) {
                    continue; // the watch read the save before our reload did (a busy machine): try again
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!decided) {
                    String since = log.text().substring(before);
                    assertFalse(since.contains("changed: reloading"), "the watch reloaded what the admin reload had "
                            + "already applied:\n" + since);
                    decided = since.contains("changed, and a reload has already read this content: no second reload");
                    assertTrue(decided || System.nanoTime() < deadline, "the watch never looked:\n" + since);
                    Thread.sleep(50);
                }
                assertEquals(1, log.text().substring(before).split("reload: added", -1).length - 1,
                        "one reload for one save:\n" + log.text().substring(before));
            }
            assertTrue(decided, "the watch always won the race:\n" + log.text());
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
                    + file + ":18: simgate.slots[0].simcard.k: must be 32 hex characters (16 bytes)");
            assertTrue(log.text().lines().noneMatch(l -> l.contains(TestCard.SET_2.k())), "no key in the log");
        } finally {
            stop(process, log);
            process.destroyForcibly();
        }
    }
}
