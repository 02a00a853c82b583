package org.simgate.security.registration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The text a device signs to finalize its registration, UTF-8:
 * <pre>nonce|timestamp|serial|scope|device_brand|device_model|passphrase|public_key_pem</pre>
 * Every position is always there; an absent optional field (brand, model, passphrase) is the empty
 * string between its pipes. Unlike privacyIDEA's smartphone container, the public key is signed
 * too (as the exact PEM text sent), so no one can swap in another key under the same signature.
 * The server builds it from its own nonce, timestamp, serial and scope, never the device's word for them.
 */
public final class RegistrationMessage {
    private RegistrationMessage() {
    }

    public static byte[] of(String nonce, Instant timestamp, String serial, String scope, String deviceBrand,
            String deviceModel, String passphrase, String publicKeyPem) {
        String text = String.join("|", nonce, timestamp(timestamp), serial, scope, orEmpty(deviceBrand),
                orEmpty(deviceModel), orEmpty(passphrase), publicKeyPem);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** ISO-8601 UTC to the second, e.g. {@code 2026-11-24T09:00:00Z}: how the timestamp is shown and signed. */
    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String orEmpty(String field) {
        return field == null ? "" : field;
    }
}
