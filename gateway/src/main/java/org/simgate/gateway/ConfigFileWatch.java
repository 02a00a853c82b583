package org.simgate.gateway;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@code onChange} when the config file's content changes. It watches the file's directory,
 * not the file: editors that write a temporary file and rename it over the original replace the
 * inode a file watch would follow, and Kubernetes swaps a symlink. Any event in the directory
 * starts a quiet period ({@link #DEBOUNCE_MILLIS}); once nothing more happened, the file is read and
 * compared with what was last seen, so a save in several writes reloads once and a touch not at all.
 * Content that a reload already read (SIGHUP or {@code POST /admin/v1/reload} right after a save) is
 * not reloaded a second time.
 */
final class ConfigFileWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigFileWatch.class);
    static final long DEBOUNCE_MILLIS = 500;

    private final Path file;
    private final Runnable onChange;
    private final WatchService watcher;
    private final Thread thread;
    /** SHA-256 of the content the gateway last read (its start, a reload), or null when unknown. */
    private final Supplier<byte[]> lastRead;
    private byte[] lastSeen;
    /** Whether the file changed between the gateway's read and this watch: a reload is owed at once. */
    private final boolean savedSinceRead;

    private ConfigFileWatch(Path file, Supplier<byte[]> lastRead, Runnable onChange) throws IOException {
        this.file = file.toAbsolutePath();
        this.onChange = onChange;
        this.lastRead = lastRead;
        byte[] read = lastRead.get();
        byte[] now = ConfigFileSource.digest(this.file);
        this.lastSeen = read != null ? read : now;
        this.savedSinceRead = read != null && !Arrays.equals(read, now);
        this.watcher = FileSystems.getDefault().newWatchService();
        Path directory = this.file.getParent();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = new Thread(this::run, "config-watch");
        thread.setDaemon(true);
    }

    /** Starts watching {@code file}; {@code onChange} runs on the watch thread. */
    static ConfigFileWatch start(Path file, Runnable onChange) throws IOException {
        return start(file, () -> null, onChange);
    }

    /**
     * As {@link #start(Path, Runnable)}; {@code lastRead} answers the SHA-256 of the content the
     * gateway last read ({@link ConfigFileSource#lastRead}): that content is not reloaded again, and
     * a change made before the watch started is.
     */
    static ConfigFileWatch start(Path file, Supplier<byte[]> lastRead, Runnable onChange) throws IOException {
        ConfigFileWatch watch = new ConfigFileWatch(file, lastRead, onChange);
        watch.thread.start();
        return watch;
    }

    private void run() {
        try {
            if (savedSinceRead) {
                quiet(watcher.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS));
                reloadIfChanged();
            }
            while (true) {
                quiet(watcher.take());
                reloadIfChanged();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the gateway is stopping
        }
    }

    /** A save is several events (truncate, write, rename): returns once they stopped for a quiet period. */
    private void quiet(WatchKey key) throws InterruptedException {
        while (key != null) {
            key.pollEvents();
            key.reset();
            key = watcher.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void reloadIfChanged() {
        byte[] now = ConfigFileSource.digest(file);
        if (now == null || Arrays.equals(now, lastSeen)) {
            return; // gone for the moment (a rename in progress) or the same content
        }
        lastSeen = now;
        if (Arrays.equals(now, lastRead.get())) {
            log.info("{} changed, and a reload has already read this content: no second reload", file);
            return;
        }
        log.info("{} changed: reloading", file);
        try {
            onChange.run();
        } catch (RuntimeException e) {
            log.warn("reload after a change of {} failed: {}", file, e.toString());
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
