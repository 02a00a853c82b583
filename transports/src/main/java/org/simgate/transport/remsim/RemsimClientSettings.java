package org.simgate.transport.remsim;

import java.time.Duration;
import java.util.Objects;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ipa.KeepaliveTimers;

/**
 * One remsim client slot: where the remsim server is, which client slot simgate is there, and the
 * timers.
 *
 * @param serverHost        the remsim server (osmo-remsim-server or simgate's own), host name or address
 * @param serverPort        its RSPRO port, 9998 by default
 * @param client            the client id and slot simgate announces (the server maps bank slots to it)
 * @param keepalive         IPA PING period and PONG deadline on both links (osmo-remsim: 30 s, 10 s)
 * @param tpduTimeout       how long a TPDU waits for the bank's answer; the slot's operation timeout by default
 * @param attachTimeout     how long a connect waits for a link that is being set up right now (a first
 *                          connection, a bank handshake); a settled state (no mapping, bank refused) answers at once
 * @param maxReconnectDelay the back-off cap between attempts to reach the server or the bank
 */
public record RemsimClientSettings(String serverHost, int serverPort, ClientSlot client, KeepaliveTimers keepalive,
                                   Duration tpduTimeout, Duration attachTimeout, Duration maxReconnectDelay) {
    public RemsimClientSettings {
        Objects.requireNonNull(serverHost, "serverHost");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(keepalive, "keepalive");
        if (serverPort < 1 || serverPort > 65535) {
            throw new IllegalArgumentException("server port must be 1..65535, is " + serverPort);
        }
        for (Duration d : new Duration[] {tpduTimeout, attachTimeout, maxReconnectDelay}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("remsim timers must be positive");
            }
        }
    }

    /** host:port, brackets around an IPv6 literal. */
    public String server() {
        return (serverHost.indexOf(':') >= 0 ? "[" + serverHost + "]" : serverHost) + ":" + serverPort;
    }
}
