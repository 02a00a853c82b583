package org.simgate.security.registration;

/**
 * Why a finalize request was refused, with the HTTP status the finalize endpoint answers and a
 * message that names the problem, never a value from the request. Only a successful finalize
 * consumes the registration: after any refusal but EXPIRED and TOO_MANY_ATTEMPTS, a correct
 * request still succeeds.
 */
public enum FinalizeRefusal {
    MALFORMED(400, "a field is missing or too long, or brand, model or passphrase holds '|' or a control character"),
    UNKNOWN_SERIAL(404, "no registration has this serial"),
    EXPIRED(410, "the registration expired; ask for a new one"),
    ALREADY_USED(409, "the registration was already finalized"),
    TOO_MANY_ATTEMPTS(403, "too many wrong passphrases; the registration is void, ask for a new one"),
    WRONG_SCOPE(400, "scope is not this server's finalize URL"),
    BAD_KEY(400, "public_key is not a P-384 EC public key PEM"),
    BAD_SIGNATURE(403, "signature is not a valid ECDSA-SHA-384 signature of the registration message by public_key"),
    BAD_PASSPHRASE(403, "wrong passphrase");

    private final int httpStatus;
    private final String message;

    FinalizeRefusal(int httpStatus, String message) {
        this.httpStatus = httpStatus;
        this.message = message;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String message() {
        return message;
    }

    /** The JSON body of the refusal. */
    public FinalizeError toError() {
        return new FinalizeError(name(), message);
    }
}
