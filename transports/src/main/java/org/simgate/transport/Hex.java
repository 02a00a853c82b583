package org.simgate.transport;

import java.util.HexFormat;

/** Hex text as the wire protocols use it: decoding accepts either case, encoding picks one. */
public final class Hex {
    private static final HexFormat LOWER = HexFormat.of();
    private static final HexFormat UPPER = HexFormat.of().withUpperCase();

    private Hex() {
    }

    /** Decodes hex of either case; throws IllegalArgumentException on odd length or a non-hex char. */
    public static byte[] decode(CharSequence hex) {
        return LOWER.parseHex(hex);
    }

    public static String lower(byte[] bytes) {
        return LOWER.formatHex(bytes);
    }

    public static String upper(byte[] bytes) {
        return UPPER.formatHex(bytes);
    }

    /** Whether the text is hex of exactly {@code bytes} bytes. */
    public static boolean isHex(CharSequence hex, int bytes) {
        if (hex == null || hex.length() != bytes * 2) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
