package org.simgate.gateway.config;

import java.time.Duration;

/** HTTP limits shared by the HTTP and HTTPS listeners. */
public record RestLimits(int maxBodyBytes, Duration idleTimeout, int maxPipelined) {
    static RestLimits from(ConfigReader c) {
        return new RestLimits(c.bytes("max-body", 64, 1 << 20), c.duration("idle-timeout"),
                c.integer("max-pipelined", 1, 1024));
    }
}
