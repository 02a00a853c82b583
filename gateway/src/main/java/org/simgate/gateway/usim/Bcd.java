package org.simgate.gateway.usim;

/** The nibble-swapped BCD digits of EF.ICCID (TS 102 221 §13.2) and EF.IMSI (TS 31.102 §4.2.2). */
public final class Bcd {
    private Bcd() {
    }

    /** ICCID: each byte holds two digits, low nibble first; F pads an odd length. Null for an erased EF. */
    public static String iccid(byte[] ef) {
        StringBuilder digits = new StringBuilder(20);
        for (byte b : ef) {
            if (!appendDigit(digits, b & 0x0f) || !appendDigit(digits, (b >> 4) & 0x0f)) {
                break;
            }
        }
        return digits.isEmpty() ? null : digits.toString();
    }

    /**
     * IMSI: byte 0 is the length of what follows; the low nibble of byte 1 is the parity/type
     * (not a digit), its high nibble digit 1; then two digits a byte, low nibble first.
     * Returns null for an empty or erased EF (length 0 or FF, or no digit before the filler).
     */
    public static String imsi(byte[] ef) {
        if (ef.length < 2 || (ef[0] & 0xff) == 0 || (ef[0] & 0xff) == 0xff) {
            return null;
        }
        int end = Math.min(ef.length, 1 + (ef[0] & 0xff));
        StringBuilder digits = new StringBuilder(15);
        if (!appendDigit(digits, (ef[1] >> 4) & 0x0f)) {
            return null;
        }
        for (int i = 2; i < end; i++) {
            if (!appendDigit(digits, ef[i] & 0x0f) || !appendDigit(digits, (ef[i] >> 4) & 0x0f)) {
                break;
            }
        }
        return digits.toString();
    }

    private static boolean appendDigit(StringBuilder digits, int nibble) {
        if (nibble > 9) {
            return false; // F is filler; anything else above 9 ends the number too
        }
        digits.append((char) ('0' + nibble));
        return true;
    }
}
