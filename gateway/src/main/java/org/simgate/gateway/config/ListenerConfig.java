package org.simgate.gateway.config;

import java.nio.file.Path;

/**
 * One TCP listener. For TLS listeners, cert and key (PEM) may be null: then a self-signed
 * certificate is generated once into selfSignedDir. A listener other than https with
 * {@code tls = true} speaks TLS with the https listener's certificate.
 */
public record ListenerConfig(boolean enabled, String bind, int port, Path cert, Path key, Path selfSignedDir,
                             boolean tls) {

    public ListenerConfig(boolean enabled, String bind, int port, Path cert, Path key, Path selfSignedDir) {
        this(enabled, bind, port, cert, key, selfSignedDir, cert != null || selfSignedDir != null);
    }

    static ListenerConfig plain(ConfigReader c) {
        return new ListenerConfig(c.bool("enabled"), c.string("bind"), c.integer("port", 0, 65535), null, null, null,
                c.has("tls") && c.bool("tls"));
    }

    static ListenerConfig tls(ConfigReader c) {
        Path cert = c.optionalPath("cert");
        Path key = c.optionalPath("key");
        if ((cert == null) != (key == null)) {
            throw new ConfigError(c.path(cert == null ? "cert" : "key"), "cert and key go together: set both or neither");
        }
        return new ListenerConfig(c.bool("enabled"), c.string("bind"), c.integer("port", 0, 65535), cert, key,
                c.optionalPath("self-signed-dir"), true);
    }

    public boolean isLoopback() {
        return bind.equals("localhost") || bind.startsWith("127.") || bind.equals("::1") || bind.equals("[::1]");
    }
}
