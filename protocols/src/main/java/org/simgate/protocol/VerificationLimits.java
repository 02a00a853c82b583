package org.simgate.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many slow checks (a P-384 signature, a device finalize) one peer address and one key id may
 * have waiting or running on {@link VerificationThreads} at once. Without a bound, junk requests
 * naming a device's key id — each costs a real ECDSA verification before it fails — queue up in
 * front of that device's and everyone else's: the queue is first come, first served. With it, a
 * peer's excess is refused at once (429 with {@code Retry-After: 1}), so an honest request waits
 * behind at most {@link #PER_PEER} of any one peer's.
 *
 * <p>A key id gets more than a peer ({@link #PER_KEY}): junk from one address naming a device's
 * key id never fills that key's allowance, so the device itself is not refused; it takes several
 * addresses to do so, and even then other keys go on. IPv6 peers count by their /64, which one
 * host usually holds whole.
 */
public final class VerificationLimits {
    /** One peer's checks in flight: a device, or a few behind one NAT, rarely has more. */
    public static final int PER_PEER = 8;
    /** One key id's checks in flight, whatever the addresses: several times {@link #PER_PEER}. */
    public static final int PER_KEY = 32;

    private final int perPeer;
    private final int perKey;
    private final ConcurrentHashMap<String, Integer> byPeer = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> byKey = new ConcurrentHashMap<>();

    public VerificationLimits() {
        this(PER_PEER, PER_KEY);
    }

    public VerificationLimits(int perPeer, int perKey) {
        if (perPeer < 1 || perKey < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        this.perPeer = perPeer;
        this.perKey = perKey;
    }

    /** One check's place; {@link #release} it when the check is done (again: no effect). */
    public final class Permit {
        private final String peer;
        private final String keyId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String peer, String keyId) {
            this.peer = peer;
            this.keyId = keyId;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                decrement(byPeer, peer);
                if (keyId != null) {
                    decrement(byKey, keyId);
                }
            }
        }
    }

    /**
     * A place for one check of a request from {@code peer} naming {@code keyId} (null: none, e.g.
     * a device finalize), or null when the peer or the key id already has its limit in flight.
     */
    public Permit tryAcquire(SocketAddress peer, String keyId) {
        String peerKey = peerKey(peer);
        if (!increment(byPeer, peerKey, perPeer)) {
            return null;
        }
        if (keyId != null && !increment(byKey, keyId, perKey)) {
            decrement(byPeer, peerKey);
            return null;
        }
        return new Permit(peerKey, keyId);
    }

    /** Checks in flight for that peer (tests, metrics). */
    int inFlightFor(SocketAddress peer) {
        return byPeer.getOrDefault(peerKey(peer), 0);
    }

    private static boolean increment(ConcurrentHashMap<String, Integer> counts, String key, int limit) {
        boolean[] taken = new boolean[1];
        counts.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limit) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private static void decrement(ConcurrentHashMap<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** An IPv4 address; an IPv6 address's /64; anything else (a UNIX socket's peer) one shared key. */
    static String peerKey(SocketAddress peer) {
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            InetAddress address = inet.getAddress();
            if (address instanceof Inet6Address) {
                return HexFormat.of().formatHex(address.getAddress(), 0, 8) + "::/64";
            }
            return address.getHostAddress();
        }
        return "local";
    }
}
