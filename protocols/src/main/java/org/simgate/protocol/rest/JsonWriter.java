package org.simgate.protocol.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON text straight into a (pooled) ByteBuf. The answers have fixed shapes, so the caller
 * writes the punctuation and names as ASCII and this class the values: hex without an
 * intermediate String, and strings escaped per RFC 8259.
 */
final class JsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ByteBuf out;

    JsonWriter(ByteBuf out) {
        this.out = out;
    }

    /** Punctuation, field names, literals: ASCII the caller vouches for. */
    JsonWriter raw(String ascii) {
        out.writeCharSequence(ascii, StandardCharsets.US_ASCII);
        return this;
    }

    JsonWriter hex(byte[] bytes, boolean upper) {
        if (bytes == null) {
            return raw("null");
        }
        out.writeByte('"');
        Hex.write(out, bytes, 0, bytes.length, upper);
        out.writeByte('"');
        return this;
    }

    JsonWriter number(long value) {
        return raw(Long.toString(value));
    }

    JsonWriter bool(boolean value) {
        return raw(value ? "true" : "false");
    }

    JsonWriter string(String text) {
        if (text == null) {
            return raw("null");
        }
        out.writeByte('"');
        int run = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                if (i > run) {
                    ByteBufUtil.writeUtf8(out, text, run, i);
                }
                escape(c);
                run = i + 1;
            }
        }
        if (run < length) {
            ByteBufUtil.writeUtf8(out, text, run, length);
        }
        out.writeByte('"');
        return this;
    }

    private void escape(char c) {
        out.writeByte('\\');
        switch (c) {
            case '"', '\\' -> out.writeByte(c);
            case '\n' -> out.writeByte('n');
            case '\r' -> out.writeByte('r');
            case '\t' -> out.writeByte('t');
            default -> {
                out.writeByte('u').writeByte('0').writeByte('0');
                out.writeByte(HEX[c >>> 4]).writeByte(HEX[c & 0x0f]);
            }
        }
    }
}
