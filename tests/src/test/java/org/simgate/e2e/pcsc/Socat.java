package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * socat as docs/pcsc.md runs it: a TLS terminator beside vpcd, between it and simgate's relay. Its
 * {@code -d -d} log goes to a file the test reads (listening, handshakes refused).
 */
final class Socat implements AutoCloseable {
    private final Process process;
    private final Path log;

    private Socat(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Skips the calling test unless socat is installed with OpenSSL (scripts/test installs Debian's, which is). */
    static void assumeInstalledWithOpenssl() {
        String version;
        try {
            Process socat = new ProcessBuilder("socat", "-V").redirectErrorStream(true).start();
            version = new String(socat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            socat.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            version = "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assumeTrue(version.contains("WITH_OPENSSL 1"), "socat with OpenSSL is not installed (Debian: socat)");
    }

    /** {@code socat -d -d first second}, once it listens on {@code first}'s port. */
    static Socat listening(Path log, String first, String second) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder("socat", "-d", "-d", first, second)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Socat socat = new Socat(process, log);
            RunningGateway.awaitTrue(() -> !process.isAlive() || socat.log().contains(" listening on "),
                    Duration.ofSeconds(5), () -> "socat did not listen: " + socat.log());
            if (!process.isAlive()) {
                throw new IllegalStateException("socat exited with " + process.exitValue() + ": " + socat.log());
            }
            return socat;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of its log with socat's error level ({@code E}). */
    List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (String line : log().split("\n")) {
            if (line.contains(" E ")) {
                errors.add(line);
            }
        }
        return errors;
    }

    /** The listener and the children it forked for connections still open. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
