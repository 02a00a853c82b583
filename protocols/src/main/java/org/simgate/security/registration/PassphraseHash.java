package org.simgate.security.registration;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * What the registry keeps of a registration passphrase: a salted PBKDF2-HMAC-SHA-256 hash, so
 * that the state file does not give the passphrase away, compared in constant time.
 */
record PassphraseHash(byte[] salt, byte[] hash, int iterations) {
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** A passphrase lives minutes; this slows a guess from a stolen state file without making finalize slow. */
    static final int ITERATIONS = 50_000;
    private static final int HASH_BITS = 256;

    static PassphraseHash of(String passphrase, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return new PassphraseHash(salt, derive(passphrase, salt, ITERATIONS), ITERATIONS);
    }

    boolean matches(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(hash, derive(candidate, salt, iterations));
    }

    private static byte[] derive(String passphrase, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(passphrase.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "PassphraseHash[(hidden)]";
    }
}
