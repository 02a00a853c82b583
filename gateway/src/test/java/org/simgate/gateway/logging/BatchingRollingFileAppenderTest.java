package org.simgate.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import org.simgate.security.audit.AuditTrail;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit file's appender: lines reach the file without a stop, and a stop writes out every queued line. */
class BatchingRollingFileAppenderTest {
    @TempDir
    Path dir;

    private final LoggerContext context = new LoggerContext();

    private Logger auditLogger(Path file) {
        return auditLogger(file, "%msg%n", true);
    }

    private Logger auditLogger(Path file, String pattern, boolean messageOnly) {
        context.setMDCAdapter(new LogbackMDCAdapter()); // a context of its own, not the tests' logging
        Logger logger = context.getLogger("simgate.audit");
        logger.setAdditive(false);
        logger.addAppender(appender(context, file, pattern, messageOnly));
        return logger;
    }

    private static BatchingRollingFileAppender<ILoggingEvent> appender(LoggerContext context, Path file, String pattern,
                                                                     boolean messageOnly) {
        BatchingRollingFileAppender<ILoggingEvent> appender = new BatchingRollingFileAppender<>();
        appender.setContext(context);
        appender.setFile(file.toString());
        appender.setMessageOnly(messageOnly);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        appender.setEncoder(encoder);
        TimeBasedRollingPolicy<ILoggingEvent> rolling = new TimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setFileNamePattern(file + ".%d{yyyy-MM-dd}.gz");
        rolling.setParent(appender);
        rolling.start();
        appender.setRollingPolicy(rolling);
        appender.start();
        return appender;
    }

