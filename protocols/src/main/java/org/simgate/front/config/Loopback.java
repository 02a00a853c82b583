package org.simgate.front.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a bind stays on this host, decided on the addresses it resolves to, never on its spelling:
 * a name such as {@code 127.lab.example} may resolve to anything.
 */
public final class Loopback {
    private Loopback() {
    }

    /**
     * True when every address {@code host} resolves to is a loopback one. A wildcard ({@code 0.0.0.0},
     * {@code ::}) is every interface, a name that does not resolve is not known to be loopback: both false.
     */
    public static boolean isLoopback(String host) {
        return isLoopback(host, InetAddress::getAllByName);
    }

    /** A name service: every address a name resolves to. */
    public interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    public static boolean isLoopback(String host, Resolver resolver) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress[] addresses = resolver.resolve(name);
            if (addresses.length == 0) {
                return false;
            }
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
