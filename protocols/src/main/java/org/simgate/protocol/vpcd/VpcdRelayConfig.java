package org.simgate.protocol.vpcd;

import org.simgate.front.config.Loopback;
import org.simgate.front.config.ListenerConfig;
import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.simgate.front.config.ConfiguredSlots;

/**
 * One entry of {@code simgate.vpcd-relay}: export a slot as a card in a vpcd reader. Either
 * {@code connect = "host:port"} (simgate connects out to vpcd, retrying every {@code retry}) or
 * {@code listen = "host:port"} (vpcd in reversed mode connects in). The slot must allow raw APDUs
 * ({@code allow-apdu = true}): the relay sends the PC/SC client's APDUs as they come.
 *
 * <p>Security (docs/pcsc.md): a listening relay with {@code tls = true} speaks TLS with the https
 * certificate (client certificates from {@code simgate.auth.client-ca}); with
 * {@code simgate.auth.required} it takes only peers that authenticate. A connecting relay may speak
 * TLS ({@code tls { … }}) and send an AUTH frame first ({@code auth { … }}).
 *
 * @param tls  null: plain TCP
 * @param auth null: no AUTH frame (always null for a listening relay)
 */
public record VpcdRelayConfig(int slot, String host, int port, boolean listen, Duration retry, Tls tls,
                              Auth auth) {

    public VpcdRelayConfig(int slot, String host, int port, boolean listen, Duration retry) {
        this(slot, host, port, listen, retry, null, null);
    }

    /**
     * TLS on the relay's connection. For a listening relay the server side needs nothing here (the
     * https certificate); for a connecting relay: the CA bundle to trust (null: the JDK's), and a
     * client certificate and key (PEM; null: none).
     */
    public record Tls(Path trust, Path clientCert, Path clientKey) {
        public static final Tls SERVER = new Tls(null, null, null);
    }

    /**
     * The AUTH frame a connecting relay sends first: signed with key {@code keyId}, whose secret
     * (hmac-sha256, base64) is in the environment variable {@code secretEnv}, or whose P-384
     * private key (a registered device's, PKCS#8 PEM) is in {@code keyFile}.
     */
    public record Auth(String keyId, String secretEnv, Path keyFile) {
        @Override
        public String toString() {
            return "Auth[keyId=" + keyId + (secretEnv != null ? ", secret from $" + secretEnv : ", key file " + keyFile) + "]";
        }
    }

    /** {@code simgate.vpcd-relay}; each relay's slot must exist and take raw APDUs. */
    public static List<VpcdRelayConfig> list(ConfigReader simgate, ConfiguredSlots slots) {
        List<VpcdRelayConfig> relays = new ArrayList<>();
        for (ConfigReader entry : simgate.objectList("vpcd-relay",
                "must be a list [ { slot = 0, connect = \"127.0.0.1:35963\" } ]")) {
            relays.add(from(entry));
        }
        for (int i = 0; i < relays.size(); i++) {
            String refused = slots.refusesRawApdus(relays.get(i).slot());
            if (refused != null) {
                throw new ConfigError("simgate.vpcd-relay[" + i + "].slot", refused);
            }
        }
        return List.copyOf(relays);
    }

    static VpcdRelayConfig from(ConfigReader c) {
        int slot = c.integer("slot", 0, 65535);
        boolean connect = c.has("connect");
        boolean listen = c.has("listen");
        if (connect == listen) {
            throw new ConfigError(c.path("connect"), "set either connect = \"host:port\" (to a vpcd) or "
                    + "listen = \"host:port\" (for vpcd in reversed mode), not " + (connect ? "both" : "neither"));
        }
        String key = connect ? "connect" : "listen";
        String address = c.string(key).trim();
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new ConfigError(c.path(key), "must be host:port, e.g. 127.0.0.1:35963");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < (listen ? 0 : 1) || port > 65535) {
            throw new ConfigError(c.path(key), "the port must be a number from " + (listen ? 0 : 1) + " to 65535");
        }
        Duration retry = c.has("retry") ? c.duration("retry") : Duration.ofSeconds(1);
        return new VpcdRelayConfig(slot, host, port, listen, retry, tls(c, listen), auth(c, listen));
    }

    private static final java.util.regex.Pattern KEY_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** {@code tls = true} on either side; {@code tls { enabled, trust, client-cert, client-key }} on a connecting relay. */
    private static Tls tls(ConfigReader c, boolean listen) {
        if (!c.has("tls")) {
            return null;
        }
        if (!c.isObject("tls")) {
            return c.bool("tls") ? Tls.SERVER : null;
        }
        ConfigReader tls = c.child("tls");
        if (listen) {
            throw new ConfigError(c.path("tls"), "a listening relay takes tls = true (the https certificate, client "
                    + "certificates from simgate.auth.client-ca); tls { … } is for connect relays");
        }
        if (tls.has("enabled") && !tls.bool("enabled")) {
            return null;
        }
        Path cert = tls.optionalPath("client-cert");
        Path key = tls.optionalPath("client-key");
        if ((cert == null) != (key == null)) {
            throw new ConfigError(tls.path(cert == null ? "client-cert" : "client-key"),
                    "client-cert and client-key go together: set both or neither");
        }
        return new Tls(tls.optionalPath("trust"), cert, key);
    }

    /** {@code auth { key-id, secret-env | key-file }}, connect relays only. */
    private static Auth auth(ConfigReader c, boolean listen) {
        if (!c.has("auth")) {
            return null;
        }
        if (listen) {
            throw new ConfigError(c.path("auth"), "a listening relay checks its peers with simgate.auth; auth { … } "
                    + "is what a connect relay sends");
        }
        ConfigReader auth = c.child("auth");
        String keyId = auth.string("key-id");
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new ConfigError(auth.path("key-id"), "must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        String secretEnv = auth.optionalString("secret-env");
        Path keyFile = auth.optionalPath("key-file");
        if ((secretEnv == null) == (keyFile == null)) {
            throw new ConfigError(auth.path("secret-env"), "set either secret-env (a shared key's secret, base64, "
                    + "in that environment variable) or key-file (a device's P-384 private key, PEM), not "
                    + (secretEnv == null ? "neither" : "both"));
        }
        if (secretEnv != null && !ENV_NAME.matcher(secretEnv).matches()) {
            throw new ConfigError(auth.path("secret-env"), "must be an environment variable name");
        }
        return new Auth(keyId, secretEnv, keyFile);
    }

    /** Whether every address the relay's host resolves to is a loopback one; see {@link ListenerConfig#isLoopback}. */
    public boolean isLoopback() {
        return Loopback.isLoopback(host);
    }
}
