package org.simgate.security.registration;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The finalize endpoint's answer to a registered device:
 * {@code {"key_id": "dev-SGDEV1A2B3C4D", "client": "alice-phone", "serial": "SGDEV1A2B3C4D",
 * "algorithm": "ecdsa-p384-sha384", "registered_at": "2026-11-24T09:01:12Z"}}. The device signs
 * its requests under {@code key_id} with {@code algorithm}.
 */
public record FinalizeResponse(
        @JsonProperty("key_id") String keyId,
        @JsonProperty("client") String client,
        @JsonProperty("serial") String serial,
        @JsonProperty("algorithm") String algorithm,
        @JsonProperty("registered_at") String registeredAt) {
    public static final String ALGORITHM = "ecdsa-p384-sha384";

    public static FinalizeResponse of(RegisteredDevice device) {
        return new FinalizeResponse(device.keyId(), device.client(), device.serial(), ALGORITHM,
                RegistrationMessage.timestamp(device.registeredAt()));
    }
}
