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
 * @param requestReadTimeout   how long a request may take to arrive whole from its first byte (a
 *                             connection's first request: from the accept); then 408 and close, so
 *                             a client trickling bytes (slowloris) cannot hold a connection
 */
public record RestSettings(int maxBodyBytes, Duration idleTimeout, int maxPipelinedRequests,
                           Duration requestReadTimeout) {

    public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);
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
        Objects.requireNonNull(requestReadTimeout, "requestReadTimeout");
        if (requestReadTimeout.isNegative() || requestReadTimeout.isZero()) {
            throw new IllegalArgumentException("requestReadTimeout must be positive");
        }
    }

    /** With the default request read timeout (10 s). */
    public RestSettings(int maxBodyBytes, Duration idleTimeout, int maxPipelinedRequests) {
        this(maxBodyBytes, idleTimeout, maxPipelinedRequests, DEFAULT_REQUEST_READ_TIMEOUT);
    }
}
