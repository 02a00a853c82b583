package org.simgate.protocol.rest;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one REST listener.
 *
 * @param maxBodyBytes         largest request body accepted; a larger one is answered 413
 * @param idleTimeout          how long a connection may send nothing while the server owes it no
 *                             answer; a half-sent request or an idle keep-alive connection is then
 *                             closed, so a slow client cannot hold resources
 * @param maxPipelinedRequests requests of one connection in flight at once; above it the server
 *                             stops reading that connection until answers have gone out
 */
public record RestSettings(int maxBodyBytes, Duration idleTimeout, int maxPipelinedRequests) {

    public static final RestSettings DEFAULTS = new RestSettings(8 * 1024, Duration.ofSeconds(60), 64);

    public RestSettings {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (maxPipelinedRequests < 1) {
            throw new IllegalArgumentException("maxPipelinedRequests must be positive");
        }
    }
}
