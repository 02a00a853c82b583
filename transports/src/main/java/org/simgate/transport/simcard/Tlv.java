package org.simgate.transport.simcard;

import java.io.ByteArrayOutputStream;

/** BER-TLV encoding with one-byte tags and short or one-byte-extended ({@code 81 xx}) lengths. */
final class Tlv {
    private Tlv() {
    }

    static byte[] of(int tag, byte[]... valueParts) {
        int length = 0;
        for (byte[] part : valueParts) {
            length += part.length;
        }
        if (length > 255) {
            throw new IllegalArgumentException("TLV value longer than 255 bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 3);
        out.write(tag);
        if (length > 127) {
            out.write(0x81);
        }
        out.write(length);
        for (byte[] part : valueParts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] twoBytes(int value) {
        return bytes(value >>> 8, value);
    }
}
