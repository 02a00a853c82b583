package org.simgate.transport.modem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.simgate.transport.CardTransportException;

/**
 * Reads one command's response out of the bytes a modem sends (ITU-T V.250 §5.7, 3GPP TS 27.007
 * §9.2): lines end with CR or LF and empty ones are padding; the echo of a command line (a modem
 * whose echo is on, or a late one) is dropped; {@code OK}, {@code ERROR}, {@code +CME ERROR: …} and
 * {@code +CMS ERROR: …} end the response; every other line is kept, in order, for the caller to tell
 * its command's information text from unsolicited result codes. Nothing here ever treats a line it
 * does not recognise as card data.
 */
final class AtResponseReader {
    /** Far above any real line (a 258-byte R-APDU is a 530-character +CSIM line). */
    static final int MAX_LINE = 2048;

    private final String marker;
    private final StringBuilder line = new StringBuilder();
    private final List<String> lines = new ArrayList<>();
    private boolean markerSeen;
    /** The last final result code that came before the marker, with its lines; null if none. */
    private AtResponse beforeMarker;

    /** Reads the response to the command just sent. */
    AtResponseReader() {
        this(null);
    }

    /**
     * Reads the response to the command just sent, but only from the first line that starts with
     * {@code marker}: any final result code before it belongs to an older command (one that timed
     * out and answered late) and is skipped. Used once per connection to get in step with the modem.
     */
    AtResponseReader(String marker) {
        this.marker = marker;
        this.markerSeen = marker == null;
    }

    /**
     * Takes the next bytes from the modem.
     *
     * @return the response once its final result code has arrived (later bytes in {@code bytes} are
     *         unsolicited and dropped), else null
     */
    AtResponse feed(byte[] bytes, int length) throws CardTransportException {
        for (int i = 0; i < length; i++) {
            char ch = (char) (bytes[i] & 0xff);
            if (ch == '\r' || ch == '\n') {
                AtResponse done = endOfLine();
                if (done != null) {
                    return done;
                }
            } else if (ch >= 0x20 && ch != 0x7f) { // NUL and other controls (a modem booting) are noise
                if (line.length() >= MAX_LINE) {
                    throw new CardTransportException("modem sent a line of more than " + MAX_LINE
                            + " characters (wrong baud rate, or not an AT command port?)");
                }
                line.append(ch);
            }
        }
        return null;
    }

    private AtResponse endOfLine() {
        String text = line.toString().trim();
        line.setLength(0);
        if (text.isEmpty() || isEcho(text)) {
            return null;
        }
        if (isFinal(text)) {
            if (!markerSeen) {
                // an older command's answer, not ours; unless the modem does not know ours at all
                beforeMarker = new AtResponse(lines, text);
                lines.clear();
                return null;
            }
            return new AtResponse(lines, text);
        }
        if (!markerSeen && text.startsWith(marker)) {
            markerSeen = true;
            lines.clear();
        }
        lines.add(text);
        return null;
    }

    /**
     * With a marker: the last final result code that came without it, if it is an error
     * ({@code ERROR}, {@code +CME ERROR: …}), else null. Once the modem has gone quiet after it, it is
     * the answer to the command just sent: a modem that does not know that command answers only
     * this, where a late answer of an older command would have been followed by ours. An {@code OK}
     * without the marker is never ours: the marker's command answers OK only after the marker.
     */
    AtResponse errorWithoutMarker() {
        return !markerSeen && beforeMarker != null && !beforeMarker.isOk() ? beforeMarker : null;
    }

    /** With a marker: the last final result code that came without it, whatever it was, else null. */
    AtResponse finalWithoutMarker() {
        return markerSeen ? null : beforeMarker;
    }

    /**
     * The command line coming back (echo on), ours or a late one of an older command: no
     * information text and no unsolicited result code begins with AT.
     */
    private static boolean isEcho(String text) {
        return text.regionMatches(true, 0, "AT", 0, 2);
    }

    static boolean isFinal(String text) {
        return text.equals("OK") || text.equals("ERROR") || text.startsWith("+CME ERROR:")
                || text.startsWith("+CMS ERROR:")
                // vendor finals for an unknown command (ZTE, some Qualcomm firmwares)
                || text.toUpperCase(Locale.ROOT).equals("COMMAND NOT SUPPORT");
    }
}
