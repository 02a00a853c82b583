package org.simgate.service;

import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How one slot operation ended, in the one vocabulary every front maps from: a card's answer to
 * AUTHENTICATE (its refusals are answers, not failures) or a {@link SlotException.Kind}. Each
 * outcome carries what each wire says for it, so that a new outcome, or a changed answer, is one
 * line here instead of one edit per protocol.
 */
public enum Outcome {
    SUCCESS(200, false, null, "success", "ok", null),
    /** The card asked for resynchronisation (AUTS). */
    SYNC_FAILURE(200, false, null, "sync_failure", "sync-failure", null),
    MAC_FAILURE(200, false, null, "mac_failure", "rejected", null),
    CONTEXT_NOT_SUPPORTED(200, false, null, "card_error", "rejected", null),
    KEY_FRESHNESS_FAILURE(200, false, null, "card_error", "rejected", null),
    /** Any other status word the card refused with. */
    CARD_ERROR(200, false, null, "card_error", "rejected", null),
    // a slot's failures, one per SlotException.Kind; the metrics count a wrong slot id as internal
    NO_SUCH_SLOT(404, false, "C083", "internal", "no-such-slot", "no such slot"),
    NO_CARD(410, false, "C080", "no_card", "no-card", "no card in slot"),
    BUSY(503, true, "C090", "busy", "busy", "slot busy, try again"),
    OUT_OF_SERVICE(503, true, "C090", "out_of_service", "out-of-service", "slot is out of service"),
    TRANSPORT_DOWN(503, true, "C090", "transport_down", "transport-down", "slot's reader or modem is not reachable"),
    TIMEOUT(504, false, "C090", "timeout", "timeout", "card did not answer in time"),
    /** The slot does not offer the operation: the line protocol calls that an unknown command. */
    FORBIDDEN(403, false, "C081", "forbidden", "forbidden", "not allowed on this slot"),
    BAD_REQUEST(400, false, "C084", "bad_request", "bad-request", "request cannot go to the card as it is"),
    CARD_PROTOCOL(502, false, "C090", "card_protocol", "card-protocol", "card answered something unexpected"),
    INTERNAL(500, false, "C090", "internal", "internal", "internal error");

    private final int httpStatus;
    private final boolean retryAfter;
    private final String lineCode;
    private final String metricLabel;
    private final String auditWord;
    private final String message;

    Outcome(int httpStatus, boolean retryAfter, String lineCode, String metricLabel, String auditWord,
            String message) {
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.lineCode = lineCode;
        this.metricLabel = metricLabel;
        this.auditWord = auditWord;
        this.message = message;
    }

    /** The HTTP status of simgate's APIs: a card's refusal of AUTHENTICATE is still a 200 (DESIGN.md). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the REST answer says to retry shortly ({@code Retry-After: 1}): the slot may take requests again soon. */
    public boolean retryAfter() {
        return retryAfter;
    }

    /** The line protocol's error code ({@code C0xx}); null for the card's answers, which go on the line as they are. */
    public String lineCode() {
        return lineCode;
    }

    /** The {@code outcome} label of {@code simgate_slot_operations_total} (docs/operations.md). */
    public String metricLabel() {
        return metricLabel;
    }

    /** The dashboard's last outcome: the word the metrics count, which app.js sorts into ok, refused and failed. */
    public String dashboardLabel() {
        return metricLabel;
    }

    /** The REST audit line's outcome (docs/security.md): hyphenated, a card's refusal is {@code rejected}. */
    public String auditWord() {
        return auditWord;
    }

    /**
     * The admin API's audit outcome of a slot action (docs/operations.md): the outcome's name in
     * snake_case, as the slot states read, {@code no_such_slot} included.
     */
    public String adminAuditWord() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What an HTTP error answer says when the failure has no message of its own; null for the card's answers. */
    public String message() {
        return message;
    }

    /** An operation's end as a future reports it: {@code failure} null when it answered {@code result}. */
    public static Outcome of(Object result, Throwable failure) {
        return failure == null ? ofAnswer(result) : ofFailure(failure);
    }

    /** An answer: a card's refusal of AUTHENTICATE is an outcome of its own, anything else a success. */
    public static Outcome ofAnswer(Object result) {
        if (result instanceof AuthResult.SyncFailure) {
            return SYNC_FAILURE;
        }
        if (result instanceof AuthResult.Rejected rejected) {
            if (rejected.reason() == null) {
                return CARD_ERROR;
            }
            return switch (rejected.reason()) {
                case INCORRECT_MAC -> MAC_FAILURE;
                case CONTEXT_NOT_SUPPORTED -> CONTEXT_NOT_SUPPORTED;
                case KEY_FRESHNESS_FAILURE -> KEY_FRESHNESS_FAILURE;
                case CARD_ERROR -> CARD_ERROR;
            };
        }
        return SUCCESS;
    }

    /** A failure, unwrapped: a {@link SlotException}'s kind, anything else (a bug) {@link #INTERNAL}. */
    public static Outcome ofFailure(Throwable failure) {
        return cause(failure) instanceof SlotException slotFailure ? of(slotFailure.kind()) : INTERNAL;
    }

    /** A slot's failure; a missing kind is {@link #INTERNAL}. */
    public static Outcome of(SlotException.Kind kind) {
        if (kind == null) {
            return INTERNAL;
        }
        return switch (kind) {
            case NO_SUCH_SLOT -> NO_SUCH_SLOT;
            case NO_CARD -> NO_CARD;
            case BUSY -> BUSY;
            case OUT_OF_SERVICE -> OUT_OF_SERVICE;
            case TRANSPORT_DOWN -> TRANSPORT_DOWN;
            case TIMEOUT -> TIMEOUT;
            case FORBIDDEN -> FORBIDDEN;
            case BAD_REQUEST -> BAD_REQUEST;
            case CARD_PROTOCOL -> CARD_PROTOCOL;
            case INTERNAL -> INTERNAL;
        };
    }

    /**
     * What actually failed: a future hands its failure wrapped ({@link CompletionException} from
     * {@code whenComplete} and {@code join}, {@link ExecutionException} from {@code get}).
     */
    public static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
