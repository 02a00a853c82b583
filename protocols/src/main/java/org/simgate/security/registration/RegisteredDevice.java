package org.simgate.security.registration;

import java.time.Instant;
import org.simgate.security.keys.DeviceKey;

/**
 * A device that finalized its registration, as the admin lists it.
 *
 * @param deviceBrand as the device said, empty when it did not
 * @param revokedAt null while the key is in use
 */
public record RegisteredDevice(String keyId, String client, String serial, String deviceBrand, String deviceModel,
        String publicKeyPem, Instant registeredAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }

    /** The key a request verifier checks this device's signatures with. */
    public DeviceKey key() {
        return new DeviceKey(keyId, client, Pem.p384PublicKey(publicKeyPem).orElseThrow(), revoked());
    }
}
