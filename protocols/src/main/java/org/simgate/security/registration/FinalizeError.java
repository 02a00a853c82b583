package org.simgate.security.registration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The finalize endpoint's answer to a refused request, in the shape of every simgate error body
 * with the refusal's code beside the message, so a client can branch on it:
 * {@code {"error": {"message": "…", "code": "EXPIRED"}}}.
 */
public record FinalizeError(@JsonProperty("error") Detail error) {

    public FinalizeError(String code, String message) {
        this(new Detail(message, code));
    }

    /** {@code message} for humans, {@code code} one of {@link FinalizeRefusal}'s names or {@code INTERNAL}. */
    @JsonPropertyOrder({"message", "code"})
    public record Detail(@JsonProperty("message") String message, @JsonProperty("code") String code) {
    }
}
