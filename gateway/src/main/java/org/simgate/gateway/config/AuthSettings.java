package org.simgate.gateway.config;

import org.simgate.front.config.KeyLedger;
import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.List;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.config.AuthConfigError;

/**
 * {@code simgate.auth} as the gateway uses it: the protocol-independent part (keys, window,
 * clients, rate limits; docs/security.md) and what only the gateway wires: where registered
 * devices are kept, the URL devices finalize at, and the CA whose client certificates (mTLS) name a
 * client.
 *
 * @param config            signatures, keys, clients, limits
 * @param requiredExplicit  whether {@code required} was set in the config at all (a non-loopback
 *                          listener with no authentication needs an explicit {@code required = false})
 * @param devicesDir        the registered devices' state directory
 * @param publicUrl         the base URL devices reach simgate at (the registration's scope); null:
 *                          the HTTPS listener's own address
 * @param clientCa          PEM CA bundle whose client certificates are accepted on TLS listeners, or null: no mTLS
 */
public record AuthSettings(AuthConfig config, boolean requiredExplicit, Path devicesDir, String publicUrl,
                           Path clientCa) {

    /** The keys of each {@code simgate.auth.clients} entry, which AuthConfig reads from the entry's own object. */
    private static final List<String> CLIENT_KEYS = List.of("slots", "operations", "rate-limit.per-second",
            "rate-limit.burst");

    static AuthSettings from(Config root, KeyLedger ledger) {
        AuthConfig config;
        try {
            config = AuthConfig.fromRoot(TrackedConfig.of(root, "", ledger));
        } catch (AuthConfigError e) {
            // "path: problem", the path being a config key
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw colon < 0 ? new ConfigError(message)
                    : new ConfigError(message.substring(0, colon), message.substring(colon + 2));
        }
        boolean explicit = root.hasPath("simgate.auth.required");
        if (!root.hasPath("simgate.auth")) {
            return new AuthSettings(config, false, Path.of("var/devices"), null, null);
        }
        recordClients(root.getConfig("simgate.auth"), ledger);
        ConfigReader c = new ConfigReader(root.getConfig("simgate.auth"), "simgate.auth", ledger);
        Path devicesDir = c.has("devices-dir") ? c.optionalPath("devices-dir") : Path.of("var/devices");
        String publicUrl = c.optionalString("public-url");
        if (publicUrl != null && !publicUrl.matches("https?://[^/\\s]+(/\\S*)?")) {
            throw new ConfigError(c.path("public-url"), "must be an http(s) URL such as https://gw.example:8443");
        }
        if (publicUrl != null && publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
        return new AuthSettings(config, explicit, devicesDir, publicUrl, c.optionalPath("client-ca"));
    }

    private static void recordClients(Config auth, KeyLedger ledger) {
        if (!auth.hasPath("clients") || auth.getValue("clients").valueType() != ConfigValueType.OBJECT) {
            return;
        }
        ledger.object("simgate.auth.clients");
        for (String name : auth.getObject("clients").keySet()) {
            String client = "simgate.auth.clients." + name;
            ledger.object(client);
            ledger.object(client + ".rate-limit");
            CLIENT_KEYS.forEach(key -> ledger.value(client + "." + key));
        }
    }

    public boolean required() {
        return config.required();
    }
}
