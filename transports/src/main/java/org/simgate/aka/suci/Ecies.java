package org.simgate.aka.suci;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The ECIES of TS 33.501 Annex C.3 as SUCI uses it, Profile A (X25519, C.3.4.1) and Profile B
 * (secp256r1, C.3.4.2): shared secret Z by ECDH between an ephemeral key and the home network's,
 * the ANSI X9.63 KDF with SHA-256 over Z with the ephemeral public key as SharedInfo1 (for
 * Profile B in its compressed form, as it is sent), split into a 128-bit AES key, a 128-bit initial
 * counter block and a 256-bit MAC key; AES-128-CTR of the plaintext; HMAC-SHA-256 of the ciphertext
 * cut to 64 bits. The scheme output is ephemeral public key ‖ ciphertext ‖ MAC tag.
 *
 * <p>X25519, AES and HMAC are the JDK's; P-256 point decoding, compression, validation and
 * multiplication are BouncyCastle's (the JDK has no public API for compressed points). Z keeps its
 * leading zero bytes: it is always the full 32 bytes.
 */
public final class Ecies {
    static final int MAC_TAG_BYTES = 8;
    private static final int X25519_BYTES = 32;
    private static final int P256_COMPRESSED_BYTES = 33;
    private static final int P256_UNCOMPRESSED_BYTES = 65;
    private static final X9ECParameters P256 = ECNamedCurveTable.getByName("secp256r1");
    /** The base point u = 9 of RFC 7748: X25519(k, 9) is k's public key. */
    private static final byte[] X25519_BASE = basePoint();

    /** What the KDF makes of Z: the AES key, the initial counter block and the MAC key. */
    record Keys(byte[] encryptionKey, byte[] initialCounterBlock, byte[] macKey) {
        @Override
        public String toString() {
            return "Keys[redacted]";
        }
    }

    private Ecies() {
    }

    /** The scheme output for {@code plaintext} with a fresh ephemeral key pair, which is then forgotten. */
    public static byte[] conceal(ProtectionScheme profile, byte[] homeNetworkPublicKey, byte[] plaintext,
                                 SecureRandom random) throws SuciException {
        byte[] ephemeralPrivate = switch (profile) {
            case PROFILE_A -> randomBytes(random, X25519_BYTES);
            case PROFILE_B -> p256PrivateKey(random);
            case NULL_SCHEME -> throw new IllegalArgumentException("the null-scheme conceals nothing");
        };
        try {
            return conceal(profile, homeNetworkPublicKey, plaintext, ephemeralPrivate);
        } finally {
            Arrays.fill(ephemeralPrivate, (byte) 0);
        }
    }

    /** As the other conceal, with a given ephemeral private key (the test vectors fix it). */
    static byte[] conceal(ProtectionScheme profile, byte[] homeNetworkPublicKey, byte[] plaintext,
                          byte[] ephemeralPrivateKey) throws SuciException {
        byte[] ephemeralPublic = publicKey(profile, ephemeralPrivateKey);
        byte[] z = sharedSecret(profile, ephemeralPrivateKey, homeNetworkPublicKey);
        Keys keys = keys(z, ephemeralPublic);
        byte[] ciphertext = aesCtr(keys.encryptionKey(), keys.initialCounterBlock(), plaintext);
        byte[] tag = macTag(keys.macKey(), ciphertext);
        byte[] out = new byte[ephemeralPublic.length + ciphertext.length + tag.length];
        System.arraycopy(ephemeralPublic, 0, out, 0, ephemeralPublic.length);
        System.arraycopy(ciphertext, 0, out, ephemeralPublic.length, ciphertext.length);
        System.arraycopy(tag, 0, out, ephemeralPublic.length + ciphertext.length, tag.length);
        return out;
    }

