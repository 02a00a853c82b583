package org.simgate.cli;

import java.util.Locale;
import org.simgate.service.SlotException;

/**
 * A gateway's HTTP error answer as the client reports it: the slot-failure kind the client code
 * acts on, and the HTTP status, so the word printed says what the server said (a 401 is
 * "unauthorized", not the "forbidden" kind it shares with 403).
 */
final class HttpRefusal extends SlotException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpRefusal(Kind kind, int status, String message) {
        super(kind, message);
        this.status = status;
    }

    /** The word a failure is printed with: the HTTP status's for a server's refusal, else the kind's. */
    static String label(SlotException e) {
        return switch (e instanceof HttpRefusal refusal ? refusal.status : 0) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 429 -> "rate_limited";
            default -> e.kind().name().toLowerCase(Locale.ROOT);
        };
    }
}
