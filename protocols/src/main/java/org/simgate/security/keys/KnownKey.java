package org.simgate.security.keys;

import java.security.Key;
import java.time.Instant;
import java.util.Objects;
import org.simgate.security.signature.SignatureAlgorithm;

/**
 * A key a request may name, as verification needs it: which client it acts for, the algorithm it
 * verifies with (decided here, never by the request), the key, its expiry (null: none) and whether
 * it is revoked. toString never shows the key.
 */
public record KnownKey(String keyId, String client, SignatureAlgorithm algorithm, Key key, Instant expires,
                       boolean revoked) {

    public KnownKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(key, "key");
    }

    static KnownKey of(SharedKey shared) {
        return new KnownKey(shared.id(), shared.client(), SignatureAlgorithm.HMAC_SHA256, shared.secretKey(),
                shared.expires(), shared.revoked());
    }

    static KnownKey of(DeviceKey device) {
        return new KnownKey(device.keyId(), device.client(), SignatureAlgorithm.ECDSA_P384_SHA384, device.publicKey(),
                null, device.revoked());
    }

    @Override
    public String toString() {
        return "KnownKey[keyId=" + keyId + ", client=" + client + ", " + algorithm.wireName() + ", key redacted"
                + (expires != null ? ", expires=" + expires : "") + (revoked ? ", revoked" : "") + "]";
    }
}
