package org.simgate.security.registration;

import java.time.Duration;
import java.time.Instant;

/**
 * A pending registration as the admin who created it sees it: the challenge a device must sign,
 * shown as the enrollment URL and its QR code. The passphrase, when one was set, is not here:
 * the registry keeps only a salted hash of it.
 *
 * @param scope the server's own finalize URL, which the device signs and must POST to
 */
public record Registration(String serial, String client, String nonce, Instant timestamp, Duration ttl, String scope,
        boolean passphraseRequired) {

    public Instant expiresAt() {
        return timestamp.plus(ttl);
    }

    public String keyId() {
        return RegistrationIds.keyIdOf(serial);
    }

    public EnrollmentUrl enrollmentUrl() {
        return new EnrollmentUrl(serial, nonce, timestamp, ttl, scope, client, passphraseRequired);
    }

    /** The enrollment URL as a QR code, a PNG of about {@value EnrollmentQr#DEFAULT_PIXELS} pixels square. */
    public byte[] qrPng() {
        return EnrollmentQr.png(enrollmentUrl().uri(), EnrollmentQr.DEFAULT_PIXELS);
    }
}
