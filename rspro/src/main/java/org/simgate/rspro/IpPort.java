package org.simgate.rspro;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * RSPRO's {@code IpPort}: where a client finds its bank. The server sends 0.0.0.0 port 0 when a
 * client's mapping is removed ("no bank").
 */
public record IpPort(InetAddress ip, int port) {
    public IpPort {
        if (!(ip instanceof Inet4Address) && !(ip instanceof Inet6Address)) {
            throw new IllegalArgumentException("IpPort.ip must be an IPv4 or IPv6 address");
        }
        Ranges.require("IpPort.port", port, Ranges.MAX_PORT);
    }

    /** True for the "no bank" address 0.0.0.0:0 (or :: port 0) a server sends when a mapping goes. */
    public boolean isUnset() {
        return port == 0 && ip.isAnyLocalAddress();
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(ip, port);
    }

    @Override
    public String toString() {
        return (ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress()) + ":" + port;
    }
}
