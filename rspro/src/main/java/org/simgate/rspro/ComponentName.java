package org.simgate.rspro;

/** RSPRO's {@code ComponentName}: an IA5String of 1 to 32 characters; the real peers reject others. */
final class ComponentName {
    static final int MAX_LENGTH = 32;

    private ComponentName() {
    }

    static String require(String field, String value) {
        return requireIa5(field, value, MAX_LENGTH);
    }

    /** Whether {@code value} is a ComponentName that reads well too: 1 to 32 printable ASCII characters. */
    static boolean valid(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_LENGTH
                && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    static String optional(String field, String value) {
        return value == null ? null : require(field, value);
    }

    static String requireIa5(String field, String value, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (value.isEmpty() || value.length() > maxLength) {
            throw new IllegalArgumentException(field + " must have 1 to " + maxLength + " characters, has "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7f) {
                throw new IllegalArgumentException(field + " must be IA5 (ASCII) text");
            }
        }
        return value;
    }
}
