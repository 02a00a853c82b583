package org.simgate.security.access;

/** A rate limit's answer: go ahead, or wait (HTTP 429 with {@code Retry-After}). */
public sealed interface Admission {

    Admission ADMITTED = new Admitted();

    record Admitted() implements Admission {
    }

    /** @param retryAfterSeconds when a token will be back, rounded up, at least 1 */
    record Throttled(long retryAfterSeconds) implements Admission {
    }

    default boolean admitted() {
        return this instanceof Admitted;
    }
}
