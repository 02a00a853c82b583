package org.simgate.security.keys;

/** A registered device's P-384 public key, under which it signs requests with {@code ecdsa-p384-sha384}. */
public record DeviceKey(String keyId, String client, java.security.interfaces.ECPublicKey publicKey, boolean revoked) {}
