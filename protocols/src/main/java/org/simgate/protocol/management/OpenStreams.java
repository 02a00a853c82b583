package org.simgate.protocol.management;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard event streams a device key opened: a stream outlives the request that was checked,
 * so revoking the key closes it at once instead of at its next request, which never comes. A
 * client certificate or a shared key's stream is not listed (neither is revoked through the
 * registry).
 */
final class OpenStreams {
    private final Map<Channel, String> keyIds = new ConcurrentHashMap<>();

    void add(Channel channel, String keyId) {
        keyIds.put(channel, keyId);
        channel.closeFuture().addListener(closed -> keyIds.remove(channel));
    }

    /** Closes every stream that key opened. */
    void revoked(String keyId) {
        keyIds.forEach((channel, key) -> {
            if (key.equals(keyId)) {
                channel.close();
            }
        });
    }

    int size() {
        return keyIds.size();
    }
}
