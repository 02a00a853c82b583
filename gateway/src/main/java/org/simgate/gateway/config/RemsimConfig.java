package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import java.time.Duration;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.transport.CardTransport;
import org.simgate.transport.remsim.RemsimClientSettings;
import org.simgate.transport.remsim.RemsimClientTransport;

/**
 * A card borrowed from an osmo-remsim bank (transport = remsim), simgate acting as remsim client
 * {@code client-id}:{@code client-slot}: {@code remsim { server = "127.0.0.1:9998", client-id = 9,
 * client-slot = 0, tpdu-timeout = 10s, max-reconnect-delay = 10s, ping-interval = 30s,
 * pong-timeout = 10s }}. Only client-id is required. tpdu-timeout defaults to the slot's
 * operation-timeout and may not exceed it: a bank that stops answering never holds the slot longer.
 * Opening starts nothing: the links start at the slot's first connect, on its own thread.
 */
public record RemsimConfig(String host, int port, int clientId, int clientSlot, Duration tpduTimeout,
                           Duration maxReconnectDelay, Duration pingInterval, Duration pongTimeout)
        implements TransportConfig {
    public static final String TRANSPORT = "remsim";
    static final int DEFAULT_PORT = 9998;

    static RemsimConfig from(ConfigReader c, Duration operationTimeout) {
        String server = c.has("server") ? c.string("server").trim() : "127.0.0.1:" + DEFAULT_PORT;
        int colon = server.lastIndexOf(':');
        boolean bareIpv6 = server.indexOf(':') != colon && !server.startsWith("[");
        String host = colon <= 0 || bareIpv6 ? server : server.substring(0, colon);
        int port = DEFAULT_PORT;
        if (colon > 0 && !bareIpv6) {
            try {
                port = Integer.parseInt(server.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isBlank() || colon == 0 || port < 1 || port > 65535) {
            throw new ConfigError(c.path("server"), "must be host:port of the remsim server, e.g. 127.0.0.1:9998");
        }
        Duration tpduTimeout = c.has("tpdu-timeout") ? c.duration("tpdu-timeout") : operationTimeout;
        if (tpduTimeout.compareTo(operationTimeout) > 0) {
            throw new ConfigError(c.path("tpdu-timeout"), "must not exceed the slot's operation-timeout ("
                    + operationTimeout.toMillis() + " ms)");
        }
        return new RemsimConfig(host, port, c.integer("client-id", 0, 1023),
                c.has("client-slot") ? c.integer("client-slot", 0, 1023) : 0, tpduTimeout,
                c.has("max-reconnect-delay") ? c.duration("max-reconnect-delay") : Duration.ofSeconds(10),
                c.has("ping-interval") ? c.duration("ping-interval") : Duration.ofSeconds(30),
                c.has("pong-timeout") ? c.duration("pong-timeout") : Duration.ofSeconds(10));
    }

    public RemsimClientSettings settings() {
        return new RemsimClientSettings(host, port, new ClientSlot(clientId, clientSlot),
                new KeepaliveTimers(pingInterval, pongTimeout), tpduTimeout, tpduTimeout, maxReconnectDelay);
    }

    @Override
    public CardTransport open() {
        return new RemsimClientTransport(settings());
    }

    /** Nothing to take or hold: the config alone decides. */
    @Override
    public void check() {
        settings();
    }
}
