package org.simgate.security.keys;

import java.security.interfaces.ECPublicKey;
import java.util.Objects;

/**
 * The P-384 public key of a registered device: requests it signs verify with
 * {@code ecdsa-p384-sha384} and act for {@code client}. A revoked key verifies nothing.
 */
public record DeviceKey(String keyId, String client, ECPublicKey publicKey, boolean revoked) {

    public DeviceKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.getParams().getCurve().getField().getFieldSize() != 384) {
            throw new IllegalArgumentException("device key " + keyId + ": not a P-384 key");
        }
    }
}
