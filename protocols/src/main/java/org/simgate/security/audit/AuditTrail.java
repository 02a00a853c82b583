package org.simgate.security.audit;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per client operation and per refusal, on the logger {@code simgate.audit} (its own
 * appender in logback.xml): time, protocol, peer address, client, slot, operation, outcome and
 * latency. Never RAND, AUTN, RES, keys, signatures or a card's identity: callers pass names and
 * outcomes only, and the arguments here have no room for more.
 *
 * <p>A line is written once, as text, and handed to the logger; or, when the logger's only
 * destination is an appender that writes the message alone (the audit file's, see
 * {@link #routeDirect}), straight to that appender: the same line in the same file, without a
 * Logback event per request on the event loop.
 */
public final class AuditTrail {
    public static final String LOGGER = "simgate.audit";
    /** Written in place of a slot for operations that name none (a slot list, a reload). */
    public static final int NO_SLOT = -1;
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private AuditTrail() {
    }

    /**
     * @param protocol     rest, line, vpcd, management
     * @param client       the authenticated client, or null (none yet, or authentication is off)
     * @param operation    aka, info, apdu, relay, admin, or an admin action's name
     * @param outcome      ok, or what went wrong in a word: unauthenticated, forbidden, throttled, busy, no-card …
     * @param latencyNanos from the request's arrival to its answer; negative: not measured
     */
    public static void record(String protocol, SocketAddress peer, String client, int slot, String operation,
                              String outcome, long latencyNanos) {
        if (log.isInfoEnabled()) {
            record(protocol, peerText(peer), client, slot, operation, outcome, latencyNanos);
        }
    }

    /**
     * {@link #record(String, SocketAddress, String, int, String, String, long)} with the peer as
     * {@link #peerText} wrote it: a connection's requests each have a line, and its address is
     * the same for all of them.
     */
    public static void record(String protocol, String peer, String client, int slot, String operation,
                              String outcome, long latencyNanos) {
        if (!log.isInfoEnabled()) {
            return;
        }
        // one builder per thread, no {} formatting: this runs for every request of a busy gateway
        StringBuilder line = LINE.get();
        line.setLength(0);
        line.append("time=");
        AuditClock.appendNow(line);
        line.append(" protocol=").append(protocol).append(" peer=").append(peer);
        line.append(" client=").append(client == null ? "-" : client).append(" slot=");
        if (slot == NO_SLOT) {
            line.append('-');
        } else {
            line.append(slot);
        }
        line.append(" operation=").append(operation).append(" outcome=").append(outcome).append(" latency_us=");
        if (latencyNanos < 0) {
            line.append('-');
        } else {
            line.append(latencyNanos / 1_000);
        }
        String text = line.toString();
        LineSink sink = direct;
        if (sink != null) {
            sink.accept(text);
        } else {
            log.info(text);
        }
    }

    /**
     * Takes audit lines in place of the logger: the audit file's appender, which installs itself
     * only while the logger's level, filters and appenders are such that the logger would give
     * each line to it alone, written as the message and a newline.
     */
    @FunctionalInterface
    public interface LineSink {
        /** Called on the recording thread with the line (no newline); must not block. */
        void accept(String line);
    }

    /** The logger's sole destination when it takes lines directly; null: through the logger. */
    private static volatile LineSink direct;

    /**
     * Lines go to {@code sink} instead of the logger from now on; null: through the logger again.
     * The level is still the logger's: a line is recorded only while {@code simgate.audit} is
     * enabled for INFO.
     */
    public static void routeDirect(LineSink sink) {
        synchronized (AuditTrail.class) {
            direct = sink;
        }
    }

    /** Sends lines through the logger again if {@code sink} is the one taking them. */
    public static void unrouteDirect(LineSink sink) {
        synchronized (AuditTrail.class) {
            if (direct == sink) {
                direct = null;
            }
        }
    }

    /** The sink lines go to instead of the logger, or null. */
    public static LineSink directRoute() {
        return direct;
    }

    private static final ThreadLocal<StringBuilder> LINE = ThreadLocal.withInitial(() -> new StringBuilder(256));

    public static boolean enabled() {
        return log.isInfoEnabled();
    }

    /** A peer as its audit lines name it: {@code 192.0.2.7:50312}; anything else (a UNIX socket's) as it prints. */
    public static String peerText(SocketAddress peer) {
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ':' + inet.getPort();
        }
        return String.valueOf(peer);
    }
}
