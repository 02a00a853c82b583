package org.simgate.rspro;

/** The value ranges RSPRO's ASN.1 module constrains its integers to. */
final class Ranges {
    /** BankId, ClientId and SlotNumber are INTEGER (0..1023). */
    static final int MAX_ID = 1023;
    static final int MAX_PORT = 65535;
    static final int MAX_VERSION = 32;

    private Ranges() {
    }

    static int require(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " must be 0.." + max + ", is " + value);
        }
        return (int) value;
    }
}
