package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the process at DEBUG and above, kept in memory while open, with the console
 * appenders detached so the tests' output stays quiet. Closing restores levels and appenders.
 */
final class CapturedLogs implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger netty = context.getLogger("io.netty");
    private final Level rootLevel = root.getLevel();
    private final Level nettyLevel = netty.getLevel();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    private CapturedLogs() {
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender);
        events.setContext(context);
        events.start();
        root.addAppender(events);
        root.setLevel(Level.DEBUG);
        netty.setLevel(Level.DEBUG);
    }

    static CapturedLogs atDebug() {
        return new CapturedLogs();
    }

    int lineCount() {
        synchronized (events.list) {
            return events.list.size();
        }
    }

    /** No message, argument or stack trace contains any of the hex values, in either case. */
    void assertNoneOf(List<String> secrets) {
        List<String> lines = new ArrayList<>();
        synchronized (events.list) {
            for (ILoggingEvent e : events.list) {
                StringBuilder line = new StringBuilder(e.getFormattedMessage());
                if (e.getArgumentArray() != null) {
                    for (Object argument : e.getArgumentArray()) {
                        line.append(' ').append(argument);
                    }
                }
                if (e.getThrowableProxy() != null) {
                    line.append(' ').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
                }
                lines.add(line.toString().toLowerCase(Locale.ROOT));
            }
        }
        for (String secret : secrets) {
            String needle = secret.toLowerCase(Locale.ROOT);
            if (needle.length() < 8) {
                continue;
            }
            for (String line : lines) {
                assertFalse(line.contains(needle), "a log line shows a secret: " + line);
            }
        }
    }

    @Override
    public void close() {
        root.detachAppender(events);
        events.stop();
        detached.forEach(root::addAppender);
        root.setLevel(rootLevel);
        netty.setLevel(nettyLevel);
    }
}
