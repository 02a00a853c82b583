package org.simgate.security.replay;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.regex.Pattern;

/**
 * The nonces each key has used, each remembered until its request's {@code created} leaves the
 * window (after that the request is refused for its clock alone). Check and record is one atomic
 * step: of two requests with the same key and nonce, however parallel, exactly one gets through.
 *
 * <p>Bounded: when full, nonces whose time is up make room first; when every remembered nonce is
 * still inside the window the new one is refused ({@link Outcome#FULL}) rather than one of them
 * forgotten, since forgetting one would let its request be replayed.
 */
public final class NonceCache {
    /** Longest nonce taken; a longer one is refused before anything else is spent on it. */
    public static final int MAX_NONCE_LENGTH = 64;
    /** Printable, and free of the line protocol's separators ({@code :} and {@code |}). */
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9._~+/=-]+");

    public enum Outcome {
        /** First use: recorded. */
        FRESH,
        /** Already used by this key inside the window. */
        REPLAY,
        /** Full of live nonces: refused, nothing recorded. */
        FULL
    }

    private record Entry(String keyId, String nonce) {
    }

    private record Expiry(Entry entry, long expiresAtSecond) {
    }

    private final int capacity;
    private final Map<Entry, Long> expiries = new HashMap<>();
    private final PriorityQueue<Expiry> byExpiry =
            new PriorityQueue<>((a, b) -> Long.compare(a.expiresAtSecond(), b.expiresAtSecond()));

    public NonceCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Whether {@code nonce} is 1 to {@value #MAX_NONCE_LENGTH} of A-Z a-z 0-9 . _ ~ + / = -. */
    public static boolean acceptable(String nonce) {
        return nonce != null && !nonce.isEmpty() && nonce.length() <= MAX_NONCE_LENGTH
                && NONCE.matcher(nonce).matches();
    }

    /**
     * Records that {@code keyId} used {@code nonce}, remembered until {@code expiresAtSecond}
     * (epoch seconds: the request's created plus the window), unless it is already remembered.
     *
     * @param nowSecond the current time, epoch seconds
     */
    public synchronized Outcome record(String keyId, String nonce, long expiresAtSecond, long nowSecond) {
        Entry entry = new Entry(keyId, nonce);
        Long known = expiries.get(entry);
        if (known != null && known >= nowSecond) {
            return Outcome.REPLAY;
        }
        forgetExpired(nowSecond);
        if (expiries.size() >= capacity) {
            return Outcome.FULL;
        }
        expiries.put(entry, expiresAtSecond);
        byExpiry.add(new Expiry(entry, expiresAtSecond));
        return Outcome.FRESH;
    }

    public synchronized int size() {
        return expiries.size();
    }

    private void forgetExpired(long nowSecond) {
        Expiry head;
        while ((head = byExpiry.peek()) != null && head.expiresAtSecond() < nowSecond) {
            byExpiry.poll();
            // the map may hold a newer expiry for the same entry (re-recorded after it expired)
            expiries.remove(head.entry(), head.expiresAtSecond());
        }
    }
}
