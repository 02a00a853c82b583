package org.simgate.protocol;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The host names an HTTP listener answers for, read from a request's {@code Host} header. A web
 * page can rebind its own DNS name to 127.0.0.1 and have the browser talk to a loopback listener;
 * the browser then still names the page's host in {@code Host}, so a loopback listener answers only
 * loopback names — {@code localhost} and its subdomains (RFC 6761: never delegated in DNS, so no one
 * can rebind them), {@code 127.0.0.0/8} and {@code [::1]}, with any port — and the names the
 * operator lists.
 *
 * <p>A listed name is a host name or IP address matched exactly (case does not matter),
 * {@code *.example.com} for the subdomains of {@code example.com}, or {@code *} for any host.
 * Names are resolved never: an address matches only as an address literal.
 */
public final class AllowedHosts {
    private final String listener;
    private final boolean loopback;
    private final boolean any;
    private final List<String> names;
    private final List<String> suffixes;
    private final List<byte[]> addresses;

    private AllowedHosts(String listener, boolean loopback, List<String> patterns) {
        this.listener = listener;
        this.loopback = loopback;
        List<String> names = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        List<byte[]> addresses = new ArrayList<>();
        boolean any = false;
        for (String pattern : patterns) {
            String reason = invalid(pattern);
            if (reason != null) {
                throw new IllegalArgumentException(reason);
            }
            String host = normalized(pattern);
            byte[] address = address(host);
            if (host.equals("*")) {
                any = true;
            } else if (host.startsWith("*.")) {
                suffixes.add(host.substring(1));
            } else if (address != null) {
                addresses.add(address);
            } else {
                names.add(host);
            }
        }
        this.any = any;
        this.names = List.copyOf(names);
        this.suffixes = List.copyOf(suffixes);
        this.addresses = List.copyOf(addresses);
    }

    /**
     * The hosts a listener answers for, or null when it needs no check: a listener bound beyond
     * loopback answers any host unless the operator lists some.
     *
     * @param listener the listener's config section ({@code simgate.http}), where its hosts are listed
     * @param loopback whether the listener is bound to a loopback address
     * @param listed   the operator's names ({@code allowed-hosts}), each valid per {@link #invalid}
     */
    public static AllowedHosts forListener(String listener, boolean loopback, List<String> listed) {
        if (!loopback && listed.isEmpty()) {
            return null;
        }
        return new AllowedHosts(listener, loopback, listed);
    }

    /** The listener's config section, such as {@code simgate.http}. */
    public String listener() {
        return listener;
    }

    /** Why {@code pattern} cannot be an allowed host (for a config error), or null when it can. */
    public static String invalid(String pattern) {
        String host = normalized(pattern);
        if (host.equals("*")) {
            return null;
        }
        if (host.startsWith("*.")) {
            host = host.substring(2);
        }
        if (address(host) != null) {
            return null;
        }
        if (host.isEmpty() || host.length() > 253 || !host.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*")) {
            return "must be a host name, an IP address, *.domain or *";
        }
        return null;
    }

    /**
     * Whether a request with this {@code Host} header is answered. A request without one is no
     * browser's (every browser sends it) and is answered; so is an empty one (HTTP/1.1 allows it).
     */
    public boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank() || any) {
            return true;
        }
        String host = hostOf(hostHeader.strip());
        if (host == null) {
            return false;
        }
        byte[] address = address(host);
        if (address != null) {
            return (loopback && isLoopback(address)) || addresses.stream().anyMatch(a -> Arrays.equals(a, address));
        }
        if (loopback && (host.equals("localhost") || host.endsWith(".localhost"))) {
            return true;
        }
        return names.contains(host) || suffixes.stream().anyMatch(suffix -> host.endsWith(suffix));
    }

    /** The host of {@code host[:port]} or {@code [v6]:port}, lower case without a final dot; null if malformed. */
    private static String hostOf(String header) {
        String host;
        String port;
        if (header.startsWith("[")) {
            int close = header.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = header.substring(1, close);
            port = header.substring(close + 1);
            byte[] address = address(host);
            if (address == null || address.length != 16) {
                return null; // brackets hold IPv6 addresses only
            }
        } else {
            int colon = header.indexOf(':');
            if (colon >= 0 && header.indexOf(':', colon + 1) >= 0) {
                return null; // an IPv6 address without brackets is no valid Host
            }
            host = colon < 0 ? header : header.substring(0, colon);
            port = colon < 0 ? "" : header.substring(colon);
        }
        if (!port.isEmpty() && !isPort(port)) {
            return null;
        }
        return normalized(host);
    }

    /** {@code :} and one to five digits; by hand, as String.matches compiled its pattern on every request. */
    private static boolean isPort(String port) {
        if (port.length() < 2 || port.length() > 6 || port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String normalized(String host) {
        String text = host.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        return text.endsWith(".") && !text.equals("*.") ? text.substring(0, text.length() - 1) : text;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null for a name. */
    private static byte[] address(String host) {
        return NetUtil.createByteArrayFromIpAddressString(host);
    }

    private static boolean isLoopback(byte[] address) {
        if (address.length == 4) {
            return address[0] == 127;
        }
        byte[] v6loopback = new byte[16];
        v6loopback[15] = 1;
        if (Arrays.equals(address, v6loopback)) {
            return true;
        }
        // ::ffff:127.x.y.z, an IPv4 loopback address written as IPv6
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff && address[12] == 127;
    }
}
