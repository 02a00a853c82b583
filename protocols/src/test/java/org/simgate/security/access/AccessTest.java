package org.simgate.security.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AccessTest {
    final AccessPolicy policy = new AccessPolicy(Map.of(
            "lab-a", new ClientAccess(Set.of(0, 1), Set.of(Operation.AKA, Operation.INFO), null),
            "ops", new ClientAccess(null, Set.of(Operation.ADMIN, Operation.INFO), new RateLimit(1, 1))));

    @Test
    void aClientMayDoWhatItsEntryLists() {
        assertTrue(policy.allows("lab-a", 0, Operation.AKA));
        assertTrue(policy.allows("lab-a", 1, Operation.INFO));
        assertFalse(policy.allows("lab-a", 2, Operation.AKA), "slot not listed");
        assertFalse(policy.allows("lab-a", 0, Operation.APDU), "operation not listed");
        assertTrue(policy.allows("ops", 65535, Operation.ADMIN), "every slot");
        assertFalse(policy.allows("ops", 0, Operation.AKA));
        assertTrue(policy.allowsSomewhere("lab-a", Operation.INFO));
        assertFalse(policy.allowsSomewhere("lab-a", Operation.RELAY));
    }

    @Test
    void aClientNotListedMayDoNothing() {
        for (Operation operation : Operation.values()) {
            assertFalse(policy.allows("stranger", 0, operation));
            assertFalse(policy.allowsSomewhere("stranger", operation));
        }
    }

    @Test
    void anAdminCoversTheClientsWhoseSlotsAndOperationsAreWithinItsOwn() {
        AccessPolicy admins = new AccessPolicy(Map.of(
                "slot0-admin", new ClientAccess(Set.of(0), Set.of(Operation.ADMIN, Operation.AKA, Operation.INFO), null),
                "root", new ClientAccess(null, Set.of(Operation.values()), null),
                "probe", new ClientAccess(Set.of(0), Set.of(Operation.INFO), null),
                "everywhere", new ClientAccess(null, Set.of(Operation.INFO), null),
                "raw", new ClientAccess(Set.of(0), Set.of(Operation.APDU), null),
                "other-slot", new ClientAccess(Set.of(1), Set.of(Operation.INFO), null),
                "none", new ClientAccess(Set.of(), Set.of(Operation.APDU), null)));
        assertTrue(admins.covers("slot0-admin", "probe"));
        assertTrue(admins.covers("slot0-admin", "slot0-admin"));
        assertFalse(admins.covers("slot0-admin", "everywhere"), "every slot is more than slot 0");
        assertFalse(admins.covers("slot0-admin", "raw"), "apdu is not its own");
        assertFalse(admins.covers("slot0-admin", "other-slot"));
        assertFalse(admins.covers("slot0-admin", "root"));
        assertTrue(admins.covers("slot0-admin", "none"), "no slot at all: nothing to give");
        assertTrue(admins.covers("slot0-admin", "unlisted"), "a client not listed may do nothing");
        for (String client : admins.clients().keySet()) {
            assertTrue(admins.covers("root", client), client);
        }
        assertFalse(admins.covers("stranger", "unlisted"), "an admin not listed covers nobody");
    }

    @Test
    void theBucketTakesABurstThenOneTokenPerInterval() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        TokenBucket bucket = new TokenBucket(new RateLimit(2, 3), nanos::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(Admission.ADMITTED, bucket.tryAcquire(), "burst " + i);
        }
        assertEquals(new Admission.Throttled(1), bucket.tryAcquire());
        nanos.addAndGet(500_000_000L);
        assertEquals(Admission.ADMITTED, bucket.tryAcquire(), "a token back after 1/rate");
        assertEquals(new Admission.Throttled(1), bucket.tryAcquire());
        nanos.addAndGet(10_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertEquals(Admission.ADMITTED, bucket.tryAcquire(), "refilled to the burst, not beyond " + i);
        }
        assertFalse(bucket.tryAcquire().admitted());
    }

    @Test
    void retryAfterIsRoundedUpToWholeSeconds() {
        AtomicLong nanos = new AtomicLong(0);
        TokenBucket bucket = new TokenBucket(new RateLimit(0.1, 1), nanos::get);
        assertTrue(bucket.tryAcquire().admitted());
        assertEquals(new Admission.Throttled(10), bucket.tryAcquire());
        nanos.addAndGet(9_100_000_000L);
        assertEquals(new Admission.Throttled(1), bucket.tryAcquire());
    }

    @Test
    void eachClientHasItsOwnBucketTheDefaultOrItsOwn() {
        AtomicLong nanos = new AtomicLong(0);
        AkaRateLimits limits = new AkaRateLimits(policy, new RateLimit(1, 2), nanos::get);
        assertTrue(limits.tryAcquire("lab-a").admitted());
        assertTrue(limits.tryAcquire("lab-a").admitted());
        assertFalse(limits.tryAcquire("lab-a").admitted());
        assertTrue(limits.tryAcquire("ops").admitted(), "another client's bucket");
        assertFalse(limits.tryAcquire("ops").admitted(), "its own limit: burst 1");
        assertTrue(new AkaRateLimits(policy, null, nanos::get).tryAcquire("lab-a").admitted());
    }
}
