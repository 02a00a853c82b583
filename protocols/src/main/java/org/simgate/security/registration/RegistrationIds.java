package org.simgate.security.registration;

import java.util.regex.Pattern;

/**
 * The shapes of a registration's identifiers (serial, nonce, client name) and the key id a
 * registered device signs under. A leaf: it uses nothing else of this package, so the registry,
 * its file, its state and the enrollment URL can all check the same rules without depending on
 * one another.
 */
final class RegistrationIds {
    private static final Pattern SERIAL = Pattern.compile("SGDEV[0-9A-F]{8}");
    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final String KEY_ID_PREFIX = "dev-";

    private RegistrationIds() {
    }

    /** {@code SGDEV} and 8 uppercase hex digits. */
    static boolean isSerial(String serial) {
        return serial != null && SERIAL.matcher(serial).matches();
    }

    /** 40 lowercase hex digits. */
    static boolean isNonce(String nonce) {
        return nonce != null && NONCE.matcher(nonce).matches();
    }

    /** 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit. */
    static boolean isClient(String client) {
        return client != null && CLIENT.matcher(client).matches();
    }

    /** The key id a device registered under that serial signs with: {@code dev-SGDEV1A2B3C4D}. */
    static String keyIdOf(String serial) {
        return KEY_ID_PREFIX + serial;
    }
}
