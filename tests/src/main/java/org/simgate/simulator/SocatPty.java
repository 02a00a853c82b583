package org.simgate.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by socat, {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}:
 * what is written to one link is read from the other, as over a null-modem cable. The links are
 * symlinks to /dev/pts/N; socat removes them when it stops. Stopping it is what a USB unplug looks
 * like to whoever has the other end open: reads fail with EIO and the device path disappears.
 */
public final class SocatPty implements AutoCloseable {
    private static final long START_MILLIS = 10_000;

    private final Process socat;
    private final Path modemLink;
    private final Path dteLink;

    private SocatPty(Process socat, Path modemLink, Path dteLink) {
        this.socat = socat;
        this.modemLink = modemLink;
        this.dteLink = dteLink;
    }

    /**
     * Starts socat and returns once it is ready: both links exist and socat has set both ptys up.
     * Its log goes to {@code log} (appended).
     *
     * <p>The links alone are not enough: socat makes each link before it applies {@code raw,echo=0}
     * to that pty, and applying them resets the pty's VMIN/VTIME to raw's 1 and 0. A port opened and
     * configured in between (jSerialComm sets VMIN 0, VTIME 1 for 100 ms read slices) is then left
     * with reads that block until a byte comes, which a busy machine made happen: a test hung in a
     * read of a modem that had nothing more to say. socat logs "starting data transfer loop" once
     * both addresses are set up.
     */
    public static SocatPty start(Path modemLink, Path dteLink, Path log) throws IOException {
        Process process = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + modemLink, "pty,raw,echo=0,link=" + dteLink)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        SocatPty pty = new SocatPty(process, modemLink, dteLink);
        String ready = "socat[" + process.pid() + "] N starting data transfer loop";
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (!(Files.exists(modemLink) && Files.exists(dteLink) && Files.readString(log).contains(ready))) {
            if (!process.isAlive()) {
                throw new IOException("socat exited with " + process.exitValue() + " (see " + log + ")");
            }
            if (System.nanoTime() - deadline > 0) {
                pty.close();
                throw new IOException("socat did not set up its ptys within " + START_MILLIS + " ms (see " + log + ")");
            }
            sleep(2);
        }
        return pty;
    }

    public Path modemLink() {
        return modemLink;
    }

    public Path dteLink() {
        return dteLink;
    }

    public long pid() {
        return socat.pid();
    }

    public boolean isAlive() {
        return socat.isAlive();
    }

    /** Stops socat (SIGTERM, then SIGKILL after 2 s) and waits until it has gone and its links with it. */
    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(2, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // SIGKILL leaves the links behind; a stale link would look like a modem that is back
        try {
            Files.deleteIfExists(modemLink);
            Files.deleteIfExists(dteLink);
        } catch (IOException e) {
            // nothing better to do: the next start replaces them
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
