package org.simgate.protocol.rest;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Hex text of the wire formats without intermediate Strings: decoding reads a parser's character
 * buffer, encoding writes ASCII bytes. Invalid input gives null rather than an exception, because
 * a client's bad hex is an ordinary 400.
 */
final class Hex {
    /** Why an APDU with {@link #oddDigits} is refused. */
    static final String ODD_DIGITS = "has an odd number of hex digits (an APDU is whole bytes)";
    private static final byte[] LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private Hex() {
    }

    /** The bytes of hex text of either case, or null when the length is odd or a char is not hex. */
    static byte[] decode(char[] text, int offset, int length) {
        if ((length & 1) != 0) {
            return null;
        }
        byte[] bytes = new byte[length >> 1];
        for (int i = 0; i < bytes.length; i++) {
            int high = nibble(text[offset + 2 * i]);
            int low = nibble(text[offset + 2 * i + 1]);
            if ((high | low) < 0) {
                return null;
            }
            bytes[i] = (byte) ((high << 4) | low);
        }
        return bytes;
    }

    /** As {@link #decode(char[], int, int)}, for query parameters. */
    static byte[] decode(CharSequence text) {
        int length = text.length();
        if ((length & 1) != 0) {
            return null;
        }
        byte[] bytes = new byte[length >> 1];
        for (int i = 0; i < bytes.length; i++) {
            int high = nibble(text.charAt(2 * i));
            int low = nibble(text.charAt(2 * i + 1));
            if ((high | low) < 0) {
                return null;
            }
            bytes[i] = (byte) ((high << 4) | low);
        }
        return bytes;
    }

    /** Writes {@code length} bytes from {@code offset} as hex ASCII into {@code out}. */
    static void write(ByteBuf out, byte[] bytes, int offset, int length, boolean upper) {
        byte[] digits = upper ? UPPER : LOWER;
        out.ensureWritable(length * 2);
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xff;
            out.writeByte(digits[b >>> 4]);
            out.writeByte(digits[b & 0x0f]);
        }
    }

    /** What {@link #decode} refused is all hex digits, but an odd count of them: half a byte is missing. */
    static boolean oddDigits(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (nibble(text.charAt(i)) < 0) {
                return false;
            }
        }
        return (text.length() & 1) != 0;
    }

    /** ASCII hex digits only: Character.digit would also take other scripts' digits. */
    private static int nibble(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
