package org.simgate.security.replay;

import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nonces each key has used, each remembered until its request's {@code created} leaves the
 * window (after that the request is refused for its clock alone). Check and record is one atomic
 * step: of two requests with the same key and nonce, however parallel, exactly one gets through.
 *
 * <p>Bounded: when full, nonces whose time is up make room first; when every remembered nonce is
 * still inside the window the new one is refused ({@link Outcome#FULL}) rather than one of them
 * forgotten, since forgetting one would let its request be replayed. A cache of {@code capacity}
 * sustains {@code capacity / window} signed requests a second. From 131,072 up the cache is split
 * by fingerprint into up to 16 parts, each with its share of the capacity (and 1/32 more, so that
 * the parts' uneven filling never refuses a key below its own share); the parts fill evenly (by a
 * keyed hash), so the first refusal comes within a fraction of a percent of capacity.
 *
 * <p>Shared fairly: each key id may hold at most its share of the capacity, {@code capacity / keys}
 * for the number of keys the caller says share it ({@link #record(String, String, long, long, int)}),
 * so one key's requests — a client that replays nothing but signs as fast as it can — never use
 * up another key's room. A key over its share is refused alone, until its oldest nonce leaves the
 * window ({@link #retryAfterSeconds}). Each key's live nonces are counted per expiry second under
 * a lock of its own, taken before the part's: a request takes two short locks.
 *
 * <p>Compact, because a busy gateway remembers millions: a nonce is kept as a 64-bit fingerprint
 * of key id and nonce, seeded at random per process, next to its expiry second (16 bytes a slot, in
 * one cache line, of an open-addressing table that grows with use: 2,000,000 live nonces take
 * about 64 MB; a table this size is out of the CPU's caches, and a probe that reads fingerprint
 * and expiry from one line costs one memory access instead of two). Two distinct
 * nonces that share a fingerprint (by chance, about 2<sup>-40</sup> among millions) cost one
 * request refused as a replay; a fingerprint never lets a replay through.
 */
public final class NonceCache {
    /** Longest nonce taken; a longer one is refused before anything else is spent on it. */
    public static final int MAX_NONCE_LENGTH = 64;
    private static final int MIN_TABLE = 1 << 10;
    /**
     * A big cache is split, each part with its own lock and table: the event loops seldom wait
     * for each other, and growing a table (copying every live nonce of it) stalls one part's
     * requests for a sixteenth of the time.
     */
    private static final int MAX_SEGMENTS = 16;
    private static final int MIN_SEGMENT_CAPACITY = 65_536;
    /** How often keys that hold no live nonce are let go (a rotated key, a revoked device). */
    private static final long SWEEP_SECONDS = 60;
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Outcome {
        /** First use: recorded. */
        FRESH,
        /** Already used by this key inside the window. */
        REPLAY,
        /** This key's share (or, rarely, the whole cache) is full of live nonces: refused, nothing recorded. */
        FULL
    }

    private final int capacity;

    private final Segment[] segments;
    /** The fingerprint's top bits pick the segment; its mixed bits the slot within. */
    private final int segmentShift;
    private final long seed0 = RANDOM.nextLong();
    private final long seed1 = RANDOM.nextLong();
    /** The latest time a record was made at: a part that saw no request since still counts its expired nonces. */
    private volatile long latestSecond = Long.MIN_VALUE;
    /** Each key's live nonces; a key that holds none is let go at the next sweep. */
    private final ConcurrentHashMap<String, KeyShare> shares = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepSecond = new AtomicLong(Long.MIN_VALUE);

    public NonceCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        int count = 1;
        while (count < MAX_SEGMENTS && capacity / (2 * count) >= MIN_SEGMENT_CAPACITY) {
            count *= 2;
        }
        segments = new Segment[count];
        int slack = count > 1 ? capacity / count / 32 : 0;
        for (int i = 0; i < count; i++) {
            segments[i] = new Segment(capacity / count + (i < capacity % count ? 1 : 0) + slack);
        }
        segmentShift = 64 - Integer.numberOfTrailingZeros(count);
    }

    /** Nonces one key may hold when {@code keys} keys share the cache: at least one. */
    public int shareOf(int keys) {
        return Math.max(1, capacity / Math.max(1, keys));
    }

    /**
     * Whether {@code nonce} is 1 to {@value #MAX_NONCE_LENGTH} of A-Z a-z 0-9 . _ ~ + / = -: printable,
     * and free of the line protocol's separators ({@code :} and {@code |}).
     */
    public static boolean acceptable(String nonce) {
        if (nonce == null || nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH) {
            return false;
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c >= NONCE_CHARACTERS.length || !NONCE_CHARACTERS[c]) {
                return false;
            }
        }
        return true;
    }

    private static final boolean[] NONCE_CHARACTERS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            NONCE_CHARACTERS[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "._~+/=-".indexOf(c) >= 0;
        }
    }

    /** {@link #record(String, String, long, long, int)} for a key that may use the whole cache. */
    public Outcome record(String keyId, String nonce, long expiresAtSecond, long nowSecond) {
        return record(keyId, nonce, expiresAtSecond, nowSecond, 1);
    }

    /**
     * Records that {@code keyId} used {@code nonce}, remembered until {@code expiresAtSecond}
     * (epoch seconds: the request's created plus the window), unless it is already remembered
     * (REPLAY) or the key already holds its share of live nonces (FULL; a replay is still told
     * as REPLAY).
     *
     * @param nowSecond the current time, epoch seconds
     * @param keys      how many keys share the cache: this key may hold {@link #shareOf}{@code (keys)}
     */
    public Outcome record(String keyId, String nonce, long expiresAtSecond, long nowSecond, int keys) {
        long fingerprint = fingerprint(keyId, nonce);
        Segment segment = segments.length == 1 ? segments[0] : segments[(int) (fingerprint >>> segmentShift)];
        if (nowSecond > latestSecond) {
            latestSecond = nowSecond; // racy, and only for size(): written once a second
        }
        if (nowSecond >= nextSweepSecond.get()) {
            sweep(nowSecond);
        }
        KeyShare share = reserve(keyId, expiresAtSecond, nowSecond, shareOf(keys));
        if (share == null) {
            return segment.remembers(fingerprint, nowSecond) ? Outcome.REPLAY : Outcome.FULL;
        }
        Outcome outcome = segment.record(fingerprint, expiresAtSecond, nowSecond);
        if (outcome != Outcome.FRESH) {
            share.release(expiresAtSecond);
        }
        return outcome;
    }

    /**
     * When a key refused FULL may try again: once its oldest live nonce has left the window
     * (at least 1 s). A key that holds none (the whole cache was full) is told 1 s.
     */
    public long retryAfterSeconds(String keyId, long nowSecond) {
        KeyShare share = shares.get(keyId);
        if (share == null) {
            return 1;
        }
        long first = share.firstExpiry(nowSecond);
        return first == Long.MAX_VALUE ? 1 : Math.max(1, first - nowSecond + 1);
    }

    /** The live nonces {@code keyId} holds, as of {@code nowSecond}. */
    public int liveOf(String keyId, long nowSecond) {
        KeyShare share = shares.get(keyId);
        return share == null ? 0 : share.live(nowSecond);
    }

    /** Counts the nonce against the key's share; null when the share is full. */
    private KeyShare reserve(String keyId, long expiresAtSecond, long nowSecond, int limit) {
        while (true) {
            KeyShare share = shares.get(keyId);
            if (share == null) {
                share = shares.computeIfAbsent(keyId, id -> new KeyShare());
            }
            switch (share.reserve(expiresAtSecond, nowSecond, limit)) {
                case RESERVED:
                    return share;
                case FULL:
                    return null;
                default:
                    break; // let go by a sweep just now: the key gets a new one
            }
        }
    }

    /** Lets go of the keys that hold no live nonce; one caller a minute does it. */
    private void sweep(long nowSecond) {
        long due = nextSweepSecond.get();
        if (nowSecond < due || !nextSweepSecond.compareAndSet(due, nowSecond + SWEEP_SECONDS)) {
            return;
        }
        shares.forEach((keyId, share) -> {
            if (share.retireIfEmpty(nowSecond)) {
                shares.remove(keyId, share);
            }
        });
    }

    /** One key's live nonces, counted against its share. */
    private static final class KeyShare {
        enum Reservation { RESERVED, FULL, RETIRED }

        // guarded by this
        private final LiveCount count = new LiveCount();
        /** Let go of by a sweep: no longer in the map, a new one counts for the key. */
        private boolean retired;

        synchronized Reservation reserve(long expiresAtSecond, long nowSecond, int limit) {
            if (retired) {
                return Reservation.RETIRED;
            }
            if (count.live(nowSecond) >= limit) {
                return Reservation.FULL;
            }
            count.add(expiresAtSecond);
            return Reservation.RESERVED;
        }

        synchronized void release(long expiresAtSecond) {
            count.remove(expiresAtSecond);
        }

        synchronized boolean retireIfEmpty(long nowSecond) {
            if (count.live(nowSecond) == 0) {
                retired = true;
            }
            return retired;
        }

        synchronized long firstExpiry(long nowSecond) {
            return count.firstExpiry(nowSecond);
        }

        synchronized int live(long nowSecond) {
            return count.live(nowSecond);
        }
    }

    /** Nonces remembered and still inside their window, as of the last {@link #record}. */
    public int size() {
        long now = latestSecond;
        int size = 0;
        for (Segment segment : segments) {
            size += segment.size(now);
        }
        return size;
    }

    /** One lock's share of the nonces: its own table, expiry counts and capacity. */
    private static final class Segment {
        private final int capacity;
        // guarded by this
        /**
         * Slot i is {@code table[2i]}, the fingerprint (0: never used since the last rebuild), and
         * {@code table[2i + 1]}, its expiry in epoch seconds. A slot whose expiry passed is dead:
         * reusable, but part of its chain.
         */
        private long[] table = new long[2 * MIN_TABLE];
        /** Slots ever filled since the last rebuild: live and dead. */
        private int filled;
        private final LiveCount live = new LiveCount();

        Segment(int capacity) {
            this.capacity = capacity;
        }

        Outcome record(long fingerprint, long expiresAtSecond, long nowSecond) {
            synchronized (this) {
                int liveNow = live.live(nowSecond);
                int mask = table.length / 2 - 1;
                int i = (int) mix(fingerprint) & mask;
                int reusable = -1;
                long f;
                while ((f = table[2 * i]) != 0) {
                    boolean dead = table[2 * i + 1] < nowSecond;
                    if (f == fingerprint) {
                        if (!dead) {
                            return Outcome.REPLAY;
                        }
                        reusable = i; // the same nonce, expired: its own slot takes it again
                        break;
                    }
                    if (dead && reusable < 0) {
                        reusable = i;
                    }
                    i = (i + 1) & mask;
                }
                if (liveNow >= capacity) {
                    return Outcome.FULL;
                }
                int slot = reusable >= 0 ? reusable : i;
                if (slot == i && table[2 * i] == 0) {
                    filled++;
                }
                table[2 * slot] = fingerprint;
                table[2 * slot + 1] = expiresAtSecond;
                live.add(expiresAtSecond);
                if (filled > table.length / 2 / 4 * 3) {
                    rebuild(nowSecond);
                }
                return Outcome.FRESH;
            }
        }

        /** Whether a live nonce has this fingerprint (the refusal path only: a full key asks it); changes nothing. */
        synchronized boolean remembers(long fingerprint, long nowSecond) {
            int mask = table.length / 2 - 1;
            int i = (int) mix(fingerprint) & mask;
            long f;
            while ((f = table[2 * i]) != 0) {
                if (f == fingerprint && table[2 * i + 1] >= nowSecond) {
                    return true;
                }
                i = (i + 1) & mask;
            }
            return false;
        }

        synchronized int size(long nowSecond) {
            return live.live(nowSecond);
        }

        /** Copies the live nonces into a table of at least twice their number, leaving the dead behind. */
        private void rebuild(long nowSecond) {
            long[] old = table;
            int size = MIN_TABLE;
            while (size < 2L * live.lastLive() && size < (1 << 29)) {
                size <<= 1;
            }
            table = new long[2 * size];
            filled = 0;
            int mask = size - 1;
            for (int j = 0; j < old.length; j += 2) {
                long f = old[j];
                if (f == 0 || old[j + 1] < nowSecond) {
                    continue;
                }
                int i = (int) mix(f) & mask;
                while (table[2 * i] != 0) {
                    i = (i + 1) & mask;
                }
                table[2 * i] = f;
                table[2 * i + 1] = old[j + 1];
                filled++;
            }
        }
    }

    /** A keyed 64-bit hash of key id and nonce (never 0: 0 marks an empty slot). */
    private long fingerprint(String keyId, String nonce) {
        long h = seed0;
        h = absorb(h, keyId);
        h = mix(h ^ 0x9E3779B97F4A7C15L);
        h = absorb(h, nonce);
        h = mix(h ^ seed1);
        return h == 0 ? 1 : h;
    }

    private static long absorb(long h, String text) {
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001B3L;
            h = Long.rotateLeft(h, 29) ^ (h >>> 17);
        }
        return mix(h ^ text.length());
    }

    /** SplitMix64's finalizer: every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
