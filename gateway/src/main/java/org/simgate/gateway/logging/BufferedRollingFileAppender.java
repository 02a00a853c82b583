package org.simgate.gateway.logging;

import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit file's appender (conf/logback.xml): a RollingFileAppender that writes through its
 * buffer instead of flushing every line, and flushes once a second. A busy gateway writes one
 * audit line per request, and a write system call per line cost more than the line; this way a
 * line still reaches the file within a second when traffic is low, and stopping the logging
 * (simgate's shutdown does) flushes the rest.
 */
public final class BufferedRollingFileAppender<E> extends RollingFileAppender<E> {
    private static final long FLUSH_MILLIS = 1_000;

    private ScheduledExecutorService flusher;

    @Override
    public void start() {
        setImmediateFlush(false);
        super.start();
        if (!isStarted()) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simgate-audit-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Writes out what the buffer holds; the same lock as writing and rolling over. */
    void flush() {
        streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (out != null && isStarted()) {
                out.flush();
            }
        } catch (IOException e) {
            addError("audit file flush failed", e);
        } finally {
            streamWriteLock.unlock();
        }
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.shutdownNow();
            flusher = null;
        }
        super.stop();
    }
}
