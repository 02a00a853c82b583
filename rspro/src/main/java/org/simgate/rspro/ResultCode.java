package org.simgate.rspro;

/**
 * RSPRO's {@code ResultCode}, an extensible ENUMERATED: a value this code does not name is kept as a
 * number (a newer peer may send it).
 */
public record ResultCode(int code) {
    public static final ResultCode OK = new ResultCode(0);
    public static final ResultCode ILLEGAL_CLIENT_ID = new ResultCode(1);
    public static final ResultCode ILLEGAL_BANK_ID = new ResultCode(2);
    public static final ResultCode ILLEGAL_SLOT_ID = new ResultCode(3);
    public static final ResultCode UNSUPPORTED_PROTOCOL_VERSION = new ResultCode(4);
    public static final ResultCode UNKNOWN_SLOTMAP = new ResultCode(5);
    public static final ResultCode IDENTITY_IN_USE = new ResultCode(6);
    public static final ResultCode CARD_NOT_PRESENT = new ResultCode(100);
    public static final ResultCode CARD_UNRESPONSIVE = new ResultCode(101);
    public static final ResultCode CARD_TRANSMISSION_ERROR = new ResultCode(102);

    public boolean isOk() {
        return code == 0;
    }

    /** The ASN.1 name ({@code identityInUse}), or the number for a value this code does not know. */
    public String name() {
        return switch (code) {
            case 0 -> "ok";
            case 1 -> "illegalClientId";
            case 2 -> "illegalBankId";
            case 3 -> "illegalSlotId";
            case 4 -> "unsupportedProtocolVersion";
            case 5 -> "unknownSlotmap";
            case 6 -> "identityInUse";
            case 100 -> "cardNotPresent";
            case 101 -> "cardUnresponsive";
            case 102 -> "cardTransmissionError";
            default -> "resultCode(" + code + ")";
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
