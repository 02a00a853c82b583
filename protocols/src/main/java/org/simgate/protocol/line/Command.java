package org.simgate.protocol.line;

import org.simgate.service.AuthRequest;

/**
 * One {@code >ID:COMMAND:DATA|} line of a request, parsed. {@link #id()} is echoed in the answer
 * line exactly as the client sent it. toString never shows data (an AUTH carries RAND and AUTN).
 */
sealed interface Command {

    String id();

    /** Whether the command needs the request's reader to name exactly one card. */
    default boolean needsCard() {
        return false;
    }

    /** RESET: power the card down and up; answers the ATR. */
    record Reset(String id) implements Command {
        @Override
        public boolean needsCard() {
            return true;
        }
    }

    /** APDU: a C-APDU sent unchanged; answers the R-APDU with its status word. */
    record Apdu(String id, byte[] apdu) implements Command {
        @Override
        public boolean needsCard() {
            return true;
        }

        @Override
        public String toString() {
            return "Apdu[" + id + ", " + apdu.length + " bytes]";
        }
    }

    /** AUTH: AUTHENTICATE on the USIM or ISIM; answers RES:CK:IK:KC, AUTS:…, or the status word. */
    record Auth(String id, AuthRequest request) implements Command {
        @Override
        public boolean needsCard() {
            return true;
        }

        @Override
        public String toString() {
            return "Auth[" + id + ", " + request.application() + "]";
        }
    }

    /** IMSI: the USIM's IMSI as digits. */
    record Imsi(String id) implements Command {
        @Override
        public boolean needsCard() {
            return true;
        }
    }

    /** ENUM [max]: the matching readers that hold a card, at most {@code max} (0: all). */
    record Enum(String id, int max) implements Command {
    }

    /** READERS: every matching reader, with a card or not. */
    record Readers(String id) implements Command {
    }

    /**
     * PERSONALIZE: APDUPlay names the application it runs in ({@code binary=app.exe}) when it starts;
     * foxyproxy uses it to order readers, simgate only acknowledges it with {@code OK}.
     */
    record Personalize(String id) implements Command {
    }

    /** A line that cannot run; it is answered with {@code error} and touches nothing. */
    record Invalid(String id, ErrorCode error) implements Command {
    }
}
