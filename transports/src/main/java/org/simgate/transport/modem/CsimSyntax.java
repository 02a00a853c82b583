package org.simgate.transport.modem;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.Hex;

/**
 * The text of generic SIM access, 3GPP TS 27.007 §8.17, both ways:
 * {@code AT+CSIM=10,"00A40004023F00"} out, {@code +CSIM: 4,"6121"} back. The length is the number of
 * hex characters, not of bytes, and the answer's is checked against what it carries.
 */
final class CsimSyntax {
    static final String ANSWER_PREFIX = "+CSIM:";
    private static final Pattern ANSWER = Pattern.compile("\\+CSIM: ?(\\d{1,4}),\"([0-9A-Fa-f]*)\"");

    private CsimSyntax() {
    }

    /** The command line that sends {@code apdu}, without its CR. */
    static String command(byte[] apdu) {
        return "AT+CSIM=" + apdu.length * 2 + ",\"" + Hex.upper(apdu) + "\"";
    }

    /**
     * The R-APDU in an OK response to AT+CSIM: exactly one +CSIM line, its length right, hex that
     * holds at least a status word. Anything else is the modem's protocol error; the message says
     * what was wrong, never what the line carried (it may be RES, CK or IK).
     */
    static byte[] answer(AtResponse response) throws CardTransportException {
        List<String> answers = response.linesStartingWith(ANSWER_PREFIX);
        if (answers.isEmpty()) {
            throw new CardTransportException("modem answered OK to AT+CSIM without a +CSIM line");
        }
        if (answers.size() > 1) {
            throw new CardTransportException("modem answered AT+CSIM with " + answers.size() + " +CSIM lines");
        }
        Matcher m = ANSWER.matcher(answers.get(0));
        if (!m.matches()) {
            throw new CardTransportException("modem's +CSIM line is malformed (expected +CSIM: <length>,\"<hex>\")");
        }
        int length = Integer.parseInt(m.group(1));
        String hex = m.group(2);
        if (length != hex.length()) {
            throw new CardTransportException("modem's +CSIM line gives length " + length + " but carries "
                    + hex.length() + " hex characters");
        }
        if (hex.length() % 2 != 0 || hex.length() < 4) {
            throw new CardTransportException("modem's +CSIM answer of " + hex.length()
                    + " hex characters is not an R-APDU (whole bytes ending in a status word)");
        }
        return Hex.decode(hex);
    }
}
