package org.simgate.security.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.simgate.security.replay.NonceCache.Outcome;

class NonceCacheTest {

    @Test
    void aNonceIsFreshOncePerKey() {
        NonceCache cache = new NonceCache(10);
        assertEquals(Outcome.FRESH, cache.record("k1", "n", 1300, 1000));
        assertEquals(Outcome.REPLAY, cache.record("k1", "n", 1300, 1000));
        assertEquals(Outcome.FRESH, cache.record("k2", "n", 1300, 1000), "another key's nonce");
    }

    @Test
    void aNonceIsRememberedUntilItsExpiryInclusive() {
        NonceCache cache = new NonceCache(10);
        cache.record("k", "n", 1300, 1000);
        assertEquals(Outcome.REPLAY, cache.record("k", "n", 1600, 1300));
        assertEquals(Outcome.FRESH, cache.record("k", "n", 1601, 1301));
    }

    @Test
    void whenFullExpiredNoncesMakeRoomAndLiveOnesAreNeverForgotten() {
        NonceCache cache = new NonceCache(2);
        cache.record("k", "a", 1100, 1000);
        cache.record("k", "b", 1300, 1000);
        assertEquals(Outcome.FULL, cache.record("k", "c", 1300, 1050));
        assertEquals(Outcome.REPLAY, cache.record("k", "a", 1300, 1050));
        assertEquals(Outcome.FRESH, cache.record("k", "c", 1400, 1101), "a expired");
        assertEquals(Outcome.REPLAY, cache.record("k", "b", 1400, 1101));
        assertEquals(2, cache.size());
    }

    @Test
    void aBigCacheInPartsRefusesOnlyWhenNearlyFullAndForgetsNothingLive() {
        NonceCache cache = new NonceCache(1_000_000); // 8 parts of 125,000
        int fresh = 0;
        while (cache.record("k", "n" + fresh, 1300, 1000) == Outcome.FRESH) {
            fresh++;
        }
        assertTrue(fresh >= 990_000, "first refusal after " + fresh);
        assertEquals(fresh, cache.size());
        for (int i = 0; i < fresh; i += 101) {
            assertEquals(Outcome.REPLAY, cache.record("k", "n" + i, 1300, 1000));
        }
        assertEquals(Outcome.FRESH, cache.record("k", "later", 1600, 1301), "expired nonces make room");
        assertEquals(1, cache.size());
    }

    @Test
    void theLiveCountStaysExactWhenExpiriesAlternate() {
        // requests straddling a second boundary arrive with created seconds mixed
        NonceCache cache = new NonceCache(1_000);
        for (int i = 0; i < 300; i++) {
            cache.record("k", "n" + i, 1300 + (i % 3), 1000);
        }
        assertEquals(300, cache.size());
        cache.record("k", "x", 1400, 1301); // 1300 has passed: its 100 go
        assertEquals(201, cache.size());
        cache.record("k", "y", 1400, 1302);
        assertEquals(102, cache.size());
        cache.record("k", "z", 1400, 1303);
        assertEquals(3, cache.size());
        assertEquals(Outcome.FRESH, cache.record("k", "n1", 1500, 1303), "its second passed");
    }

    @Test
    void millionsOfNoncesStayExactAcrossRebuildsAndExpiry() {
        NonceCache cache = new NonceCache(3_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            assertEquals(Outcome.FRESH, cache.record("k" + (i & 7), "n" + i, 1300 + i / 100_000, 1000));
        }
        assertEquals(1_000_000, cache.size());
        for (int i = 0; i < 1_000_000; i += 997) {
            assertEquals(Outcome.REPLAY, cache.record("k" + (i & 7), "n" + i, 1400, 1000));
        }
        // the first 100,000 expired at 1300: they make room and may be used again
        for (int i = 0; i < 100_000; i += 1000) {
            assertEquals(Outcome.FRESH, cache.record("k" + (i & 7), "n" + i, 1700, 1301));
        }
        assertEquals(900_000 + 100, cache.size());
        assertEquals(Outcome.REPLAY, cache.record("k" + (150_000 & 7), "n150000", 1700, 1301));
    }

    @Test
    void nonceRules() {
        assertTrue(NonceCache.acceptable("b3k2pp5k7z-50gnwp.yemd"));
        assertTrue(NonceCache.acceptable("x".repeat(64)));
        assertFalse(NonceCache.acceptable("x".repeat(65)));
        assertFalse(NonceCache.acceptable(""));
        assertFalse(NonceCache.acceptable("a:b"));
        assertFalse(NonceCache.acceptable("a|b"));
        assertFalse(NonceCache.acceptable("a b"));
    }

