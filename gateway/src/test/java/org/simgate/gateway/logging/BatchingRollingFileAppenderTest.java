package org.simgate.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Logger logger = context.getLogger("simgate.audit");
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
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
}
