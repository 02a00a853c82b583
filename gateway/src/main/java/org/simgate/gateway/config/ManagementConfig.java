package org.simgate.gateway.config;

/**
 * The management listener: health, readiness, Prometheus metrics and the admin API
 * (docs/operations.md). Loopback by default: the admin API changes slots and has no client
 * authentication yet.
 *
 * @param metrics whether slot operations are metered and {@code /metrics} is served
 */
public record ManagementConfig(ListenerConfig listener, boolean metrics) {

    static ManagementConfig from(ConfigReader c) {
        return new ManagementConfig(ListenerConfig.plain(c).withAllowedHosts(c), c.bool("metrics"));
    }

    /** Off: no listener, no metering (for tools that embed the gateway). */
    public static ManagementConfig off() {
        return new ManagementConfig(new ListenerConfig(false, "127.0.0.1", 0, null, null, null), false);
    }
}
