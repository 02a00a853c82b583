package org.simgate.security.access;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket kept as one number, the time at which it would be full again (the generic cell
 * rate algorithm): a request takes one token when that time is at most {@code burst} tokens ahead
 * of now. Lock-free: one compare-and-set per request.
 */
public final class TokenBucket {
    private final long nanosPerToken;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    /** When the bucket is full again; at or before now means full. */
    private final AtomicLong fullAt;

    /** @param nanoTime a monotonic clock ({@code System::nanoTime}) */
    public TokenBucket(RateLimit limit, LongSupplier nanoTime) {
        this.nanosPerToken = Math.max(1, (long) (1_000_000_000d / limit.perSecond()));
        this.burstNanos = nanosPerToken * limit.burst();
        this.nanoTime = nanoTime;
        this.fullAt = new AtomicLong(nanoTime.getAsLong());
    }

    public Admission tryAcquire() {
        while (true) {
            long now = nanoTime.getAsLong();
            long current = fullAt.get();
            long next = Math.max(current, now) + nanosPerToken;
            long ahead = next - now;
            if (ahead > burstNanos) {
                long waitNanos = ahead - burstNanos;
                return new Admission.Throttled(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
            }
            if (fullAt.compareAndSet(current, next)) {
                return Admission.ADMITTED;
            }
        }
    }
}
