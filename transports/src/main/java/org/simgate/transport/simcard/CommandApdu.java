package org.simgate.transport.simcard;

import java.util.Arrays;

/**
 * A short C-APDU in one of the four cases of ISO 7816-3 §12.1: header, optional command data (Lc),
 * optional Le. Le is kept as coded, because the card treats "Le = 00" (whatever is there, up to
 * 256) differently from a non-zero Le (exactly that many, else 6Cxx). Extended lengths are not
 * spoken over T=0 and are refused.
 *
 * @param le the Le byte as sent (0..255), or {@link #NO_LE}
 */
record CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int le) {
    static final int NO_LE = -1;
    private static final byte[] NO_DATA = new byte[0];

    /** Splits a C-APDU of at least 4 bytes; any other layout is a wrong length (6700). */
    static CommandApdu parse(byte[] apdu) throws StatusWordException {
        int cla = apdu[0] & 0xff;
        int ins = apdu[1] & 0xff;
        int p1 = apdu[2] & 0xff;
        int p2 = apdu[3] & 0xff;
        if (apdu.length == 4) {
            return new CommandApdu(cla, ins, p1, p2, NO_DATA, NO_LE);
        }
        if (apdu.length == 5) {
            return new CommandApdu(cla, ins, p1, p2, NO_DATA, apdu[4] & 0xff);
        }
        int lc = apdu[4] & 0xff;
        if (lc == 0) {
            // Lc = 00 followed by more bytes opens an extended-length APDU
            throw new StatusWordException(StatusWord.WRONG_LENGTH);
        }
        if (apdu.length == 5 + lc) {
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + lc), NO_LE);
        }
        if (apdu.length == 6 + lc) {
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + lc), apdu[5 + lc] & 0xff);
        }
        throw new StatusWordException(StatusWord.WRONG_LENGTH);
    }

    boolean hasData() {
        return data.length > 0;
    }

    boolean hasLe() {
        return le != NO_LE;
    }

    @Override
    public String toString() {
        // the data may be an AUTHENTICATE challenge or worse: header and lengths only
        return String.format("CommandApdu[%02X %02X %02X %02X, %d data bytes, le=%s]", cla, ins, p1, p2,
                data.length, hasLe() ? Integer.toString(le) : "none");
    }
}
