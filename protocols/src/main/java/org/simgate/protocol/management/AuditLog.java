package org.simgate.protocol.management;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per admin action on the logger {@code simgate.audit}, so operators can route it to its
 * own file. A line names the time, the client's address, the slot, the action and its outcome —
 * never a card's identity, key or answer.
 */
final class AuditLog {
    static final String LOGGER = "simgate.audit";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private AuditLog() {
    }

    static void record(SocketAddress client, int slot, String action, String outcome) {
        log.info("time={} client={} slot={} action={} outcome={}", Instant.now(), address(client), slot, action,
                outcome);
    }

    /** An action on the whole gateway (a reload): no slot. */
    static void record(SocketAddress client, String action, String outcome) {
        log.info("time={} client={} action={} outcome={}", Instant.now(), address(client), action, outcome);
    }

    private static String address(SocketAddress client) {
        if (client instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(client);
    }
}
