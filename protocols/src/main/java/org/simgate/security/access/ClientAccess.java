package org.simgate.security.access;

import java.util.Objects;
import java.util.Set;

/**
 * What one client may do: on which slots ({@code null}: every slot, the config's {@code "*"}),
 * which operations, and its AKA rate limit ({@code null}: the default one).
 */
public record ClientAccess(Set<Integer> slots, Set<Operation> operations, RateLimit akaRateLimit) {

    public ClientAccess {
        slots = slots == null ? null : Set.copyOf(slots);
        operations = Set.copyOf(Objects.requireNonNull(operations, "operations"));
    }

    public boolean allows(int slot, Operation operation) {
        return operations.contains(operation) && (slots == null || slots.contains(slot));
    }
}
