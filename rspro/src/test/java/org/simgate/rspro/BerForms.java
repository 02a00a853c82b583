package org.simgate.rspro;

import java.io.ByteArrayOutputStream;

/**
 * Rewrites a DER encoding in other valid BER forms, to check that the decoder takes what any BER encoder
 * may send. RSPRO's tags all fit in one byte.
 */
final class BerForms {
    private BerForms() {
    }

    /** Every length in long form, with {@code extraBytes} leading zero length octets more than needed. */
    static byte[] longFormLengths(byte[] der, int extraBytes) {
        return rewrite(der, 0, der.length, false, extraBytes);
    }

    /** Every constructed element with indefinite length and end-of-contents octets. */
    static byte[] indefiniteLengths(byte[] der) {
        return rewrite(der, 0, der.length, true, 0);
    }

    private static byte[] rewrite(byte[] der, int from, int to, boolean indefinite, int extraBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = from;
        while (i < to) {
            int tag = der[i++] & 0xFF;
            int length = der[i++] & 0xFF;
            if (length > 0x80) {
                int n = length & 0x7F;
                length = 0;
                for (int k = 0; k < n; k++) {
                    length = (length << 8) | (der[i++] & 0xFF);
                }
            }
            boolean constructed = (tag & 0x20) != 0;
            byte[] content = constructed ? rewrite(der, i, i + length, indefinite, extraBytes)
                    : java.util.Arrays.copyOfRange(der, i, i + length);
            out.write(tag);
            if (constructed && indefinite) {
                out.write(0x80);
                out.writeBytes(content);
                out.write(0);
                out.write(0);
            } else if (indefinite) {
                writeShortForm(out, content.length);
                out.writeBytes(content);
            } else {
                int n = (content.length < 0x100 ? 1 : 2) + extraBytes;
                out.write(0x80 | n);
                for (int k = n - 1; k >= 0; k--) {
                    out.write(k >= 2 ? 0 : (content.length >> (8 * k)) & 0xFF);
                }
                out.writeBytes(content);
            }
            i += length;
        }
        return out.toByteArray();
    }

    private static void writeShortForm(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else {
            out.write(0x81);
            out.write(length);
        }
    }
}
