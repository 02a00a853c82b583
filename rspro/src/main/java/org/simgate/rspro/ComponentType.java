package org.simgate.rspro;

/** Who is speaking: RSPRO's {@code ComponentType}, a closed ENUMERATED (no extension marker). */
public enum ComponentType {
    REMSIM_CLIENT(0),
    REMSIM_SERVER(1),
    REMSIM_BANKD(2);

    private final int code;

    ComponentType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The name osmo-remsim-server's REST API shows ({@code "remsimBankd"}). */
    public String restName() {
        return switch (this) {
            case REMSIM_CLIENT -> "remsimClient";
            case REMSIM_SERVER -> "remsimServer";
            case REMSIM_BANKD -> "remsimBankd";
        };
    }

    public static ComponentType ofCode(int code) {
        for (ComponentType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown ComponentType " + code);
    }
}
