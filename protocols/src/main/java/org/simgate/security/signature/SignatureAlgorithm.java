package org.simgate.security.signature;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The two algorithms simgate verifies (RFC 9421 §3.3). The server takes the algorithm from the
 * key, never from the request; a request's {@code alg} must name the same one.
 */
public enum SignatureAlgorithm {
    /** §3.3.4: HMAC-SHA-256 with a shared secret; the signature is the 32-byte MAC. */
    HMAC_SHA256("hmac-sha256") {
        @Override
        public byte[] sign(Key key, byte[] base) throws GeneralSecurityException {
            if (!(key instanceof SecretKey)) {
                throw new InvalidKeyException("hmac-sha256 signs with a shared secret");
            }
            return ThreadMac.forKey(key).doFinal(base);
        }

        @Override
        public boolean verify(Key key, byte[] base, byte[] signature) throws GeneralSecurityException {
            // constant time: a MAC compared byte by byte and stopping early leaks how much was right
            return MessageDigest.isEqual(sign(key, base), signature);
        }
    },
    /**
     * §3.3.5: ECDSA on P-384 with SHA-384; the signature is r‖s, 48 bytes each (96), not DER —
     * the JDK's P1363 format.
     */
    ECDSA_P384_SHA384("ecdsa-p384-sha384") {
        @Override
        public byte[] sign(Key key, byte[] base) throws GeneralSecurityException {
            if (!(key instanceof PrivateKey privateKey)) {
                throw new InvalidKeyException("ecdsa-p384-sha384 signs with a private key");
            }
            Signature signer = Signature.getInstance("SHA384withECDSAinP1363Format");
            signer.initSign(privateKey);
            signer.update(base);
            return signer.sign();
        }

        @Override
        public boolean verify(Key key, byte[] base, byte[] signature) throws GeneralSecurityException {
            if (!(key instanceof PublicKey publicKey)) {
                throw new InvalidKeyException("ecdsa-p384-sha384 verifies with a public key");
            }
            if (signature.length != 96) {
                return false;
            }
            Signature verifier = Signature.getInstance("SHA384withECDSAinP1363Format");
            verifier.initVerify(publicKey);
            verifier.update(base);
            return verifier.verify(signature);
        }
    };

    private final String wireName;

    SignatureAlgorithm(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the HTTP Signature Algorithms registry, as the {@code alg} parameter carries it. */
    public String wireName() {
        return wireName;
    }

    public abstract byte[] sign(Key key, byte[] base) throws GeneralSecurityException;

    public abstract boolean verify(Key key, byte[] base, byte[] signature) throws GeneralSecurityException;

    /**
     * HmacSHA256 Macs per thread, each kept initialized with its key: Mac.getInstance and init
     * cost more than the MAC of a request, and doFinal leaves a Mac ready for the same key. A
     * thread keeps one for each of up to {@value #SLOTS} keys (an event loop serving several
     * clients' keys in turn initializes none again), in slots picked by the key's identity hash;
     * two keys that share a slot take turns. Keys are compared by identity: the key ring hands out
     * the same Key object for a keyid until it is reloaded.
     */
    private static final class ThreadMac {
        private static final int SLOTS = 64;
        private static final ThreadLocal<ThreadMac[]> CURRENT = ThreadLocal.withInitial(() -> new ThreadMac[SLOTS]);

        private final Key key;
        private final Mac mac;

        private ThreadMac(Key key, Mac mac) {
            this.key = key;
            this.mac = mac;
        }

        static Mac forKey(Key key) throws GeneralSecurityException {
            ThreadMac[] macs = CURRENT.get();
            int slot = System.identityHashCode(key) & (SLOTS - 1);
            ThreadMac current = macs[slot];
            if (current != null && current.key == key) {
                return current.mac;
            }
            Mac mac = current != null ? current.mac : Mac.getInstance("HmacSHA256");
            macs[slot] = null; // a Mac whose init fails is left in no state to trust
            mac.init(key);
            macs[slot] = new ThreadMac(key, mac);
            return mac;
        }
    }

    public static Optional<SignatureAlgorithm> named(String wireName) {
        for (SignatureAlgorithm algorithm : values()) {
            if (algorithm.wireName.equals(wireName)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
