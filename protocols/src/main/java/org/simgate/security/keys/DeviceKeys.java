package org.simgate.security.keys;

/**
 * Where a request verifier looks up the public key of a registered device by the key id the
 * request was signed under. A revoked key is either absent or present with {@code revoked} set;
 * either way the verifier refuses it.
 */
public interface DeviceKeys {
    java.util.Optional<DeviceKey> find(String keyId);
}
