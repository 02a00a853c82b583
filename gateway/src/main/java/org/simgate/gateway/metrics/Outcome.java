package org.simgate.gateway.metrics;

import java.util.Locale;
import java.util.concurrent.CompletionException;
import org.simgate.service.AuthResult;
import org.simgate.service.SlotException;

/** How one slot operation ended, as the {@code outcome} label counts it. */
enum Outcome {
    SUCCESS, SYNC_FAILURE, MAC_FAILURE, CARD_ERROR, NO_CARD, BUSY, TIMEOUT, TRANSPORT_DOWN, OUT_OF_SERVICE,
    FORBIDDEN, BAD_REQUEST, CARD_PROTOCOL, INTERNAL;

    static final Outcome[] ALL = values();

    final String label = name().toLowerCase(Locale.ROOT);

    /** A card's answer to AUTHENTICATE: its refusals are outcomes of their own, not successes. */
    static Outcome of(Object result) {
        if (result instanceof AuthResult.SyncFailure) {
            return SYNC_FAILURE;
        }
        if (result instanceof AuthResult.Rejected rejected) {
            return rejected.reason() == AuthResult.Reason.INCORRECT_MAC ? MAC_FAILURE : CARD_ERROR;
        }
        return SUCCESS;
    }

    static Outcome ofFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (!(cause instanceof SlotException slotFailure)) {
            return INTERNAL;
        }
        return switch (slotFailure.kind()) {
            case NO_CARD -> NO_CARD;
            case BUSY -> BUSY;
            case TIMEOUT -> TIMEOUT;
            case TRANSPORT_DOWN -> TRANSPORT_DOWN;
            case OUT_OF_SERVICE -> OUT_OF_SERVICE;
            case FORBIDDEN -> FORBIDDEN;
            case BAD_REQUEST -> BAD_REQUEST;
            case CARD_PROTOCOL -> CARD_PROTOCOL;
            case NO_SUCH_SLOT, INTERNAL -> INTERNAL;
        };
    }
}
