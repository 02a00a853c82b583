package org.simgate.security.keys;

import java.util.Optional;
import java.util.function.Supplier;

/** Finds the key a request names by its keyid. */
@FunctionalInterface
public interface KeyLookup {

    Optional<KnownKey> find(String keyId);

    /**
     * How many keys may sign at all (revoked ones left out): each gets an equal share of the
     * nonce cache. Asked on every verified request: keep it a field read. At least 1.
     */
    default int count() {
        return 1;
    }

    /**
     * The shared keys of the current key ring, then the registered devices' keys. A device keyid
     * that is also a shared keyid is shadowed by the shared key: registering a device can never
     * take over a shared key's name.
     */
    static KeyLookup of(Supplier<KeyRing> sharedKeys, DeviceKeys devices) {
        return new KeyLookup() {
            @Override
            public Optional<KnownKey> find(String keyId) {
                Optional<KnownKey> shared = sharedKeys.get().findKnown(keyId);
                if (shared.isPresent()) {
                    return shared;
                }
                return devices.find(keyId).map(KnownKey::of);
            }

            @Override
            public int count() {
                return Math.max(1, sharedKeys.get().unrevokedCount() + devices.unrevokedCount());
            }
        };
    }
}
