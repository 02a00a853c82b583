package org.simgate.security.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared keys from the key file, re-read when the file's content changes. A new file that
 * cannot be used keeps the keys in force and logs one line (naming the key, never a value); a good
 * one replaces the whole ring at once, so a request sees either the old keys or the new, never a mix.
 */
public final class SharedKeyStore implements Supplier<KeyRing> {
    private static final Logger log = LoggerFactory.getLogger(SharedKeyStore.class);

    private final Path file;
    private final Function<String, String> environment;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();

    private record Loaded(KeyRing ring, byte[] sha256) {
    }

    /** Reads {@code file} now: a file that cannot be used stops the start (the error names the key). */
    public SharedKeyStore(Path file, Function<String, String> environment) throws KeyFileError {
        this.file = Objects.requireNonNull(file, "file");
        this.environment = Objects.requireNonNull(environment, "environment");
        byte[] content = read();
        loaded.set(new Loaded(KeyFile.parse(file.getFileName().toString(), content, environment), sha256(content)));
    }

    @Override
    public KeyRing get() {
        return loaded.get().ring();
    }

    /**
     * Re-reads the file if its content changed. Returns true when new keys are in force; on an
     * unreadable or invalid file logs one line and keeps the old keys.
     */
    public boolean reloadIfChanged() {
        byte[] content;
        try {
            content = read();
        } catch (KeyFileError e) {
            log.error("key file not reloaded, the keys in force stay: {}", e.getMessage());
            return false;
        }
        byte[] hash = sha256(content);
        Loaded current = loaded.get();
        if (Arrays.equals(hash, current.sha256())) {
            return false;
        }
        try {
            KeyRing ring = KeyFile.parse(file.getFileName().toString(), content, environment);
            loaded.set(new Loaded(ring, hash));
            log.info("key file {} reloaded: {} keys in groups {}", file, ring.size(), ring.groups());
            return true;
        } catch (KeyFileError e) {
            // remember the bad content so that it is reported once, not on every poll
            loaded.set(new Loaded(current.ring(), hash));
            log.error("key file not reloaded, the keys in force stay: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Polls the file every {@code interval} on a daemon thread; close the result to stop. Polling
     * rather than a WatchService: it sees a file replaced by rename or through a symlink (config
     * management, Kubernetes secrets) on every filesystem.
     */
    public AutoCloseable watch(Duration interval) {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "simgate-key-file");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        poller.scheduleWithFixedDelay(() -> {
            try {
                reloadIfChanged();
            } catch (RuntimeException e) {
                log.error("key file poll failed: {}", e.getClass().getSimpleName());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return poller::shutdownNow;
    }

    private byte[] read() throws KeyFileError {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyFileError(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SharedKeyStore[" + file + ", " + get() + "]";
    }
}