    @Test
    void parallelDuplicatesGetOneFresh() throws Exception {
        NonceCache cache = new NonceCache(100_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                String nonce = "n" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Outcome>> outcomes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        return cache.record("k", nonce, 1300, 1000);
                    }));
                }
                start.countDown();
                int fresh = 0;
                for (Future<Outcome> outcome : outcomes) {
                    fresh += outcome.get() == Outcome.FRESH ? 1 : 0;
                }
                assertEquals(1, fresh);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachKeyHoldsItsShareAndAFullKeyIsRefusedAlone() {
        NonceCache cache = new NonceCache(100);
        assertEquals(25, cache.shareOf(4));
        for (int i = 0; i < 25; i++) {
            assertEquals(Outcome.FRESH, cache.record("greedy", "n" + i, 1300, 1000, 4));
        }
        assertEquals(Outcome.FULL, cache.record("greedy", "more", 1300, 1000, 4));
        assertEquals(Outcome.REPLAY, cache.record("greedy", "n3", 1300, 1000, 4), "a replay is still told as one");
        for (int i = 0; i < 25; i++) {
            assertEquals(Outcome.FRESH, cache.record("honest", "n" + i, 1300, 1000, 4), "another key's share is its own");
        }
        assertEquals(50, cache.size());
        assertEquals(25, cache.liveOf("greedy", 1000));
    }

    @Test
    void aFullKeyIsToldWhenItsOldestNonceLeavesTheWindow() {
        NonceCache cache = new NonceCache(4);
        cache.record("k", "a", 1100, 1000, 2);
        cache.record("k", "b", 1300, 1000, 2);
        assertEquals(Outcome.FULL, cache.record("k", "c", 1300, 1050, 2));
        assertEquals(51, cache.retryAfterSeconds("k", 1050), "a is live through 1100, gone at 1101");
        assertEquals(Outcome.FULL, cache.record("k", "c", 1300, 1100, 2));
        assertEquals(Outcome.FRESH, cache.record("k", "c", 1400, 1101, 2));
        assertEquals(1, cache.retryAfterSeconds("nobody", 1101));
    }

    @Test
    void aReplayOrAFullCacheGivesTheKeysPlaceBack() {
        NonceCache cache = new NonceCache(2);
        assertEquals(Outcome.FRESH, cache.record("k", "a", 1300, 1000));
        for (int i = 0; i < 10; i++) {
            assertEquals(Outcome.REPLAY, cache.record("k", "a", 1300, 1000));
        }
        assertEquals(1, cache.liveOf("k", 1000), "replays hold no place");
        assertEquals(Outcome.FRESH, cache.record("k", "b", 1300, 1000));
        assertEquals(Outcome.FULL, cache.record("j", "x", 1300, 1000), "the whole cache is full");
        assertEquals(0, cache.liveOf("j", 1000));
    }

    @Test
    void keysWithoutLiveNoncesAreLetGoAndComeBackAtZero() {
        NonceCache cache = new NonceCache(10);
        cache.record("old", "a", 1100, 1000, 2);
        cache.record("new", "a", 1300, 1000, 2);
        // a minute on, old's nonce expired: the sweep lets it go; new still counts its own
        cache.record("new", "b", 1400, 1200, 2);
        assertEquals(0, cache.liveOf("old", 1200));
        assertEquals(2, cache.liveOf("new", 1200));
        for (int i = 0; i < 5; i++) {
            assertEquals(Outcome.FRESH, cache.record("old", "n" + i, 1400, 1200, 2));
        }
        assertEquals(Outcome.FULL, cache.record("old", "n5", 1400, 1200, 2));
    }

    @Test
    void parallelDuplicatesOfAKeyNearItsShareGetOneFreshAndNeverOverfill() throws Exception {
        NonceCache cache = new NonceCache(1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 400; round++) {
                String nonce = "n" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Outcome>> outcomes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        return cache.record("k", nonce, 1300, 1000, 4);
                    }));
                }
                start.countDown();
                int fresh = 0;
                for (Future<Outcome> outcome : outcomes) {
                    fresh += outcome.get() == Outcome.FRESH ? 1 : 0;
                }
                assertEquals(round < 250 ? 1 : 0, fresh, "round " + round);
            }
            assertEquals(250, cache.liveOf("k", 1000));
        } finally {
            pool.shutdownNow();
        }
    }
}
