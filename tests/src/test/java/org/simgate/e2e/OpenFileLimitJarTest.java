package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar simgate.jar} under {@code ulimit -n 2048}: the listeners' connection budgets
 * (3200 with the defaults, plus 256) do not fit, and the start is refused with one line that adds
 * them up; budgets that fit start.
 */
class OpenFileLimitJarTest {
    @TempDir
    Path dir;

    private Process start(String settings) throws Exception {
        return run(settings, "-c");
    }

    private Process run(String settings, String option) throws Exception {
        Path config = dir.resolve("simgate.conf");
        Files.writeString(config, "simgate {\n http.port = 0\n https.port = 0\n line.port = 0\n management.port = 0\n"
                + " https.self-signed-dir = " + ConfigUtil.quoteString(dir.resolve("tls").toString()) + "\n"
                + settings + "\n}\n" + RunningGateway.slots(TestCard.SET_1.inSlot(0, "", "")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder("bash", "-c", "ulimit -n 2048 && exec \"$0\" -jar \"$1\" \"$2\" \"$3\"", java,
                GatewayJarTest.jar().toString(), option, config.toString())
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Test
    void budgetsBeyondTheOpenFileLimitStopTheStart() throws Exception {
        assertRefused(start(""));
    }

    /** --check-config runs the start's checks: it refuses what the start would. */
    @Test
    void theCheckRefusesBudgetsBeyondTheOpenFileLimitToo() throws Exception {
        assertRefused(run("", "--check-config"));
    }

    private static void assertRefused(Process process) throws Exception {
        GatewayJarTest.Log log = new GatewayJarTest.Log();
        log.follow(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "simgate should have stopped:\n" + log.text());
        log.awaitEnd();
        assertEquals(2, process.exitValue(), log.text());
        assertTrue(log.text().contains("simgate: invalid configuration: ") && log.text().contains(
                "the listeners may hold 3200 connections "
                + "(simgate.http (simgate.rest.max-connections) 1024 + simgate.https (simgate.rest.max-connections) 1024 "
                + "+ simgate.line.max-connections 1024 + simgate.management.max-connections 128) plus 256 other open "
                + "files, but this process may open only 2048 files (ulimit -n): lower those max-connections or raise "
                + "the limit (systemd: LimitNOFILE)"), log.text());
    }

    @Test
    void budgetsThatFitStart() throws Exception {
        Process process = start(" rest.max-connections = 512\n line.max-connections = 256\n");
        GatewayJarTest.Log log = new GatewayJarTest.Log();
        log.follow(process);
        try {
            assertTrue(log.ready.await(60, TimeUnit.SECONDS), "simgate did not start:\n" + log.text());
        } finally {
            process.toHandle().destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
