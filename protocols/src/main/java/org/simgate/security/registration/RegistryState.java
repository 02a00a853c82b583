package org.simgate.security.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the registry remembers, immutable: a change makes a new state, which is written to
 * disk before it replaces the old one, so memory never runs ahead of the file.
 *
 * @param pending registrations waiting for their device, by serial
 * @param expired serials of registrations that expired unused, with when, so that a late device
 *     hears EXPIRED rather than UNKNOWN_SERIAL; forgotten after {@link #EXPIRED_MEMORY}
 * @param devices registered devices, revoked ones included, by key id
 */
record RegistryState(Map<String, PendingRegistration> pending, Map<String, Instant> expired,
        Map<String, RegisteredDevice> devices) {
    static final Duration EXPIRED_MEMORY = Duration.ofDays(7);
    static final RegistryState EMPTY = new RegistryState(Map.of(), Map.of(), Map.of());

    RegistryState {
        pending = Collections.unmodifiableMap(new LinkedHashMap<>(pending));
        expired = Collections.unmodifiableMap(new LinkedHashMap<>(expired));
        devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
    }

    boolean knows(String serial) {
        return pending.containsKey(serial) || expired.containsKey(serial)
                || devices.containsKey(RegistrationIds.keyIdOf(serial));
    }

    RegistryState withPending(PendingRegistration registration) {
        Map<String, PendingRegistration> next = new LinkedHashMap<>(pending);
        next.put(registration.registration().serial(), registration);
        return new RegistryState(next, expired, devices);
    }

    RegistryState withoutPending(String serial) {
        Map<String, PendingRegistration> next = new LinkedHashMap<>(pending);
        next.remove(serial);
        return new RegistryState(next, expired, devices);
    }

    /** The registration consumed and its device added, in one step. */
    RegistryState withDevice(String serial, RegisteredDevice device) {
        Map<String, PendingRegistration> nextPending = new LinkedHashMap<>(pending);
        nextPending.remove(serial);
        Map<String, RegisteredDevice> nextDevices = new LinkedHashMap<>(devices);
        nextDevices.put(device.keyId(), device);
        return new RegistryState(nextPending, expired, nextDevices);
    }

    RegistryState withRevoked(String keyId, Instant at) {
        RegisteredDevice device = devices.get(keyId);
        Map<String, RegisteredDevice> next = new LinkedHashMap<>(devices);
        next.put(keyId, new RegisteredDevice(device.keyId(), device.client(), device.serial(), device.deviceBrand(),
                device.deviceModel(), device.publicKeyPem(), device.registeredAt(), at));
        return new RegistryState(pending, expired, next);
    }

    /** Pending registrations past their TTL moved to {@code expired}; expired serials older than a week forgotten. */
    RegistryState pruned(Instant now) {
        Map<String, PendingRegistration> nextPending = new LinkedHashMap<>();
        Map<String, Instant> nextExpired = new LinkedHashMap<>();
        expired.forEach((serial, at) -> {
            if (at.plus(EXPIRED_MEMORY).isAfter(now)) {
                nextExpired.put(serial, at);
            }
        });
        pending.forEach((serial, entry) -> {
            Instant expiresAt = entry.registration().expiresAt();
            if (now.isBefore(expiresAt)) {
                nextPending.put(serial, entry);
            } else if (expiresAt.plus(EXPIRED_MEMORY).isAfter(now)) {
                nextExpired.put(serial, expiresAt);
            }
        });
        boolean changed = nextPending.size() != pending.size() || nextExpired.size() != expired.size();
        return changed ? new RegistryState(nextPending, nextExpired, devices) : this;
    }
}
