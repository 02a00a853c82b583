package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * For the tests that prove no secret is ever logged: while a test runs, every logger (Netty's
 * included) is at DEBUG and captured in memory instead of the build's output; the test names the
 * values that must not appear, then {@link #assertNoneLogged()} reads every captured line,
 * messages and stack traces alike.
 *
 * <pre>{@code @RegisterExtension final DebugLogCapture logs = new DebugLogCapture();}</pre>
 */
public final class DebugLogCapture implements BeforeEachCallback, AfterEachCallback {
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger netty = logging.getLogger("io.netty");
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
    /** What must not appear, by the text, with what it is. */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private Level rootLevel;
    private Level nettyLevel;

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            consoles.add(it.next());
        }
        consoles.forEach(root::detachAppender);
        captured.setContext(logging);
        captured.start();
        root.addAppender(captured);
        rootLevel = root.getLevel();
        nettyLevel = netty.getLevel();
        root.setLevel(Level.DEBUG);
        netty.setLevel(Level.DEBUG);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** Ends the capture early (idempotent), e.g. before checking what a test logged. */
    public synchronized void stop() {
        if (!captured.isStarted()) {
            return;
        }
        root.detachAppender(captured);
        captured.stop();
        consoles.forEach(root::addAppender);
        consoles.clear();
        root.setLevel(rootLevel);
        netty.setLevel(nettyLevel);
    }

    /** {@code value} must appear in no line; values under 8 characters are ignored (they would match noise). */
    public void secret(String what, String value) {
        if (value != null && value.length() >= 8) {
            secrets.put(value, what);
        }
    }

    /** {@code value} must appear in no line: in lower- or upper-case hex, or in base64. */
    public void secret(String what, byte[] value) {
        secret(what, HexFormat.of().formatHex(value));
        secret(what, HexFormat.of().withUpperCase().formatHex(value));
        secret(what, Base64.getEncoder().encodeToString(value));
    }

    /** What the test named so far: text by what it is. */
    public Map<String, String> secrets() {
        return Map.copyOf(secrets);
    }

    /** Every captured line: level, logger, message and any stack trace. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        return lines;
    }

    /** DEBUG lines were captured: the scan saw what a DEBUG run logs, not only INFO. */
    public void assertDebugCaptured() {
        List<String> lines = lines();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("DEBUG")), "DEBUG was captured: " + lines);
    }

    /** No captured line holds a secret the test named. */
    public void assertNoneLogged() {
        List<String> lines = lines();
        List<String> leaks = new ArrayList<>();
        secrets.forEach((value, what) -> lines.stream().filter(line -> line.contains(value))
                .forEach(line -> leaks.add(what + " logged: " + line)));
        assertEquals(List.of(), leaks);
    }
}
