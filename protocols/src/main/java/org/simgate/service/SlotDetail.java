package org.simgate.service;

/**
 * A slot as the admin API shows it: its status, plus the card's identity as last read, masked
 * (MCC/MNC or issuer prefix and the last two digits; null when never read). Card keys and
 * authentication values are never part of it.
 *
 * @param lastReadMillis when the identity was last read (epoch milliseconds), or 0 for never
 */
public record SlotDetail(SlotStatus status, String maskedImsi, String maskedIccid, long lastReadMillis) {

    /** Keeps the first {@code keep} and the last two characters of {@code digits}, stars between. */
    public static String mask(String digits, int keep) {
        if (digits == null) {
            return null;
        }
        if (digits.length() <= keep + 2) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, keep) + "*".repeat(digits.length() - keep - 2)
                + digits.substring(digits.length() - 2);
    }
}