    /**
     * The plaintext of a scheme output, as the home network's SIDF recovers it: MAC checked first
     * (constant time), then decrypted.
     *
     * @param acceptUncompressed Profile B only: also take a 65-byte uncompressed ephemeral key,
     *                           compressed for the KDF (free5gc's leniency); TS 33.501 sends it compressed
     * @throws SuciException a malformed output, a point not on the curve, or a MAC that does not verify
     */
    public static byte[] deconceal(ProtectionScheme profile, byte[] homeNetworkPrivateKey, byte[] schemeOutput,
                                   boolean acceptUncompressed) throws SuciException {
        int keyLength = switch (profile) {
            case PROFILE_A -> X25519_BYTES;
            case PROFILE_B -> schemeOutput.length > 0 && schemeOutput[0] == 0x04 ? P256_UNCOMPRESSED_BYTES
                    : P256_COMPRESSED_BYTES;
            case NULL_SCHEME -> throw new IllegalArgumentException("the null-scheme conceals nothing");
        };
        if (schemeOutput.length < keyLength + MAC_TAG_BYTES + 1) {
            throw new SuciException(profile.title() + " scheme output too short: " + schemeOutput.length + " bytes");
        }
        byte[] ephemeralPublic = Arrays.copyOf(schemeOutput, keyLength);
        byte[] ciphertext = Arrays.copyOfRange(schemeOutput, keyLength, schemeOutput.length - MAC_TAG_BYTES);
        byte[] tag = Arrays.copyOfRange(schemeOutput, schemeOutput.length - MAC_TAG_BYTES, schemeOutput.length);
        byte[] sharedInfo = ephemeralPublic;
        if (profile == ProtectionScheme.PROFILE_B) {
            ECPoint point = p256Point(ephemeralPublic, "the ephemeral public key");
            if (keyLength == P256_UNCOMPRESSED_BYTES) {
                if (!acceptUncompressed) {
                    throw new SuciException("Profile B ephemeral public key is uncompressed; TS 33.501 C.3.4.2 sends"
                            + " it compressed (33 bytes)");
                }
                sharedInfo = point.getEncoded(true);
            }
        }
        byte[] z = sharedSecret(profile, homeNetworkPrivateKey, ephemeralPublic);
        Keys keys = keys(z, sharedInfo);
        if (!MessageDigest.isEqual(macTag(keys.macKey(), ciphertext), tag)) {
            throw new SuciException("MAC tag does not verify: not concealed for this home network key, or altered");
        }
        return aesCtr(keys.encryptionKey(), keys.initialCounterBlock(), ciphertext);
    }

    /** The public key of a private one: X25519(k, 9) for Profile A, k·G compressed for Profile B. */
    public static byte[] publicKey(ProtectionScheme profile, byte[] privateKey) throws SuciException {
        return switch (profile) {
            case PROFILE_A -> x25519(privateKey, X25519_BASE);
            case PROFILE_B -> P256.getG().multiply(p256Scalar(privateKey)).normalize().getEncoded(true);
            case NULL_SCHEME -> throw new IllegalArgumentException("the null-scheme has no keys");
        };
    }

    /**
     * Checks a home network public key as provisioned: 32 bytes for Profile A; for Profile B a point
     * on P-256, compressed (33 bytes) or not (65).
     */
    public static void checkPublicKey(ProtectionScheme profile, byte[] key) throws SuciException {
        switch (profile) {
            case PROFILE_A -> {
                if (key.length != X25519_BYTES) {
                    throw new SuciException("a Profile A (X25519) public key is 32 bytes, got " + key.length);
                }
            }
            case PROFILE_B -> p256Point(key, "the home network public key");
            case NULL_SCHEME -> throw new IllegalArgumentException("the null-scheme has no keys");
        }
    }

    /** Z: X25519 for Profile A; for Profile B the x coordinate of d·Q, 32 bytes, leading zeros kept. */
    static byte[] sharedSecret(ProtectionScheme profile, byte[] privateKey, byte[] peerPublicKey) throws SuciException {
        if (profile == ProtectionScheme.PROFILE_A) {
            if (peerPublicKey.length != X25519_BYTES) {
                throw new SuciException("a Profile A (X25519) public key is 32 bytes, got " + peerPublicKey.length);
            }
            return x25519(privateKey, peerPublicKey);
        }
        ECPoint shared = p256Point(peerPublicKey, "the public key").multiply(p256Scalar(privateKey)).normalize();
        if (shared.isInfinity()) {
            throw new SuciException("the shared point is the point at infinity");
        }
        // FieldElement.getEncoded is the field's fixed 32 bytes: no BigInteger, no lost leading zero
        return shared.getAffineXCoord().getEncoded();
    }

