package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * stunnel as docs/pcsc.md configures it: a TLS terminator beside vpcd, between it and simgate's
 * relay. It runs in the foreground with the recipe's service section, its log in a file the test
 * reads.
 */
final class Stunnel implements AutoCloseable {
    private final Process process;
    private final Path log;

    private Stunnel(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Skips the calling test unless stunnel is installed (scripts/test installs Debian's stunnel4). */
    static void assumeInstalled() {
        boolean installed;
        try {
            Process stunnel = new ProcessBuilder("stunnel", "-version").redirectErrorStream(true).start();
            stunnel.getInputStream().readAllBytes();
            installed = stunnel.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            installed = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assumeTrue(installed, "stunnel is not installed (Debian: stunnel4)");
    }

    /**
     * stunnel with {@code service} (the recipe's section, as written in /etc/stunnel/vpcd.conf) in
     * {@code dir}, once it listens.
     */
    static Stunnel start(Path dir, String service) {
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve("stunnel.log");
            Path conf = dir.resolve("vpcd.conf");
            // what the Debian service's defaults do elsewhere: no daemon, no pid file, a log of our own
            Files.writeString(conf, "foreground = yes\npid =\noutput = " + log + "\ndebug = info\n\n" + service);
            Process process = new ProcessBuilder("stunnel", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stunnel.out").toFile()))
                    .start();
            Stunnel stunnel = new Stunnel(process, log);
            RunningGateway.awaitTrue(() -> !process.isAlive() || stunnel.log().contains("Configuration successful"),
                    Duration.ofSeconds(5), () -> "stunnel did not start: " + stunnel.log());
            if (!process.isAlive()) {
                throw new IllegalStateException("stunnel exited with " + process.exitValue() + ": " + stunnel.log()
                        + Files.readString(dir.resolve("stunnel.out")));
            }
            return stunnel;
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

    @Override
    public void close() {
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
