package org.simgate.transport.remsim;

import java.time.Duration;

/** Reconnect delays: 250 ms doubling up to a cap; back to the start after a link that worked. Not thread-safe. */
final class Backoff {
    private static final long FIRST_MILLIS = 250;

    private final long capMillis;
    private int failures;

    Backoff(Duration cap) {
        this.capMillis = Math.max(FIRST_MILLIS, cap.toMillis());
    }

    /** Counts a failed attempt and answers how long to wait before the next one. */
    long nextDelayMillis() {
        failures++;
        return Math.min(capMillis, FIRST_MILLIS << Math.min(failures - 1, 16));
    }

    /** Failed attempts since the link last worked (or since the target changed). */
    int failures() {
        return failures;
    }

    void reset() {
        failures = 0;
    }
}
