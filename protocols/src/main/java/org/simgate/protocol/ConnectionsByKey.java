package org.simgate.protocol;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections that authenticated with each key (line protocol, vpcd relay), so that
 * revoking a key closes them at once rather than at their next request. A connection leaves when
 * it closes. One instance per gateway, shared by every listener.
 */
public final class ConnectionsByKey {
    private final Map<String, Set<Channel>> byKey = new ConcurrentHashMap<>();

    /** {@code channel} authenticated with {@code keyId}; it is forgotten when it closes. */
    public void add(String keyId, Channel channel) {
        byKey.computeIfAbsent(keyId, k -> ConcurrentHashMap.newKeySet()).add(channel);
        channel.closeFuture().addListener(closed -> remove(keyId, channel));
    }

    /** {@code channel} no longer acts under {@code keyId} (it authenticated again, with another key). */
    public void remove(String keyId, Channel channel) {
        byKey.computeIfPresent(keyId, (k, channels) -> {
            channels.remove(channel);
            return channels.isEmpty() ? null : channels;
        });
    }

    /** Closes every connection that authenticated with {@code keyId}; returns how many. */
    public int closeAll(String keyId) {
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