    @Test
    void aLineReachesTheFileWhileTheAppenderRuns() throws Exception {
        Path file = dir.resolve("audit.log");
        Logger logger = auditLogger(file);
        logger.info("time=t protocol=rest outcome=ok");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && Files.readAllLines(file).isEmpty()) {
            Thread.sleep(50);
        }
        assertEquals(List.of("time=t protocol=rest outcome=ok"), Files.readAllLines(file));
        context.stop();
    }

    @Test
    void stoppingWritesOutEveryLineInOrder() throws Exception {
        Path file = dir.resolve("audit.log");
        Logger logger = auditLogger(file);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    logger.info("writer=" + thread + " n=" + i);
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        context.stop();
        List<String> lines = Files.readAllLines(file);
        assertEquals(20_000, lines.size());
        int[] next = new int[4];
        for (String line : lines) {
            int thread = line.charAt("writer=".length()) - '0';
            assertTrue(line.endsWith(" n=" + next[thread]++), line);
        }
    }

    /**
     * With messageOnly a batch is written as one event of joined lines: the file holds exactly
     * each line and its newline, braces and non-ASCII as logged, never formatted.
     */
    @Test
    void aBatchOfLinesIsWrittenAsTheLinesThemselves() throws Exception {
        Path file = dir.resolve("audit.log");
        Logger logger = auditLogger(file);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            String line = "time=t n=" + i + " client=" + (i % 3 == 0 ? "caf\u00e9" : "{}") + " outcome=ok";
            logger.info(line);
            expected.append(line).append(System.lineSeparator());
        }
        context.stop();
        assertEquals(expected.toString(), Files.readString(file));
    }

    /** Without messageOnly a pattern that names the thread and MDC gets the logging thread's, not the writer's. */
    @Test
    void theCallersThreadAndMdcAreKeptUnlessMessageOnly() throws Exception {
        Path file = dir.resolve("audit.log");
        Logger logger = auditLogger(file, "%thread %X{slot} %msg%n", false);
        Thread caller = new Thread(() -> {
            context.getMDCAdapter().put("slot", "7");
            logger.info("line");
        }, "caller-thread");
        caller.start();
        caller.join();
        context.stop();
        assertEquals(List.of("caller-thread 7 line"), Files.readAllLines(file));
    }

    /** Lines of every kind AuditTrail writes, and one through the logger itself (as AuditLog writes its own). */
    private static void recordLines(org.slf4j.Logger viaLogger, int n) {
        for (int i = 0; i < n; i++) {
            switch (i % 3) {
                case 0 -> AuditTrail.record("rest", new InetSocketAddress("192.0.2.7", 50_000 + i), "lab-a", i % 4,
                        "aka", "ok", 812_345);
                case 1 -> AuditTrail.record("rest", "peer-" + i, i % 2 == 0 ? null : "caf\u00e9", AuditTrail.NO_SLOT,
                        "info", "unauthenticated:REPLAY", -1);
                default -> viaLogger.info("time={} client={} action={} outcome={}", "t" + i, "{}", "drain", "ok");
            }
        }
    }

    /** The file's lines without their times, which differ between two runs of the same calls. */
    private static String withoutTimes(String file) {
        return file.replaceAll("time=\\S+", "time=T");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(5);
        }
    }

    /**
     * The audit file's setup in the logging slf4j uses (conf/logback.xml's: the audit logger not
     * additive, this appender its only one): AuditTrail hands the appender its lines directly, and
     * the file holds exactly the bytes that the layout writes for the same lines logged as events.
     */
    @Test
    void aSoleAuditAppenderTakesTheLinesDirectlyAndWritesTheSameBytes() throws Exception {
        LoggerContext global = (LoggerContext) LoggerFactory.getILoggerFactory();
        try (AuditLoggerOfTheTest test = new AuditLoggerOfTheTest(global)) {
            Logger audit = test.logger;
            // the layout's bytes: the same calls with an appender that formats every event
            Path viaLayout = dir.resolve("layout.log");
            BatchingRollingFileAppender<ILoggingEvent> layout = appender(global, viaLayout, "%msg%n", false);
            audit.addAppender(layout);
            recordLines(audit, 300);
            audit.detachAppender(layout);
            layout.stop();
            assertNull(AuditTrail.directRoute());

            Path direct = dir.resolve("direct.log");
            BatchingRollingFileAppender<ILoggingEvent> appender = test.takingLinesDirectly(direct, "%msg%n");
            recordLines(audit, 300);
            // another appender for the audit logger: the lines go through Logback again, to both
            ListAppender<ILoggingEvent> second = new ListAppender<>();
            second.setContext(global);
            second.start();
            audit.addAppender(second);
            await(() -> AuditTrail.directRoute() == null, "lines through Logback once the logger has two appenders");
            AuditTrail.record("rest", "peer", "lab-a", 1, "aka", "ok", 5_000);
            assertEquals(1, second.list.size());
            audit.detachAppender(second);
            await(() -> AuditTrail.directRoute() != null, "directly again");
            // a filter on the appender: through Logback, which applies it
            appender.addFilter(new Filter<>() {
                @Override
                public FilterReply decide(ILoggingEvent event) {
                    return event.getFormattedMessage().contains("secret-word") ? FilterReply.DENY : FilterReply.NEUTRAL;
                }
            });
            await(() -> AuditTrail.directRoute() == null, "lines through Logback once the appender filters");
            AuditTrail.record("rest", "peer", "secret-word", 1, "aka", "ok", 5_000);
            audit.detachAppender(appender);
            appender.stop();
            assertNull(AuditTrail.directRoute());

            String expected = Files.readString(viaLayout) + "time=T protocol=rest peer=peer client=lab-a slot=1"
                    + " operation=aka outcome=ok latency_us=5" + System.lineSeparator();
            assertEquals(withoutTimes(expected), withoutTimes(Files.readString(direct)));
            assertEquals(301, Files.readAllLines(direct).size());
        }
    }

    /** Lines in the queue when the appender stops are written, whichever way they came. */
    @Test
    void aStopWritesOutDirectLinesInOrder() throws Exception {
        LoggerContext global = (LoggerContext) LoggerFactory.getILoggerFactory();
        try (AuditLoggerOfTheTest test = new AuditLoggerOfTheTest(global)) {
            Logger audit = test.logger;
            Path file = dir.resolve("audit.log");
            BatchingRollingFileAppender<ILoggingEvent> appender = test.takingLinesDirectly(file, "%m%n");
            assertSame(AuditTrail.directRoute(), AuditTrail.directRoute());
            for (int i = 0; i < 20_000; i++) {
                AuditTrail.record("line", "p", "c", i, "aka", "ok", i * 1_000L);
            }
            audit.detachAppender(appender);
            appender.stop();
            List<String> lines = Files.readAllLines(file);
            assertEquals(20_000, lines.size());
            for (int i = 0; i < lines.size(); i++) {
                assertTrue(lines.get(i).endsWith(" slot=" + i + " operation=aka outcome=ok latency_us=" + i), lines.get(i));
            }
        }
    }

    /**
     * The audit logger for one test: INFO, not additive, without the appenders it had, which it gets back
     * (with its level and additivity) when the test ends; what the test attached is stopped.
     */
    private static final class AuditLoggerOfTheTest implements AutoCloseable {
        final Logger logger;
        private final Level level;
        private final boolean additive;
        private final List<Appender<ILoggingEvent>> before = new ArrayList<>();

        AuditLoggerOfTheTest(LoggerContext context) {
            logger = context.getLogger(AuditTrail.LOGGER);
            level = logger.getLevel();
            additive = logger.isAdditive();
            logger.iteratorForAppenders().forEachRemaining(before::add);
            before.forEach(logger::detachAppender);
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
        }

        /** A message-only appender of {@code file} for the logger, once it takes the lines directly. */
        BatchingRollingFileAppender<ILoggingEvent> takingLinesDirectly(Path file, String pattern) throws InterruptedException {
            BatchingRollingFileAppender<ILoggingEvent> appender = appender(logger.getLoggerContext(), file, pattern, true);
            logger.addAppender(appender);
            await(() -> AuditTrail.directRoute() != null, "the appender takes the lines directly");
            return appender;
        }

        @Override
        public void close() {
            logger.detachAndStopAllAppenders();
            before.forEach(logger::addAppender);
            logger.setLevel(level);
            logger.setAdditive(additive);
        }
    }
}
