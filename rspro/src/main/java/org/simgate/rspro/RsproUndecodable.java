package org.simgate.rspro;

/** User event: an RSPRO frame arrived that did not decode; {@code reason} says why (no payload bytes). */
public record RsproUndecodable(String reason) {
}
