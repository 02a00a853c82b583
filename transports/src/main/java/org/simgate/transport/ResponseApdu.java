package org.simgate.transport;

import java.util.Arrays;

/** An R-APDU split into its data and the status word that ends it. */
public record ResponseApdu(byte[] data, int sw) {

    public static ResponseApdu parse(byte[] rapdu) {
        if (rapdu == null || rapdu.length < 2) {
            throw new IllegalArgumentException("R-APDU shorter than a status word");
        }
        int n = rapdu.length;
        return new ResponseApdu(Arrays.copyOf(rapdu, n - 2), ((rapdu[n - 2] & 0xff) << 8) | (rapdu[n - 1] & 0xff));
    }

    /** The status word of an R-APDU: always its last two bytes, never its first (data may start with 61). */
    public static int statusWord(byte[] rapdu) {
        int n = rapdu.length;
        return ((rapdu[n - 2] & 0xff) << 8) | (rapdu[n - 1] & 0xff);
    }

    public int sw1() {
        return sw >>> 8;
    }

    public int sw2() {
        return sw & 0xff;
    }

    public boolean isOk() {
        return sw == 0x9000;
    }

    @Override
    public String toString() {
        // the data may be key material: only its length and the status word are shown
        return "ResponseApdu[" + data.length + " bytes, sw=" + String.format("%04X", sw) + "]";
    }
}
