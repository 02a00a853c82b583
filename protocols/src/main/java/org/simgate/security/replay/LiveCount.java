package org.simgate.security.replay;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many remembered nonces are still live, counted per expiry second so that the count stays
 * exact without a scan: a nonce expiring at second {@code e} is live while the clock reads at most
 * {@code e}. Not thread-safe: its owner's lock guards it.
 */
final class LiveCount {
    /** Live nonces per expiry second, except those still in {@link #counted}. */
    private final TreeMap<Long, Integer> byExpiry = new TreeMap<>();
    /**
     * Nonces added for {@link #countingSecond} and not yet in byExpiry: requests arrive with the
     * same created second in runs, and a counter is cheaper than a map entry each.
     */
    private long countingSecond = Long.MIN_VALUE;
    private int counted;
    /** No live nonce expires before this second: until then there is nothing to forget. */
    private long firstExpiry = Long.MAX_VALUE;
    private int live;

    /** The live count at {@code nowSecond}, forgetting what expired before it. */
    int live(long nowSecond) {
        if (firstExpiry < nowSecond) {
            forgetExpired(nowSecond);
        }
        return live;
    }

    /** The live count as of the last {@link #live} call: for a caller that just asked and added since. */
    int lastLive() {
        return live;
    }

    void add(long expiresAtSecond) {
        if (expiresAtSecond != countingSecond) {
            moveCountedToMap();
            countingSecond = expiresAtSecond;
        }
        counted++;
        live++;
        firstExpiry = Math.min(firstExpiry, expiresAtSecond);
    }

    /** Takes back one {@link #add} of {@code expiresAtSecond} (a nonce that was not kept after all). */
    void remove(long expiresAtSecond) {
        if (expiresAtSecond == countingSecond && counted > 0) {
            counted--;
            live--;
            return;
        }
        Integer count = byExpiry.get(expiresAtSecond);
        if (count == null) {
            return; // forgotten already: it expired
        }
        if (count == 1) {
            byExpiry.remove(expiresAtSecond);
        } else {
            byExpiry.put(expiresAtSecond, count - 1);
        }
        live--;
    }

    /** The second the oldest live nonce expires at, {@link Long#MAX_VALUE} when none is live. */
    long firstExpiry(long nowSecond) {
        live(nowSecond);
        moveCountedToMap();
        Map.Entry<Long, Integer> oldest = byExpiry.firstEntry();
        return oldest == null ? Long.MAX_VALUE : oldest.getKey();
    }

    private void moveCountedToMap() {
        if (counted > 0) {
            byExpiry.merge(countingSecond, counted, Integer::sum);
            counted = 0;
        }
    }

    private void forgetExpired(long nowSecond) {
        moveCountedToMap();
        Map.Entry<Long, Integer> oldest;
        while ((oldest = byExpiry.firstEntry()) != null && oldest.getKey() < nowSecond) {
            live -= oldest.getValue();
            byExpiry.pollFirstEntry();
        }
        firstExpiry = oldest == null ? Long.MAX_VALUE : oldest.getKey();
    }
}
