package org.simgate.service;

/** Why the AuC did not do what was asked. Messages name IMSIs at most, never a key or a vector. */
public class AucException extends RuntimeException {

    public enum Kind {
        /** No subscriber has that IMSI. */
        UNKNOWN_SUBSCRIBER,
        /** The AUTS's MAC-S does not verify: not from this subscriber's card, or not for that RAND. */
        AUTS_REJECTED,
        /** The request cannot be served as asked (a bad value, a size the protocol cannot carry). */
        BAD_REQUEST,
        /** The AuC could not keep its SQN state (a disk write failed) or ran out of SQNs. */
        UNAVAILABLE
    }

    private final Kind kind;

    public AucException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public AucException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, true);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
