package org.simgate.security.registration;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The finalize endpoint's answer to a refused request: {@code {"error": "EXPIRED", "message": "…"}}. */
public record FinalizeError(@JsonProperty("error") String error, @JsonProperty("message") String message) {
}
