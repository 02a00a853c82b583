package org.simgate.rspro;

/**
 * Bytes that are not an RSPRO PDU simgate understands. The message names the field and the fault, never
 * the payload's bytes (a TPDU may carry authentication results).
 */
public final class RsproDecodeException extends Exception {
    public RsproDecodeException(String message) {
        super(message);
    }

    public RsproDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
