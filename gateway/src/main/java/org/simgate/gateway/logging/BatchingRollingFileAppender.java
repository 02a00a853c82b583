package org.simgate.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.spi.DeferredProcessingAware;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The audit file's appender (conf/logback.xml): a RollingFileAppender fed through a bounded queue
 * and written in batches by its own thread, which looks at the queue every {@value #BATCH_MILLIS} ms
 * and flushes the file's buffer once a second.
 *
 * <p>A busy gateway writes one audit line per request. Logback's AsyncAppender wakes its worker
 * for nearly every line (the worker waits on the queue, and each line ends the wait): a futex wake
 * and a context switch per request, more than the line itself, and a write system call per line on
 * top with immediateFlush. Here the caller only queues; a full queue (a stalled disk) drops the
 * line rather than hold up a request, and the drops are counted in Logback's status. Stopping the
 * logging (simgate's shutdown does) writes out what is queued.
 *
 * <p>With {@link #setMessageOnly messageOnly} (a {@code %msg%n} layout) a batch's lines go to the
 * file as one event whose message is the lines joined by newlines: the layout, the encoder, the
 * rollover check and the write run once a batch instead of once a line, and the file holds the
 * same bytes.
 */
public final class BatchingRollingFileAppender<E> extends RollingFileAppender<E> {
    private static final long BATCH_MILLIS = 20;
    private static final long FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private int queueSize = 65_536;
    private boolean messageOnly;
    private ArrayBlockingQueue<E> queue;
    private Thread writer;
    private volatile boolean stopping;
    private final AtomicLong dropped = new AtomicLong();

    /** Lines that may wait; more are dropped. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /**
     * True when the layout writes the message alone ({@code %msg%n}, as the audit trail's does):
     * then the logging thread's name and MDC are not copied into each event for the writer, a
     * cost per request that such a layout never reads, and a batch's lines are written as one
     * event. Leave it false for any other pattern.
     */
    public void setMessageOnly(boolean messageOnly) {
        this.messageOnly = messageOnly;
    }

    @Override
    public void start() {
        setImmediateFlush(false);
        queue = new ArrayBlockingQueue<>(Math.max(1, queueSize));
        super.start();
        if (!isStarted()) {
            return;
        }
        stopping = false;
        writer = new Thread(this::writeBatches, "simgate-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    protected void append(E event) {
        if (!isStarted()) {
            return;
        }
        if (!messageOnly && event instanceof DeferredProcessingAware deferred) {
            deferred.prepareForDeferredProcessing(); // the calling thread's name and MDC, while it is that thread
        }
        if (!queue.offer(event) && dropped.getAndIncrement() % 10_000 == 0) {
            addWarn("audit queue full: lines dropped (" + dropped.get() + " so far)");
        }
    }

    private void writeBatches() {
        List<E> batch = new ArrayList<>(1024);
        long lastFlush = System.nanoTime();
        boolean unflushed = false;
        while (true) {
            boolean last = stopping; // read before draining: nothing queued before stop() is left behind
            queue.drainTo(batch);
            if (messageOnly) {
                appendJoined(batch);
            } else {
                for (E event : batch) {
                    super.append(event);
                }
            }
            unflushed |= !batch.isEmpty();
            batch.clear();
            if (unflushed && (last || System.nanoTime() - lastFlush >= FLUSH_NANOS)) {
                flush();
                lastFlush = System.nanoTime();
                unflushed = false;
            }
            if (last) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS));
        }
    }

    /**
     * The batch's lines as one event, joined by the newline the {@code %msg%n} layout ends each
     * with: what the file gets is the same, for one pass through Logback instead of one a line.
     * Not logging events (no other kind reaches an audit appender) are appended one by one.
     */
    @SuppressWarnings("unchecked")
    private void appendJoined(List<E> batch) {
        int size = batch.size();
        if (size == 0) {
            return;
        }
        if (size == 1 || !(batch.get(0) instanceof ILoggingEvent first)) {
            batch.forEach(super::append);
            return;
        }
        StringBuilder lines = new StringBuilder(size * 160);
        for (int i = 0; i < size; i++) {
            if (!(batch.get(i) instanceof ILoggingEvent event)) {
                batch.forEach(super::append);
                return;
            }
            if (i > 0) {
                lines.append(NEWLINE);
            }
            lines.append(event.getFormattedMessage());
        }
        LoggingEvent joined = new LoggingEvent();
        joined.setLoggerName(first.getLoggerName());
        joined.setLevel(first.getLevel());
        joined.setThreadName(Thread.currentThread().getName()); // read by no %msg%n layout
        joined.setTimeStamp(first.getTimeStamp());
        joined.setMessage(lines.toString());
        joined.setMDCPropertyMap(Map.of());
        super.append((E) joined);
    }

    /** What Logback's {@code %n} writes. */
    private static final String NEWLINE = System.lineSeparator();

    /** Writes out what the file's buffer holds, under the lock writing and rolling over take. */
    private void flush() {
        streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (out != null) {
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
        Thread thread = writer;
        if (thread != null) {
            stopping = true;
            LockSupport.unpark(thread);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer = null;
        }
        super.stop();
    }
}
