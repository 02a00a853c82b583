package org.simgate.protocol.vpcd;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.Supplier;
import org.simgate.front.config.ConfigError;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.line.AuthLineSigner;
import org.simgate.security.registration.Pem;

/**
 * What a connecting vpcd relay shows its peer: a client TLS context and a source of AUTH lines,
 * either or both null. Built when the relay starts (and checked before a reload changes
 * anything); errors name the key, never a secret.
 */
record RelayCredentials(SslContext tls, Supplier<String> authLine) {
    static final RelayCredentials NONE = new RelayCredentials(null, null);

    static RelayCredentials of(VpcdRelayConfig relay, Clock clock, Function<String, String> environment) {
        if (relay.listen()) {
            return NONE;
        }
        String path = "simgate.vpcd-relay (slot " + relay.slot() + ")";
        return new RelayCredentials(tls(relay.tls(), path), authLine(relay.auth(), path, clock, environment));
    }

    private static SslContext tls(VpcdRelayConfig.Tls tls, String path) {
        if (tls == null) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (tls.trust() != null) {
                builder.trustManager(tls.trust().toFile());
            }
            if (tls.clientCert() != null) {
                builder.keyManager(tls.clientCert().toFile(), tls.clientKey().toFile());
            }
            return builder.build();
        } catch (IllegalArgumentException | javax.net.ssl.SSLException e) {
            throw new ConfigError(path + ".tls", "cannot use the trust, client-cert or client-key files ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static Supplier<String> authLine(VpcdRelayConfig.Auth auth, String path, Clock clock,
                                             Function<String, String> environment) {
        if (auth == null) {
            return null;
        }
        if (auth.secretEnv() != null) {
            String value = environment.apply(auth.secretEnv());
            if (value == null || value.isBlank()) {
                throw new ConfigError(path + ".auth.secret-env", "the environment variable " + auth.secretEnv()
                        + " is not set");
            }
            byte[] secret;
            try {
                secret = Base64.getDecoder().decode(value.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigError(path + ".auth.secret-env", "the environment variable " + auth.secretEnv()
                        + " must hold base64");
            }
            if (secret.length < 32) {
                throw new ConfigError(path + ".auth.secret-env", "the secret must be at least 32 bytes");
            }
            return AuthLineSigner.hmac(new SharedKey(auth.keyId(), "vpcd-relay", "vpcd-relay", secret, null, false),
                    clock)::line;
        }
        ECPrivateKey key;
        try {
            key = Pem.ecPrivateKey(Files.readString(auth.keyFile()));
        } catch (IOException e) {
            throw new ConfigError(path + ".auth.key-file", auth.keyFile() + " cannot be read");
        } catch (IllegalArgumentException e) {
            throw new ConfigError(path + ".auth.key-file", e.getMessage());
        }
        return AuthLineSigner.ecdsa(auth.keyId(), key, clock)::line;
    }
}
