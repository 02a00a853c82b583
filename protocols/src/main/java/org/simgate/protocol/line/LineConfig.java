package org.simgate.protocol.line;

import org.simgate.front.config.ListenerConfig;
import org.simgate.front.config.ConfigReader;
import java.time.Duration;

/**
 * The line-protocol listener (foxyproxy's TCP protocol, for telnet and APDUPlay) and its limits;
 * see docs/line-protocol.md.
 *
 * @param maxLineBytes             longest line; a longer one is answered and the connection closed
 * @param maxCommands              commands in one request; a request with more runs nothing
 * @param idleTimeout              a connection that sends nothing this long, owed nothing, is closed
 * @param maxConnectionsPerAddress open connections from one client address
 * @param maxPipelined             requests of one connection in flight before reads pause
 * @param maxConnections           open connections of the listener; one more is closed at once
 */
public record LineConfig(ListenerConfig listener, int maxLineBytes, int maxCommands, Duration idleTimeout,
                         int maxConnectionsPerAddress, int maxPipelined, int maxConnections) {

    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    public LineConfig(ListenerConfig listener, int maxLineBytes, int maxCommands, Duration idleTimeout,
                      int maxConnectionsPerAddress, int maxPipelined) {
        this(listener, maxLineBytes, maxCommands, idleTimeout, maxConnectionsPerAddress, maxPipelined,
                DEFAULT_MAX_CONNECTIONS);
    }

    public static LineConfig from(ConfigReader c) {
        return new LineConfig(ListenerConfig.plain(c), c.bytes("max-line", 64, 1 << 20),
                c.integer("max-commands", 1, 10_000), c.duration("idle-timeout"),
                c.integer("max-connections-per-address", 1, 1_000_000), c.integer("max-pipelined", 1, 1024),
                c.integer("max-connections", 1, 1_000_000));
    }
}
