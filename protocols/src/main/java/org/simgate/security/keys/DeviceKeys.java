package org.simgate.security.keys;

import java.util.Optional;

/**
 * The registered devices' keys, looked up by keyid (implemented by device registration). Called
 * on every signed request from a device: keep it to a map lookup, no I/O.
 */
@FunctionalInterface
public interface DeviceKeys {

    Optional<DeviceKey> find(String keyId);

    /** How many registered devices are not revoked (a field read: asked on every verified request). */
    default int unrevokedCount() {
        return 0;
    }

    /** No registered devices. */
    DeviceKeys NONE = keyId -> Optional.empty();
}
