package org.simgate.protocol;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open connections that authenticated with each key (line protocol, vpcd relay, dashboard
 * event streams), so that a key that ends — a device revoked, a shared key removed from the key
 * file, changed or expired — closes them at once rather than at their next request, which an event
 * stream never sends. A connection leaves when it closes. One instance per gateway, shared by every
 * listener.
 *
 * <p>A connection verifies its key, then is added: a key that ends between the two would miss it.
 * So a listener takes a {@link #mark()} before verifying and adds with it; a key ended since the
 * mark closes the connection as it is added.
 */
public final class ConnectionsByKey {
    private final Map<String, Set<Channel>> byKey = new ConcurrentHashMap<>();
    /** Counts endings; {@link #endedAt} holds each ended key's last count. */
    private final AtomicLong endings = new AtomicLong();
    /** One entry per key that ever ended (operator actions: a handful). */
    private final Map<String, Long> endedAt = new ConcurrentHashMap<>();

    /** Take this before verifying a key, and give it to {@link #add}. */
    public long mark() {
        return endings.get();
    }

    /**
     * {@code channel} authenticated with {@code keyId}; it is forgotten when it closes. Answers
     * false, and closes {@code channel}, when that key ended since {@code mark}: it verified with
     * a key that is no more.
     */
    public boolean add(String keyId, Channel channel, long mark) {
        byKey.computeIfAbsent(keyId, k -> ConcurrentHashMap.newKeySet()).add(channel);
        channel.closeFuture().addListener(closed -> remove(keyId, channel));
        // closeAll records the ending before it takes the set: either it saw the channel or this sees the ending
        Long ended = endedAt.get(keyId);
        if (ended != null && ended > mark) {
            remove(keyId, channel);
            channel.close();
            return false;
        }
        return true;
    }

    /** {@code channel} no longer acts under {@code keyId} (it authenticated again, with another key). */
    public void remove(String keyId, Channel channel) {
        byKey.computeIfPresent(keyId, (k, channels) -> {
            channels.remove(channel);
            return channels.isEmpty() ? null : channels;
        });
    }

    /** {@code keyId} ended: closes every connection that authenticated with it; returns how many. */
    public int closeAll(String keyId) {
        endedAt.put(keyId, endings.incrementAndGet());
        Set<Channel> channels = byKey.remove(keyId);
        if (channels == null) {
            return 0;
        }
        channels.forEach(Channel::close);
        return channels.size();
    }

    /** Open connections authenticated with {@code keyId}; for tests and operators. */
    public int count(String keyId) {
        Set<Channel> channels = byKey.get(keyId);
        return channels == null ? 0 : channels.size();
    }
}
