package org.simgate.security.registration;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the admin's create call can answer as JSON (the QR code PNG is served separately):
 * <pre>
 * {"serial": "SGDEV1A2B3C4D", "client": "alice-phone", "key_id": "dev-SGDEV1A2B3C4D",
 *  "nonce": "6f1c…", "time": "2026-11-24T09:00:00Z", "ttl": 600, "expires_at": "2026-11-24T09:10:00Z",
 *  "finalize_url": "https://gw.example:8081/admin/v1/devices/finalize", "passphrase": false,
 *  "enrollment_url": "simgate-enroll://register?serial=…"}
 * </pre>
 */
public record RegistrationResponse(
        @JsonProperty("serial") String serial,
        @JsonProperty("client") String client,
        @JsonProperty("key_id") String keyId,
        @JsonProperty("nonce") String nonce,
        @JsonProperty("time") String time,
        @JsonProperty("ttl") long ttlSeconds,
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("finalize_url") String finalizeUrl,
        @JsonProperty("passphrase") boolean passphraseRequired,
        @JsonProperty("enrollment_url") String enrollmentUrl) {

    public static RegistrationResponse of(Registration registration) {
        return new RegistrationResponse(registration.serial(), registration.client(), registration.keyId(),
                registration.nonce(), RegistrationMessage.timestamp(registration.timestamp()),
                registration.ttl().toSeconds(), RegistrationMessage.timestamp(registration.expiresAt()),
                registration.scope(), registration.passphraseRequired(), registration.enrollmentUrl().uri());
    }
}
