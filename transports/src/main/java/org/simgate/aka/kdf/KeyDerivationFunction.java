package org.simgate.aka.kdf;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic key derivation function of TS 33.220 Annex B.2: derived key = HMAC-SHA-256(Key, S)
 * with S = FC ‖ P0 ‖ L0 ‖ P1 ‖ L1 ‖ …, each Li the length of Pi in two big-endian bytes. Every 3GPP
 * key of this package is one call of it with its own FC and parameters.
 */
public final class KeyDerivationFunction {
    private static final String HMAC_SHA_256 = "HmacSHA256";

    private KeyDerivationFunction() {
    }

    /** KDF(key, FC ‖ P0 ‖ L0 ‖ …): 32 bytes. */
    public static byte[] derive(byte[] key, int fc, byte[]... parameters) {
        int length = 1;
        for (byte[] p : parameters) {
            if (p.length > 0xFFFF) {
                throw new IllegalArgumentException("a KDF parameter must be shorter than 65536 bytes");
            }
            length += p.length + 2;
        }
        byte[] s = new byte[length];
        s[0] = (byte) fc;
        int at = 1;
        for (byte[] p : parameters) {
            System.arraycopy(p, 0, s, at, p.length);
            at += p.length;
            s[at++] = (byte) (p.length >>> 8);
            s[at++] = (byte) p.length;
        }
        return hmacSha256(key, s);
    }

    /** HMAC-SHA-256 (RFC 2104 with FIPS 180-4), for the KDF and RFC 5448's PRF'. */
    static byte[] hmacSha256(byte[] key, byte[]... message) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA_256);
            mac.init(new SecretKeySpec(key, HMAC_SHA_256));
            for (byte[] part : message) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (InvalidKeyException e) {
            // never the key itself: only that it was unusable
            throw new IllegalArgumentException("HMAC-SHA-256 refused the key (" + key.length + " bytes)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void requireLength(String name, byte[] value, int length) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got "
                    + (value == null ? "none" : value.length));
        }
    }
}
