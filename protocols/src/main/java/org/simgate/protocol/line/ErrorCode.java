package org.simgate.protocol.line;

import org.simgate.service.Outcome;
import org.simgate.service.SlotException;

/**
 * The foxyproxy error codes a command (or a whole request) is answered with; a slot's failure
 * becomes one through its {@link Outcome}.
 */
enum ErrorCode {
    /** The reader holds no card. */
    NO_CARD("C080"),
    /** The command is unknown, or not offered on this reader (APDU without allow-apdu). */
    UNKNOWN_COMMAND("C081"),
    /** The request's reader pattern matches several readers and the command needs one. */
    AMBIGUOUS_READER("C082"),
    /** The request's reader pattern matches no reader. */
    READER_NOT_FOUND("C083"),
    /** Bad hex, a wrong length, a bad number, or a request over a limit. */
    WRONG_DATA("C084"),
    /**
     * With {@code simgate.auth.required}: the connection has not authenticated (no AUTH line yet,
     * or one that did not verify, or its key was revoked since). Always {@code Challenge.LINE_ERROR}.
     */
    AUTHENTICATION_REQUIRED("C085"),
    /** With {@code simgate.auth.required}: the client may not do this on this reader's slot. */
    FORBIDDEN("C086"),
    /**
     * With {@code simgate.auth.required}: over the client's AKA rate limit, or (an AUTH line) the
     * key's share of the nonce cache is full; {@code C087:<seconds>}.
     */
    THROTTLED("C087"),
    /** The card, its transport or simgate failed: busy, timed out, gone, answered nonsense. */
    FAILURE("C090");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The code of a command's result, or null when the result is an answer (hex, digits, RES:…). */
    static ErrorCode ofResult(String result) {
        // exactly a code, or C087:<seconds>; hex answers never hold a colon
        if ((result.length() == 4 || result.length() > 4 && result.charAt(4) == ':') && result.charAt(0) == 'C') {
            String code = result.substring(0, 4);
            for (ErrorCode error : values()) {
                if (error.code.equals(code)) {
                    return error;
                }
            }
        }
        return null;
    }

    /** The audit log's word for a command that ended with this code. */
    String outcome() {
        return switch (this) {
            case NO_CARD -> "no-card";
            case UNKNOWN_COMMAND -> "refused";
            case AMBIGUOUS_READER -> "ambiguous-reader";
            case READER_NOT_FOUND -> "no-such-reader";
            case WRONG_DATA -> "bad-request";
            case AUTHENTICATION_REQUIRED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case THROTTLED -> "throttled";
            case FAILURE -> "failed";
        };
    }

    /** The code as it goes on the wire, e.g. {@code C080}. */
    String code() {
        return code;
    }

    /** The code of a slot's failure, as its {@link Outcome} names it. */
    static ErrorCode of(Outcome outcome) {
        ErrorCode error = ofResult(outcome.lineCode());
        if (error == null) {
            throw new IllegalArgumentException("not a failure: " + outcome);
        }
        return error;
    }

    /**
     * Whether a command that failed this way leaves the card in a state the request's later
     * commands should not run against (the card is gone or its answer cannot be trusted), as
     * opposed to a refusal that never reached the card.
     */
    static boolean endsTransaction(SlotException.Kind kind) {
        return switch (kind) {
            case FORBIDDEN, BAD_REQUEST, OUT_OF_SERVICE -> false;
            default -> true;
        };
    }
}
