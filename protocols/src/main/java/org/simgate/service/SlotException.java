package org.simgate.service;

/**
 * Why a slot could not do what was asked. Each kind is one {@link Outcome}, which holds its answer
 * per protocol (REST status, line-protocol error code, metric label, audit word). Messages are for
 * humans and never carry card data or keys.
 */
public class SlotException extends RuntimeException {

    public enum Kind {
        /** No slot with that id is configured. */
        NO_SUCH_SLOT,
        /** The slot is configured but holds no card. */
        NO_CARD,
        /** The slot's queue is full; try again shortly. */
        BUSY,
        /** An operator took the slot out of service (drain); try again later or elsewhere. */
        OUT_OF_SERVICE,
        /** The reader, modem or daemon is not reachable. */
        TRANSPORT_DOWN,
        /** The card did not answer in time. */
        TIMEOUT,
        /** The slot does not allow this operation (e.g. raw APDUs). */
        FORBIDDEN,
        /** The request cannot go to a card as it is (e.g. an APDU shorter than its header). */
        BAD_REQUEST,
        /** The card answered something that makes no sense for the request. */
        CARD_PROTOCOL,
        /** A bug or an unexpected state in simgate itself. */
        INTERNAL
    }

    private final Kind kind;

    public SlotException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public SlotException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, true);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
