package org.simgate.gateway;

import java.net.InetSocketAddress;
import org.simgate.front.config.ListenerConfig;
import org.simgate.gateway.config.GatewayConfig;

/** Where devices reach simgate to finalize a registration. */
final class PublicUrl {
    private PublicUrl() {
    }

    /**
     * The configured URL, else the HTTPS listener (the HTTP one when HTTPS is off) at the port it is
     * bound to — with {@code port = 0}, the one the system gave it.
     *
     * @param httpAddress  the bound HTTP listener, null when off
     * @param httpsAddress the bound HTTPS listener, null when off
     */
    static String of(GatewayConfig config, InetSocketAddress httpAddress, InetSocketAddress httpsAddress) {
        if (config.auth().publicUrl() != null) {
            return config.auth().publicUrl();
        }
        boolean https = httpsAddress != null || httpAddress == null;
        ListenerConfig listener = https ? config.https() : config.http();
        InetSocketAddress bound = https ? httpsAddress : httpAddress;
        String host = listener.bind().equals("0.0.0.0") || listener.bind().equals("::") ? "localhost" : listener.bind();
        int port = bound != null ? bound.getPort() : listener.port();
        return (https ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
