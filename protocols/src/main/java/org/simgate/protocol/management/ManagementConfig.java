package org.simgate.protocol.management;

import org.simgate.front.config.Loopback;
import org.simgate.front.config.ListenerConfig;
import org.simgate.front.config.ConfigReader;
import java.time.Duration;

/**
 * The management listener: health, readiness, Prometheus metrics and the admin API
 * (docs/operations.md). Loopback by default: the admin API changes slots and has no client
 * authentication yet. Its connection budget is its own, so {@code /health} answers while a REST
 * listener is full.
 *
 * @param metrics                  whether slot operations are metered and {@code /metrics} is served
 * @param maxConnections           open connections; one more is closed at once
 * @param maxConnectionsPerAddress open connections from one client address
 * @param requestReadTimeout       a request must arrive whole within this of its first byte, else 408 and close
 */
public record ManagementConfig(ListenerConfig listener, boolean metrics, int maxConnections,
                               int maxConnectionsPerAddress, Duration requestReadTimeout) {

    public static final int DEFAULT_MAX_CONNECTIONS = 128;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;
    public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);

    public ManagementConfig(ListenerConfig listener, boolean metrics) {
        this(listener, metrics, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_REQUEST_READ_TIMEOUT);
    }

    public static ManagementConfig from(ConfigReader c) {
        return new ManagementConfig(ListenerConfig.plain(c).withAllowedHosts(c), c.bool("metrics"),
                c.integer("max-connections", 1, 1_000_000), c.integer("max-connections-per-address", 1, 1_000_000),
                c.duration("request-read-timeout"));
    }

    /** Off: no listener, no metering (for tools that embed the gateway). */
    public static ManagementConfig off() {
        return new ManagementConfig(new ListenerConfig(false, "127.0.0.1", 0, null, null, null), false);
    }
}
