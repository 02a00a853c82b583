package org.simgate.front;

import java.net.InetSocketAddress;

/**
 * A TCP listener a front asks for ({@link FrontContext#listen}).
 *
 * @param name   the listener's name in logs and metrics ({@code simgate_listener_connections{listener}});
 *               listeners of one name share one count (several vpcd relays)
 * @param bind   the address to bind (a name, a literal, a wildcard)
 * @param port   0: one the system picks
 * @param tls    TLS in front of the protocol, with the server certificate ({@link FrontContext#serverTls()});
 *               false when the protocol places TLS itself or speaks none
 * @param limits the listener's connection budget: one more connection is closed as it is accepted
 */
public record Listen(String name, String bind, int port, boolean tls, Limits limits) {

    /** {@code host:port} for a log line, an IPv6 host in brackets. */
    public static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * @param maxConnections open connections of the listener
     * @param maxPerAddress  open connections from one client address
     * @param section        the config section that sets them, named when a connection is refused; null: none
     */
    public record Limits(int maxConnections, int maxPerAddress, String section) {
        public Limits {
            if (maxConnections < 1 || maxPerAddress < 1) {
                throw new IllegalArgumentException("connection limits must be positive");
            }
        }
    }
}
