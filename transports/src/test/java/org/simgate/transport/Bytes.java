package org.simgate.transport;

/** Hex literals as the specs print them, spaces allowed: {@code Bytes.hex("00A40004 02 3F00")}. */
public final class Bytes {
    private Bytes() {
    }

    public static byte[] hex(String spaced) {
        return Hex.decode(spaced.replaceAll("\\s+", ""));
    }

    /** Upper-case hex, for assertions that print readably when they fail. */
    public static String text(byte[] bytes) {
        return Hex.upper(bytes);
    }
}
