package org.simgate.security.line;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.Objects;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.signature.RequestSigner;
import org.simgate.security.signature.SignatureAlgorithm;

/** The client side of the line protocol's AUTH: a fresh AUTH line for each new connection. */
public final class AuthLineSigner {
    private final String keyId;
    private final SignatureAlgorithm algorithm;
    private final Key key;
    private final Clock clock;

    private AuthLineSigner(String keyId, SignatureAlgorithm algorithm, Key key, Clock clock) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.algorithm = algorithm;
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static AuthLineSigner hmac(SharedKey key, Clock clock) {
        return new AuthLineSigner(key.id(), SignatureAlgorithm.HMAC_SHA256, key.secretKey(), clock);
    }

    public static AuthLineSigner ecdsa(String keyId, ECPrivateKey key, Clock clock) {
        return new AuthLineSigner(keyId, SignatureAlgorithm.ECDSA_P384_SHA384, key, clock);
    }

    /** {@code >AUTH:…|} with created from the clock and a fresh random nonce. */
    public String line() {
        return line(clock.instant().getEpochSecond(), RequestSigner.newNonce());
    }

    String line(long created, String nonce) {
        try {
            return new AuthLine(keyId, created, nonce, algorithm.sign(key, AuthLine.base(keyId, created, nonce)))
                    .encode();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "AuthLineSigner[keyid=" + keyId + ", " + algorithm.wireName() + ", key redacted]";
    }
}
