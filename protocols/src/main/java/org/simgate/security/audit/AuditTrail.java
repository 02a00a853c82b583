package org.simgate.security.audit;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per client operation and per refusal, on the logger {@code simgate.audit} (its own
 * appender in logback.xml): time, protocol, peer address, client, slot, operation, outcome and
 * latency. Never RAND, AUTN, RES, keys, signatures or a card's identity: callers pass names and
 * outcomes only, and the arguments here have no room for more.
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
        if (!log.isInfoEnabled()) {
            return;
        }
        log.info("time={} protocol={} peer={} client={} slot={} operation={} outcome={} latency_us={}",
                Instant.now(), protocol, address(peer), client == null ? "-" : client,
                slot == NO_SLOT ? "-" : Integer.toString(slot), operation, outcome,
                latencyNanos < 0 ? "-" : Long.toString(latencyNanos / 1_000));
    }

    public static boolean enabled() {
        return log.isInfoEnabled();
    }

    private static String address(SocketAddress peer) {
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(peer);
    }
}
