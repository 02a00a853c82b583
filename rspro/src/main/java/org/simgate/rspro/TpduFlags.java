package org.simgate.rspro;

/** RSPRO's {@code TpduFlags}; the real peers send all four false for a whole TPDU in one message. */
public record TpduFlags(boolean tpduHeaderPresent, boolean finalPart, boolean procByteContinueTx,
                        boolean procByteContinueRx) {
    public static final TpduFlags NONE = new TpduFlags(false, false, false, false);
}