    /** ANSI X9.63 KDF with SHA-256: SHA-256(Z ‖ counter ‖ SharedInfo1) for counter 1 and 2, split 16/16/32. */
    static Keys keys(byte[] z, byte[] sharedInfo) {
        byte[] k = new byte[64];
        try {
            for (int counter = 1; counter <= 2; counter++) {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                sha256.update(z);
                sha256.update(new byte[] {0, 0, 0, (byte) counter});
                sha256.update(sharedInfo);
                System.arraycopy(sha256.digest(), 0, k, 32 * (counter - 1), 32);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
        return new Keys(Arrays.copyOf(k, 16), Arrays.copyOfRange(k, 16, 32), Arrays.copyOfRange(k, 32, 64));
    }

    /**
     * AES-128 in counter mode (NIST SP 800-38A) from the initial counter block, the counter being
     * its last 32 bits, as TS 33.501 C.3.4.0 has it; the same operation encrypts and decrypts.
     */
    static byte[] aesCtr(byte[] key, byte[] initialCounterBlock, byte[] data) {
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            byte[] counter = initialCounterBlock.clone();
            byte[] out = new byte[data.length];
            for (int at = 0; at < data.length; at += 16) {
                byte[] stream = aes.doFinal(counter);
                for (int i = 0; i < 16 && at + i < data.length; i++) {
                    out[at + i] = (byte) (data[at + i] ^ stream[i]);
                }
                // increment the last 32 bits; a carry out of them is dropped
                for (int i = 15; i >= 12; i--) {
                    if (++counter[i] != 0) {
                        break;
                    }
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128 is not available in this JVM", e);
        }
    }

    /** HMAC-SHA-256(MAC key, ciphertext), its first 64 bits. */
    static byte[] macTag(byte[] macKey, byte[] ciphertext) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(ciphertext), MAC_TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
        }
    }

    /** RFC 7748 X25519 through the JDK's XDH: scalar and u as 32 raw little-endian bytes. */
    private static byte[] x25519(byte[] scalar, byte[] u) throws SuciException {
        if (scalar.length != X25519_BYTES) {
            throw new SuciException("an X25519 private key is 32 bytes, got " + scalar.length);
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
            PublicKey publicKey = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                    littleEndianU(u)));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(privateKey);
            agreement.doPhase(publicKey, true);
            return agreement.generateSecret();
        } catch (InvalidKeyException e) {
            // the JDK refuses an all-zero result: a public key of small order
            throw new SuciException("X25519 refused the public key (small order point)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JVM", e);
        }
    }

    /** u as RFC 7748 §5 decodes it: little-endian, the top bit of the last byte masked. */
    private static BigInteger littleEndianU(byte[] u) {
        byte[] bigEndian = new byte[u.length];
        for (int i = 0; i < u.length; i++) {
            bigEndian[i] = u[u.length - 1 - i];
        }
        bigEndian[0] &= 0x7F;
        return new BigInteger(1, bigEndian);
    }

    /** A point of P-256 from its SEC1 encoding, refused unless it is on the curve (an invalid-curve attack). */
    private static ECPoint p256Point(byte[] encoded, String what) throws SuciException {
        if (encoded.length != P256_COMPRESSED_BYTES && encoded.length != P256_UNCOMPRESSED_BYTES) {
            throw new SuciException(what + " is not a P-256 point: " + encoded.length + " bytes, expected 33 or 65");
        }
        try {
            ECPoint point = P256.getCurve().decodePoint(encoded);
            if (point.isInfinity() || !point.isValid()) {
                throw new SuciException(what + " is not a point on P-256");
            }
            return point;
        } catch (IllegalArgumentException e) {
            throw new SuciException(what + " is not a point on P-256");
        }
    }

    private static BigInteger p256Scalar(byte[] privateKey) throws SuciException {
        BigInteger d = new BigInteger(1, privateKey);
        if (privateKey.length != 32 || d.signum() == 0 || d.compareTo(P256.getN()) >= 0) {
            throw new SuciException("a P-256 private key is 32 bytes in 1 .. n-1");
        }
        return d;
    }

    private static byte[] p256PrivateKey(SecureRandom random) {
        while (true) {
            byte[] d = randomBytes(random, 32);
            BigInteger value = new BigInteger(1, d);
            if (value.signum() > 0 && value.compareTo(P256.getN()) < 0) {
                return d;
            }
        }
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] basePoint() {
        byte[] u = new byte[X25519_BYTES];
        u[0] = 9;
        return u;
    }
}
