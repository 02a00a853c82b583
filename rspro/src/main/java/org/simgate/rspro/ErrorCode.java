package org.simgate.rspro;

/** RSPRO's {@code ErrorCode} (in ErrorInd), an extensible ENUMERATED kept as its number. */
public record ErrorCode(int code) {
    public static final ErrorCode UNKNOWN_CLIENT_CONNECTED = new ErrorCode(1);
    public static final ErrorCode UNEXPECTED_DISCONNECT = new ErrorCode(2);
    public static final ErrorCode UNEXPECTED_PROTOCOL_VERSION = new ErrorCode(3);

    public String name() {
        return switch (code) {
            case 1 -> "unknownClientConnected";
            case 2 -> "unexpectedDisconnect";
            case 3 -> "unexpectedProtocolVersion";
            default -> "errorCode(" + code + ")";
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
