package org.simgate.rspro.ipa;

/** The IPA CCM message types osmo-remsim exchanges (stream FE). */
public enum IpaCcm {
    PING(0x00),
    PONG(0x01),
    ID_ACK(0x06);

    private final int code;

    IpaCcm(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type of a CCM frame, or null for one osmo-remsim does not use here (ID_GET, ID_RESP…). */
    public static IpaCcm of(IpaFrame frame) {
        if (!frame.isCcm()) {
            return null;
        }
        for (IpaCcm type : values()) {
            if (type.code == frame.ccmType()) {
                return type;
            }
        }
        return null;
    }
}
