package org.simgate.gateway;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@code onChange} when the config file's content changes. It watches the file's directory,
 * not the file: editors that write a temporary file and rename it over the original replace the
 * inode a file watch would follow, and Kubernetes swaps a symlink. Any event in the directory
 * starts a quiet period ({@link #DEBOUNCE_MILLIS}); once nothing more happened, the file is read and
 * compared with what was last seen, so a save in several writes reloads once and a touch not at all.
 */
final class ConfigFileWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigFileWatch.class);
    static final long DEBOUNCE_MILLIS = 500;

    private final Path file;
    private final Runnable onChange;
    private final WatchService watcher;
    private final Thread thread;
    private byte[] lastSeen;

    private ConfigFileWatch(Path file, Runnable onChange) throws IOException {
        this.file = file.toAbsolutePath();
        this.onChange = onChange;
        this.lastSeen = digest();
        this.watcher = FileSystems.getDefault().newWatchService();
        Path directory = this.file.getParent();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = new Thread(this::run, "config-watch");
        thread.setDaemon(true);
    }

    /** Starts watching {@code file}; {@code onChange} runs on the watch thread. */
    static ConfigFileWatch start(Path file, Runnable onChange) throws IOException {
        ConfigFileWatch watch = new ConfigFileWatch(file, onChange);
        watch.thread.start();
        return watch;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                // a save is several events (truncate, write, rename): wait until they stop
                do {
                    key.pollEvents();
                    key.reset();
                } while ((key = watcher.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS)) != null);
                byte[] now = digest();
                if (now == null || Arrays.equals(now, lastSeen)) {
                    continue; // gone for the moment (a rename in progress) or the same content
                }
                lastSeen = now;
                log.info("{} changed: reloading", file);
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    log.warn("reload after a change of {} failed: {}", file, e.toString());
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the gateway is stopping
        }
    }

    /** SHA-256 of the file's content, or null when it cannot be read now. */
    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing left to release
        }
        thread.interrupt();
    }
}
