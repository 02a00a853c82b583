package org.simgate.security.registration;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * PEM (RFC 7468) for the two key forms registration uses: a device's public key as
 * {@code PUBLIC KEY} (SubjectPublicKeyInfo) and its private key as {@code PRIVATE KEY} (PKCS#8).
 */
public final class Pem {
    /** No real P-384 public key PEM comes near this; anything longer is refused before decoding. */
    static final int MAX_PUBLIC_KEY_CHARS = 1024;
    private static final String PUBLIC = "PUBLIC KEY";
    private static final String PRIVATE = "PRIVATE KEY";

    private Pem() {
    }

    /** The key as a {@code PUBLIC KEY} PEM: 64-character lines, each ended by {@code \n}. */
    public static String publicKey(PublicKey key) {
        return encode(PUBLIC, key.getEncoded());
    }

    /** The key as a PKCS#8 {@code PRIVATE KEY} PEM. */
    public static String privateKey(PrivateKey key) {
        return encode(PRIVATE, key.getEncoded());
    }

    /** The P-384 public key in that PEM, or empty when it is not a P-384 EC public key PEM. */
    public static Optional<ECPublicKey> p384PublicKey(String pem) {
        if (pem == null || pem.length() > MAX_PUBLIC_KEY_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] der = decode(PUBLIC, pem);
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            if (key instanceof ECPublicKey ec && P384.isOnCurve(ec)) {
                return Optional.of(ec);
            }
            return Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The EC private key in a PKCS#8 PEM, as {@link DeviceEnrollment#writePrivateKey} writes it.
     * The error never quotes the text: it is a private key.
     */
    public static ECPrivateKey ecPrivateKey(String pem) {
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(decode(PRIVATE, pem)));
            if (key instanceof ECPrivateKey ec) {
                return ec;
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // the message below says enough; the cause could quote key material
        }
        throw new IllegalArgumentException("not a PKCS#8 EC private key PEM (-----BEGIN PRIVATE KEY-----)");
    }

    private static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** The DER inside one PEM block of that label; whitespace (CR, LF, spaces) around and inside is ignored. */
    private static byte[] decode(String label, String pem) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        String text = pem.strip();
        if (!text.startsWith(begin) || !text.endsWith(end) || text.length() < begin.length() + end.length()) {
            throw new IllegalArgumentException("not a " + label + " PEM");
        }
        String body = text.substring(begin.length(), text.length() - end.length());
        StringBuilder base64 = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                continue;
            }
            base64.append(c);
        }
        return Base64.getDecoder().decode(base64.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
