package org.simgate.security;

/**
 * Why a signed request (or a line-protocol AUTH line) was refused: for the audit log and metrics
 * only. Clients get one generic answer ({@link Challenge}) whatever the reason, so that a guesser
 * learns nothing about which check failed.
 */
public enum RefusalReason {
    /** No Signature-Input / Signature (or no AUTH line), or one of created, nonce, keyid, alg missing. */
    MISSING,
    /**
     * Not parseable: structured-field syntax, a label, parameter or component given twice, wrong
     * parameter types, bad base64, an unsupported component, expires before created.
     */
    MALFORMED,
    /** The signature does not cover a component simgate requires (@method, the target, content-digest). */
    MISSING_COMPONENT,
    /** No key with this keyid. */
    UNKNOWN_KEY,
    /** The key's expiry has passed. */
    EXPIRED_KEY,
    /** The key is marked revoked (a device key, or a shared key with revoked = true). */
    REVOKED_KEY,
    /** The request's alg is not the key's algorithm. */
    ALG_MISMATCH,
    /** created is outside the window around the server's clock, or expires has passed. (expires before created is MALFORMED.) */
    CLOCK_SKEW,
    /** The signature or MAC does not verify. */
    BAD_SIGNATURE,
    /** Content-Digest is missing, names no supported algorithm, or does not match the body. */
    BAD_DIGEST,
    /** The nonce is longer than allowed or has characters outside the allowed set. */
    NONCE_TOO_LONG,
    /** This key already used this nonce inside the window. */
    REPLAY
    // a key whose share of the nonce cache is full is no refusal of the signature: Verification.Throttled
}
