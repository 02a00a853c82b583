package org.simgate.security.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared keys from the key file, re-read when the file's content changes. A new file that
 * cannot be used keeps the keys in force and logs one line (naming the key, never a value); a good
 * one replaces the whole ring at once, so a request sees either the old keys or the new, never a mix.
 *
 * <p>A key that ends — removed from the file (with its group or alone), its secret or client
 * changed, revoked there, or past its expiry — is told to the {@link #onEnded} listeners, so that
 * the connections it opened close at once: after the reload that ended it, or for an expiry at the
 * first poll after it. A key that stays as it was is never told, whatever else the file changed.
 */
public final class SharedKeyStore implements Supplier<KeyRing> {
    private static final Logger log = LoggerFactory.getLogger(SharedKeyStore.class);

    private final Path file;
    private final Function<String, String> environment;
    private final Clock clock;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    private final List<Consumer<String>> endedListeners = new CopyOnWriteArrayList<>();
    /** The keys that verified at the last look, by id (guarded by this). */
    private Map<String, SharedKey> usable;

    private record Loaded(KeyRing ring, byte[] sha256) {
    }

    /** Reads {@code file} now: a file that cannot be used stops the start (the error names the key). */
    public SharedKeyStore(Path file, Function<String, String> environment) throws KeyFileError {
        this(file, environment, Clock.systemUTC());
    }

    /** @param clock what expiries are checked against (the one signatures are checked against) */
    public SharedKeyStore(Path file, Function<String, String> environment, Clock clock) throws KeyFileError {
        this.file = Objects.requireNonNull(file, "file");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.clock = Objects.requireNonNull(clock, "clock");
        byte[] content = read();
        KeyRing ring = KeyFile.parse(file.getFileName().toString(), content, environment);
        loaded.set(new Loaded(ring, sha256(content)));
        usable = ring.usableAt(clock.instant());
    }

    /**
     * Tells {@code listener} the id of each key that ends (removed, changed, revoked, expired), on
     * the thread that reloads or polls the file, after the new keys are in force. It must not block.
     */
    public void onEnded(Consumer<String> listener) {
        endedListeners.add(Objects.requireNonNull(listener, "listener"));
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
            endWhatStopped();
            return true;
        } catch (KeyFileError e) {
            // remember the bad content so that it is reported once, not on every poll
            loaded.set(new Loaded(current.ring(), hash));
            log.error("key file not reloaded, the keys in force stay: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Tells the listeners every key that verified at the last look and does not now: gone from
     * the ring, another secret or client, revoked, or expired since.
     */
    synchronized void endWhatStopped() {
        Instant now = clock.instant();
        Map<String, SharedKey> next = get().usableAt(now);
        List<String> ended = new ArrayList<>();
        usable.forEach((id, before) -> {
            SharedKey after = next.get(id);
            if (after == null || !after.sameCredentialAs(before)) {
                ended.add(id);
            }
        });
        usable = next;
        for (String keyId : ended) {
            log.info("shared key {} no longer verifies (removed from the key file, changed, revoked or expired)", keyId);
            for (Consumer<String> listener : endedListeners) {
                try {
                    listener.accept(keyId);
                } catch (RuntimeException e) {
                    log.error("a listener failed on the end of key {}: {}", keyId, e.getClass().getSimpleName());
                }
            }
        }
    }

    /**
     * Polls the file every {@code interval} on a daemon thread, and ends the keys that expired
     * since the last poll; close the result to stop. Polling rather than a WatchService: it sees a
     * file replaced by rename or through a symlink (config management, Kubernetes secrets) on every
     * filesystem.
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
                if (!reloadIfChanged()) {
                    endWhatStopped(); // a key may have expired since the last poll
                }
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
