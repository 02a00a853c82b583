package org.simgate.protocol.remsim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ConfiguredSlots;
import org.simgate.front.config.Loopback;

/**
 * {@code simgate.remsim.bankd}: simgate as an osmo-remsim bank (docs/remsim.md).
 *
 * @param serverHost           the remsim-server's RSPRO host ({@code server = "host:port"})
 * @param serverPort           its RSPRO port (9998)
 * @param bankId               the bank id the server knows this bank by (0..1023)
 * @param bind                 where remsim clients reach the bank
 * @param port                 their port (9999: osmo-remsim-server tells clients no other)
 * @param slots                bank slot N is simgate slot {@code slots[N]}; each must allow raw APDUs
 * @param pingInterval         IPA keepalive: a PING this often on every link
 * @param pongTimeout          a peer without PONG this long after a PING is dropped
 * @param allowUnauthenticated RSPRO has no authentication: a bind beyond loopback needs this said
 * @param maxConnections       open remsim client connections
 */
public record RemsimBankConfig(boolean enabled, String serverHost, int serverPort, int bankId, String bind, int port,
                               List<Integer> slots, Duration pingInterval, Duration pongTimeout,
                               boolean allowUnauthenticated, int maxConnections) {
    static final String SECTION = "simgate.remsim.bankd";

    public RemsimBankConfig {
        slots = List.copyOf(slots);
    }

    static RemsimBankConfig from(ConfigReader c, ConfiguredSlots configured) {
        boolean enabled = c.bool("enabled");
        String server = c.string("server");
        int colon = server.lastIndexOf(':');
        String host = colon > 0 ? server.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int serverPort;
        try {
            serverPort = colon > 0 ? Integer.parseInt(server.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            serverPort = -1;
        }
        if (host.isEmpty() || serverPort < 1 || serverPort > 65535) {
            throw new ConfigError(c.path("server"), "must be \"host:port\" of the remsim-server's RSPRO port, "
                    + "e.g. \"127.0.0.1:9998\"");
        }
        List<Integer> slots = slots(c, configured, enabled);
        return new RemsimBankConfig(enabled, host, serverPort, c.integer("bank-id", 0, 1023), c.string("bind"),
                c.integer("port", 0, 65535), slots, c.duration("ping-interval"), c.duration("pong-timeout"),
                c.bool("allow-unauthenticated"), c.integer("max-connections", 1, 100_000));
    }

    private static List<Integer> slots(ConfigReader c, ConfiguredSlots configured, boolean enabled) {
        List<String> values = c.stringList("slots");
        if (values.isEmpty() || values.size() > 1024) {
            throw new ConfigError(c.path("slots"), "must list 1 to 1024 simgate slot ids, bank slot N being slots[N]");
        }
        List<Integer> slots = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String key = c.path("slots[" + i + "]");
            int id;
            try {
                id = Integer.parseInt(values.get(i));
            } catch (NumberFormatException e) {
                throw new ConfigError(key, "must be a slot id (a whole number)");
            }
            if (!seen.add(id)) {
                throw new ConfigError(key, "slot " + id + " is listed twice: one card cannot be two bank slots");
            }
            if (enabled) {
                String refusal = configured.refusesRawApdus(id);
                if (refusal != null) {
                    throw new ConfigError(key, refusal + " (remsim clients send raw TPDUs)");
                }
            }
            slots.add(id);
        }
        return slots;
    }

    /** Whether remsim clients can reach the bank only from this host. Resolves the bind. */
    boolean isLoopback() {
        return Loopback.isLoopback(bind);
    }
}
