package org.simgate.protocol.rest;

import org.simgate.front.config.ConfigReader;
import java.time.Duration;

/**
 * HTTP limits shared by the HTTP and HTTPS listeners; each listener has its own connection budget
 * of this size.
 *
 * @param maxConnections           open connections of one listener; one more is closed at once
 * @param maxConnectionsPerAddress open connections of one listener from one client address
 * @param requestReadTimeout       a request must arrive whole within this of its first byte (a
 *                                 connection's first request: of the accept), else 408 and close
 */
public record RestLimits(int maxBodyBytes, Duration idleTimeout, int maxPipelined, int maxConnections,
                         int maxConnectionsPerAddress, Duration requestReadTimeout) {

    /** The shipped connection limits: conf/application.conf. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
    public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);

    public RestLimits(int maxBodyBytes, Duration idleTimeout, int maxPipelined) {
        this(maxBodyBytes, idleTimeout, maxPipelined, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_REQUEST_READ_TIMEOUT);
    }

    public static RestLimits from(ConfigReader c) {
        return new RestLimits(c.bytes("max-body", 64, 1 << 20), c.duration("idle-timeout"),
                c.integer("max-pipelined", 1, 1024), c.integer("max-connections", 1, 1_000_000),
                c.integer("max-connections-per-address", 1, 1_000_000), c.duration("request-read-timeout"));
    }
}
