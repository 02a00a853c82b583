package org.simgate.rspro.ipa;

import java.util.Arrays;

/**
 * One IPA frame: the stream byte and what follows the header. For stream {@link #STREAM_OSMO} the
 * payload's first byte is the extension ({@link #EXT_RSPRO}); for {@link #STREAM_CCM} it is the CCM
 * message type. The payload is held as given, not copied.
 */
public record IpaFrame(int stream, byte[] payload) {
    public static final int STREAM_CCM = 0xFE;
    public static final int STREAM_OSMO = 0xEE;
    public static final int EXT_RSPRO = 0x07;
    /** The IPA length field is 16 bits. */
    public static final int MAX_PAYLOAD = 0xFFFF;

    public IpaFrame {
        if (stream < 0 || stream > 0xFF) {
            throw new IllegalArgumentException("IPA stream must be one byte, is " + stream);
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("IPA payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
    }

    /** An RSPRO frame: stream EE, extension 07, then the DER. */
    public static IpaFrame rspro(byte[] der) {
        byte[] payload = new byte[der.length + 1];
        payload[0] = EXT_RSPRO;
        System.arraycopy(der, 0, payload, 1, der.length);
        return new IpaFrame(STREAM_OSMO, payload);
    }

    public static IpaFrame ccm(IpaCcm type) {
        return new IpaFrame(STREAM_CCM, new byte[] {(byte) type.code()});
    }

    public boolean isRspro() {
        return stream == STREAM_OSMO && payload.length >= 1 && payload[0] == EXT_RSPRO;
    }

    public boolean isCcm() {
        return stream == STREAM_CCM && payload.length >= 1;
    }

    /** The CCM message type byte of a CCM frame. */
    public int ccmType() {
        return payload[0] & 0xFF;
    }

    /** The whole frame as it goes on the wire: header and payload. */
    public byte[] toBytes() {
        byte[] bytes = new byte[3 + payload.length];
        bytes[0] = (byte) (payload.length >> 8);
        bytes[1] = (byte) payload.length;
        bytes[2] = (byte) stream;
        System.arraycopy(payload, 0, bytes, 3, payload.length);
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpaFrame that && stream == that.stream && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * stream + Arrays.hashCode(payload);
    }

    /** Stream and length only: an RSPRO payload may carry a TPDU with authentication results. */
    @Override
    public String toString() {
        return String.format("IpaFrame[stream=%02X, %d bytes]", stream, payload.length);
    }
}
