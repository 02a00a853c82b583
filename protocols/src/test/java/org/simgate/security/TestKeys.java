package org.simgate.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import org.simgate.security.keys.SharedKey;

/** Keys for tests: secrets of 32 repeated bytes, a fresh P-384 pair. */
public final class TestKeys {
    private TestKeys() {
    }

    public static byte[] secret(int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return secret;
    }

    public static SharedKey shared(String id, String client, int fill, Instant expires) {
        return new SharedKey(id, "lab", client, secret(fill), expires, false);
    }

    public static KeyPair p384() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
