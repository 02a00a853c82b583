package org.simgate.gateway.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.spi.DeferredProcessingAware;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.simgate.security.audit.AuditTrail;
import org.slf4j.LoggerFactory;

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
 *
 * <p>When the pattern is exactly {@code %msg%n} (or {@code %m%n}, {@code %message%n}) as well, the
 * writer encodes the lines itself, the message and the newline in the encoder's charset, which is
 * what the layout would write; and while this appender is the only place the audit logger sends
 * its lines to (the logger {@value AuditTrail#LOGGER} not additive, this appender its only one, no
 * filter on it and no turbo filter in its context: what conf/logback.xml sets up), it takes them
 * from {@link AuditTrail} directly ({@link AuditTrail#routeDirect}), one String a line into the same
 * queue, instead of a Logback event per request on the event loop. The writer looks at that
 * wiring every batch, so a configuration that changes it (another appender for the audit logger,
 * a filter) sends the lines through Logback again within a batch's time.
 */
public final class BatchingRollingFileAppender<E> extends RollingFileAppender<E> {
    private static final long BATCH_MILLIS = 20;
    private static final long FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private int queueSize = 65_536;
    private boolean messageOnly;
    /** The layout is the message and a newline: the writer encodes the lines itself. */
    private boolean linesAsIs;
    /** The encoder's charset; null: the platform's, as the encoder then uses. */
    private Charset charset;
    /** How {@link AuditTrail} hands this appender its lines directly. */
    private final AuditTrail.LineSink lines = this::offerLine;
    /** Events, and lines from {@link AuditTrail} (Strings), in the order they came. */
    private ArrayBlockingQueue<Object> queue;
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

    /** The patterns that write the message and a newline, nothing else. */
    private static final Set<String> MESSAGE_ALONE = Set.of("%msg%n", "%m%n", "%message%n");

    @Override
    public void start() {
        setImmediateFlush(false);
        queue = new ArrayBlockingQueue<>(Math.max(1, queueSize));
        linesAsIs = messageOnly && encoder instanceof LayoutWrappingEncoder<E> wrapping
                && wrapping.getLayout() instanceof PatternLayout layout && layout.getPattern() != null
                && MESSAGE_ALONE.contains(layout.getPattern().strip());
        charset = encoder instanceof LayoutWrappingEncoder<E> wrapping ? wrapping.getCharset() : null;
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
        offer(event);
    }

    /** A line from {@link AuditTrail}, without its newline: queued as it is. */
    private void offerLine(String line) {
        if (isStarted()) {
            offer(line);
        }
    }

    private void offer(Object eventOrLine) {
        if (!queue.offer(eventOrLine) && dropped.getAndIncrement() % 10_000 == 0) {
            addWarn("audit queue full: lines dropped (" + dropped.get() + " so far)");
        }
    }

    /**
     * Has {@link AuditTrail} hand its lines to this appender directly while the audit logger
     * would give them to this appender alone, written as they are; through Logback otherwise.
     */
    private void routeAuditLines(boolean stop) {
        boolean direct = !stop && linesAsIs && isStarted() && soleAuditDestination();
        if (direct && AuditTrail.directRoute() != lines) {
            AuditTrail.routeDirect(lines);
        } else if (!direct) {
            AuditTrail.unrouteDirect(lines);
        }
    }

    /**
     * The logger {@value AuditTrail#LOGGER} of the logging that slf4j (and so AuditTrail) uses
     * writes to this appender and nowhere else, and nothing filters its lines on the way.
     */
    private boolean soleAuditDestination() {
        if (!(getContext() instanceof LoggerContext loggers) || LoggerFactory.getILoggerFactory() != loggers
                || !loggers.getTurboFilterList().isEmpty() || !getCopyOfAttachedFiltersList().isEmpty()) {
            return false;
        }
        Logger audit = loggers.exists(AuditTrail.LOGGER);
        if (audit == null || audit.isAdditive()) {
            return false;
        }
        Iterator<Appender<ILoggingEvent>> appenders = audit.iteratorForAppenders();
        return appenders.hasNext() && appenders.next() == this && !appenders.hasNext();
    }

    @SuppressWarnings("unchecked")
    private void writeBatches() {
        List<Object> batch = new ArrayList<>(1024);
        long lastFlush = System.nanoTime();
        boolean unflushed = false;
        while (true) {
            boolean last = stopping; // read before draining: nothing queued before stop() is left behind
            routeAuditLines(last);
            queue.drainTo(batch);
            if (linesAsIs) {
                appendAsIs(batch);
            } else if (messageOnly) {
                appendJoined((List<E>) (List<?>) batch);
            } else {
                for (Object event : batch) {
                    super.append((E) event);
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
        super.append((E) batchEvent(new LoggingEvent(), first.getLoggerName(), first.getLevel(), first.getTimeStamp(),
                lines.toString()));
    }

    /**
     * The batch's lines, each the message and a newline, encoded here as the layout and encoder
     * would, and written as one event (the rollover check once a batch). An event with an
     * exception, which the layout writes after the message, goes through the layout.
     */
    @SuppressWarnings("unchecked")
    private void appendAsIs(List<Object> batch) {
        int size = batch.size();
        if (size == 0) {
            return;
        }
        StringBuilder text = new StringBuilder(size * 160);
        long timeStamp = 0;
        for (Object item : batch) {
            if (item instanceof String line) {
                text.append(line).append(NEWLINE);
            } else {
                ILoggingEvent event = (ILoggingEvent) item;
                if (event.getThrowableProxy() != null) {
                    appendLines(text, timeStamp);
                    text.setLength(0);
                    super.append((E) event);
                    continue;
                }
                timeStamp = event.getTimeStamp();
                text.append(event.getFormattedMessage()).append(NEWLINE);
            }
        }
        appendLines(text, timeStamp);
    }

    @SuppressWarnings("unchecked")
    private void appendLines(StringBuilder text, long timeStamp) {
        if (text.length() == 0) {
            return;
        }
        String joined = text.toString();
        Lines event = new Lines(charset == null ? joined.getBytes() : joined.getBytes(charset));
        super.append((E) batchEvent(event, AuditTrail.LOGGER, ch.qos.logback.classic.Level.INFO,
                timeStamp != 0 ? timeStamp : System.currentTimeMillis(), ""));
    }

    /** {@code event} as one batch of lines: the writer's thread, no MDC (a %msg%n layout reads neither). */
    private static LoggingEvent batchEvent(LoggingEvent event, String logger, ch.qos.logback.classic.Level level,
                                           long timeStamp, String message) {
        event.setLoggerName(logger);
        event.setLevel(level);
        event.setThreadName(Thread.currentThread().getName());
        event.setTimeStamp(timeStamp);
        event.setMessage(message);
        event.setMDCPropertyMap(Map.of());
        return event;
    }

    /** Lines already encoded, passed through the rollover check and written as they are. */
    private static final class Lines extends LoggingEvent {
        final byte[] bytes;

        Lines(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    @Override
    protected void writeOut(E event) throws IOException {
        if (event instanceof Lines lines) {
            streamWriteLock.lock();
            try {
                writeByteArrayToOutputStreamWithPossibleFlush(lines.bytes);
            } finally {
                streamWriteLock.unlock();
            }
        } else {
            super.writeOut(event);
        }
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
            AuditTrail.unrouteDirect(lines); // from now on through Logback, which drops them once this has stopped
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
