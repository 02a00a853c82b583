package org.simgate.security.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One AKA token bucket per client: the client's own limit, else the default one, else none. Call
 * {@link #tryAcquire} before a request is queued for a card, and answer 429 on
 * {@link Admission.Throttled}.
 */
public final class AkaRateLimits {
    private final AccessPolicy policy;
    private final RateLimit defaultLimit;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** @param defaultLimit for clients without their own; null: those are not limited */
    public AkaRateLimits(AccessPolicy policy, RateLimit defaultLimit, LongSupplier nanoTime) {
        this.policy = policy;
        this.defaultLimit = defaultLimit;
        this.nanoTime = nanoTime;
    }

    public AkaRateLimits(AccessPolicy policy, RateLimit defaultLimit) {
        this(policy, defaultLimit, System::nanoTime);
    }

    public Admission tryAcquire(String client) {
        RateLimit limit = policy.client(client).map(ClientAccess::akaRateLimit).orElse(null);
        if (limit == null) {
            limit = defaultLimit;
        }
        if (limit == null) {
            return Admission.ADMITTED;
        }
        RateLimit chosen = limit;
        // client names come from the key file and device registry, not from requests: bounded
        return buckets.computeIfAbsent(client, c -> new TokenBucket(chosen, nanoTime)).tryAcquire();
    }
}
