package org.simgate.rspro.ipa;

import java.time.Duration;

/**
 * IPA keepalive periods: a PING on connect and every {@code pingInterval}; a peer that sends no PONG
 * within {@code pongTimeout} of a PING is dropped. osmo-remsim uses 30 s and 10 s on every link.
 */
public record KeepaliveTimers(Duration pingInterval, Duration pongTimeout) {
    public static final KeepaliveTimers OSMO_REMSIM = new KeepaliveTimers(Duration.ofSeconds(30),
            Duration.ofSeconds(10));

    public KeepaliveTimers {
        if (pingInterval.isNegative() || pingInterval.isZero() || pongTimeout.isNegative() || pongTimeout.isZero()) {
            throw new IllegalArgumentException("keepalive periods must be positive");
        }
    }
}
