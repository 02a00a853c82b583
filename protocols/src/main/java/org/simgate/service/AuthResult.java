package org.simgate.service;

/**
 * How a card answered AUTHENTICATE. All three are answers of a working card; hardware and server
 * trouble are {@link SlotException}s instead. toString never shows key material.
 */
public sealed interface AuthResult {

    /**
     * 3G context success: RES, CK, IK, and Kc when the card returns it (else null); {@code derived}
     * holds what the request asked to derive from them (else null).
     */
    record Success(byte[] res, byte[] ck, byte[] ik, byte[] kc, DerivedKeys derived) implements AuthResult {

        /** The card's answer alone. */
        public Success(byte[] res, byte[] ck, byte[] ik, byte[] kc) {
            this(res, ck, ik, kc, null);
        }

        public Success withDerived(DerivedKeys keys) {
            return new Success(res, ck, ik, kc, keys);
        }

        @Override
        public String toString() {
            return "Success[res, ck, ik" + (kc != null ? ", kc" : "") + " redacted"
                    + (derived != null ? ", " + derived : "") + "]";
        }
    }

    /** The card found SQN out of range and answered AUTS for resynchronisation. */
    record SyncFailure(byte[] auts) implements AuthResult {
        @Override
        public String toString() {
            return "SyncFailure[auts redacted]";
        }
    }

    /** The card refused with a status word; the reason classifies it for clients. */
    record Rejected(int statusWord, Reason reason) implements AuthResult {
        public String statusWordHex() {
            return String.format("%04x", statusWord);
        }
    }

    enum Reason {
        /** 9862: MAC in AUTN wrong (or, for GSM context, authentication error). */
        INCORRECT_MAC("incorrect_mac", "authentication error, incorrect MAC"),
        /** 9864: security context not supported. */
        CONTEXT_NOT_SUPPORTED("context_not_supported", "security context not supported"),
        /** 9865: key freshness failure. */
        KEY_FRESHNESS_FAILURE("key_freshness_failure", "key freshness failure"),
        /** Any other status word. */
        CARD_ERROR("card_error", "card error");

        private final String wireName;
        private final String message;

        Reason(String wireName, String message) {
            this.wireName = wireName;
            this.message = message;
        }

        /** The snake_case name used in JSON answers. */
        public String wireName() {
            return wireName;
        }

        public String message() {
            return message;
        }

        public static Reason of(int statusWord) {
            return switch (statusWord) {
                case 0x9862 -> INCORRECT_MAC;
                case 0x9864 -> CONTEXT_NOT_SUPPORTED;
                case 0x9865 -> KEY_FRESHNESS_FAILURE;
                default -> CARD_ERROR;
            };
        }
    }
}
