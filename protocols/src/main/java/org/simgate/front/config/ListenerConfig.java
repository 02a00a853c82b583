package org.simgate.front.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.simgate.protocol.AllowedHosts;

/**
 * One TCP listener. For TLS listeners, cert and key (PEM) may be null: then a self-signed
 * certificate is generated once into selfSignedDir. A listener other than https with
 * {@code tls = true} speaks TLS with the https listener's certificate.
 *
 * @param allowedHosts what the HTTP listeners (http, https, management) answer for besides loopback
 *                     names ({@code allowed-hosts}, see {@link AllowedHosts}); empty for the others
 */
public record ListenerConfig(boolean enabled, String bind, int port, Path cert, Path key, Path selfSignedDir,
                             boolean tls, List<String> allowedHosts) {

    public ListenerConfig {
        allowedHosts = List.copyOf(allowedHosts);
    }

    public ListenerConfig(boolean enabled, String bind, int port, Path cert, Path key, Path selfSignedDir,
                          boolean tls) {
        this(enabled, bind, port, cert, key, selfSignedDir, tls, List.of());
    }

    public ListenerConfig(boolean enabled, String bind, int port, Path cert, Path key, Path selfSignedDir) {
        this(enabled, bind, port, cert, key, selfSignedDir, cert != null || selfSignedDir != null);
    }

    public static ListenerConfig plain(ConfigReader c) {
        return new ListenerConfig(c.bool("enabled"), c.string("bind"), c.integer("port", 0, 65535), null, null, null,
                c.has("tls") && c.bool("tls"));
    }

    public static ListenerConfig tls(ConfigReader c) {
        Path cert = c.optionalPath("cert");
        Path key = c.optionalPath("key");
        if ((cert == null) != (key == null)) {
            throw new ConfigError(c.path(cert == null ? "cert" : "key"), "cert and key go together: set both or neither");
        }
        return new ListenerConfig(c.bool("enabled"), c.string("bind"), c.integer("port", 0, 65535), cert, key,
                c.optionalPath("self-signed-dir"), true);
    }

    /** This HTTP listener with its {@code allowed-hosts}, each a host name, an address, *.domain or *. */
    public ListenerConfig withAllowedHosts(ConfigReader c) {
        List<String> hosts = c.stringList("allowed-hosts");
        for (int i = 0; i < hosts.size(); i++) {
            String reason = AllowedHosts.invalid(hosts.get(i));
            if (reason != null) {
                throw new ConfigError(c.path("allowed-hosts[" + i + "]"), reason);
            }
        }
        return new ListenerConfig(enabled, bind, port, cert, key, selfSignedDir, tls, hosts);
    }

    /**
     * The hosts this HTTP listener answers for (docs/security.md, DNS rebinding): on a loopback bind
     * the loopback names, plus its {@code allowed-hosts} and {@code publicHost} (the host of the
     * public URL, where devices finalize; null: none); beyond loopback without {@code allowed-hosts},
     * any (null).
     *
     * @param section the listener's config section, which a refusal names
     */
    public AllowedHosts answeredHosts(String section, String publicHost) {
        boolean loopback = isLoopback();
        if (!loopback && allowedHosts.isEmpty()) {
            return null;
        }
        List<String> hosts = new ArrayList<>(allowedHosts);
        // a wildcard bind's default URL says localhost as a stand-in, no name to allow beyond loopback
        if (publicHost != null && !publicHost.equals("localhost") && AllowedHosts.invalid(publicHost) == null) {
            hosts.add(publicHost);
        }
        return AllowedHosts.forListener(section, loopback, hosts);
    }

    /**
     * Whether every address the bind resolves to is a loopback one (a wildcard, an address of another
     * interface or a name that resolves to one of those, or to nothing, is not). Resolves the name.
     */
    public boolean isLoopback() {
        return Loopback.isLoopback(bind);
    }
}
