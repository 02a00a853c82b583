package org.simgate.security.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One immutable snapshot of the shared keys: groups of keys, each group acting for one client.
 * Reloading the key file builds a new ring and swaps it in whole.
 */
public final class KeyRing {
    public static final KeyRing EMPTY = new KeyRing(List.of());

    private final Map<String, SharedKey> byId = new LinkedHashMap<>();
    private final Map<String, List<SharedKey>> byGroup = new LinkedHashMap<>();
    /** Built once per ring: the same Key object for a keyid lets a thread's Mac stay initialized with it. */
    private final Map<String, KnownKey> knownById = new HashMap<>();
    private final int unrevoked;

    /** @param keys every key, in file order (within a group, the last is the newest) */
    public KeyRing(List<SharedKey> keys) {
        for (SharedKey key : keys) {
            if (byId.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException("key id " + key.id() + " appears twice");
            }
            byGroup.computeIfAbsent(key.group(), g -> new ArrayList<>()).add(key);
            knownById.put(key.id(), KnownKey.of(key));
        }
        byGroup.replaceAll((group, list) -> List.copyOf(list));
        unrevoked = (int) byId.values().stream().filter(key -> !key.revoked()).count();
    }

    public Optional<SharedKey> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /** The key a request names, as verification needs it; the same object every time for this ring. */
    Optional<KnownKey> findKnown(String keyId) {
        return Optional.ofNullable(knownById.get(keyId));
    }

    /**
     * The key simgate's own clients sign with: the newest (last listed) key of the group that is
     * neither expired nor revoked at {@code now}. Every such key of the group verifies, so a
     * client that still signs with an older one keeps working until that key expires or goes.
     */
    public Optional<SharedKey> signingKey(String group, Instant now) {
        List<SharedKey> keys = byGroup.getOrDefault(group, List.of());
        for (int i = keys.size() - 1; i >= 0; i--) {
            if (keys.get(i).usableAt(now)) {
                return Optional.of(keys.get(i));
            }
        }
        return Optional.empty();
    }

    /** The keys that verify at {@code now} (neither revoked nor expired), by id. */
    public Map<String, SharedKey> usableAt(Instant now) {
        Map<String, SharedKey> usable = new HashMap<>();
        byId.forEach((id, key) -> {
            if (key.usableAt(now)) {
                usable.put(id, key);
            }
        });
        return usable;
    }

    public Set<String> groups() {
        return byGroup.keySet();
    }

    public int size() {
        return byId.size();
    }

    /** The keys not marked revoked, expired ones included: those that share the nonce cache. */
    public int unrevokedCount() {
        return unrevoked;
    }

    @Override
    public String toString() {
        return "KeyRing[" + byId.size() + " keys in groups " + byGroup.keySet() + "]";
    }
}
