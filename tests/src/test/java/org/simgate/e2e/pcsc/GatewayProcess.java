package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.simgate.e2e.GatewayJarTest;

/**
 * {@code java -jar gateway/target/simgate.jar -c FILE} as a process of its own, for tests that stop
 * it the way an operator or systemd does (SIGTERM) while a card or modem is in the middle of a
 * request. Plain HTTP on an ephemeral port; its log (stderr) is followed line by line.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final GatewayJarTest.Log log = new GatewayJarTest.Log();

    private GatewayProcess(Process process) {
        this.process = process;
        log.follow(process);
    }

    /** Starts the jar on {@code hocon} (after the listener settings) and waits until it is ready. */
    public static GatewayProcess start(Path dir, String hocon) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path config = dir.resolve("simgate.conf");
        Files.writeString(config, "simgate { http.port = 0, https.enabled = false, line.port = 0, management.port = 0 }\n"
                + hocon);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GatewayJarTest.jar().toString(), "-c", config.toString())
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        GatewayProcess gateway = new GatewayProcess(process);
        if (!gateway.log.ready.await(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("simgate did not start:\n" + gateway.log());
        }
        return gateway;
    }

    /** A POST of {@code json} to {@code path}, answered (or failed) in the background. */
    public CompletableFuture<HttpResponse<String>> post(String path, String json) {
        return HTTP.sendAsync(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + log.httpPort + path);
    }

    /** SIGTERM, as systemctl stop sends it (through the handle: Process.destroy() would close our end of its stderr). */
    public void sigterm() {
        assertTrue(process.toHandle().destroy(), "SIGTERM not sent");
    }

    /** Whether the process ended within {@code within}. */
    public boolean awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Everything it logged so far; once it has exited, everything it logged. */
    public String log() {
        if (!process.isAlive()) {
            try {
                log.awaitEnd();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return log.text();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
