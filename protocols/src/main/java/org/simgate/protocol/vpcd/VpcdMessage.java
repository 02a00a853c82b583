package org.simgate.protocol.vpcd;

/**
 * What vpcd (vsmartcard's virtual reader driver inside pcscd) asks of the card it relays. On the
 * wire each is a 2-byte big-endian length and a payload; a 1-byte payload is a control code, any
 * longer one a C-APDU.
 */
public sealed interface VpcdMessage {

    /** The 1-byte control payloads. Only {@link #GET_ATR} expects an answer (the ATR); the others get none. */
    enum Control implements VpcdMessage {
        POWER_OFF(0x00),
        POWER_ON(0x01),
        RESET(0x02),
        GET_ATR(0x04);

        final int code;

        Control(int code) {
            this.code = code;
        }

        /** The control with that code, or null: vpcd sends no other. */
        static Control of(int code) {
            for (Control control : values()) {
                if (control.code == code) {
                    return control;
                }
            }
            return null;
        }
    }

    /** A C-APDU, to be answered with the card's R-APDU. toString never shows its bytes. */
    record Apdu(byte[] command) implements VpcdMessage {
        @Override
        public String toString() {
            return "Apdu[" + command.length + " bytes]";
        }
    }
}
