package org.simgate.security.access;

import java.util.Map;
import java.util.Optional;

/**
 * Which client may do what on which slot. A client the policy does not name may do nothing: an
 * authenticated client is not thereby an authorized one.
 */
public final class AccessPolicy {
    private final Map<String, ClientAccess> clients;

    public AccessPolicy(Map<String, ClientAccess> clients) {
        this.clients = Map.copyOf(clients);
    }

    public boolean allows(String client, int slot, Operation operation) {
        ClientAccess access = clients.get(client);
        return access != null && access.allows(slot, operation);
    }

    /** For calls that name no slot (list the slots): whether the client may do this anywhere. */
    public boolean allowsSomewhere(String client, Operation operation) {
        ClientAccess access = clients.get(client);
        return access != null && access.operations().contains(operation)
                && (access.slots() == null || !access.slots().isEmpty());
    }

    /**
     * Whether everything {@code client} may do, {@code admin} may do too: its slots are among the
     * admin's and its operations among the admin's. Only then may the admin register, see and
     * revoke that client's devices — a device acts for its client, so registering one for a
     * client with more rights would give the admin those rights. A client the policy does not
     * name may do nothing, which is within anyone's rights; an admin the policy does not name
     * covers nobody.
     */
    public boolean covers(String admin, String client) {
        ClientAccess own = clients.get(admin);
        if (own == null) {
            return false;
        }
        ClientAccess other = clients.get(client);
        if (other == null || other.operations().isEmpty() || (other.slots() != null && other.slots().isEmpty())) {
            return true;
        }
        if (!own.operations().containsAll(other.operations())) {
            return false;
        }
        return own.slots() == null || (other.slots() != null && own.slots().containsAll(other.slots()));
    }

    public Optional<ClientAccess> client(String client) {
        return Optional.ofNullable(clients.get(client));
    }

    public Map<String, ClientAccess> clients() {
        return clients;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessPolicy other && clients.equals(other.clients);
    }

    @Override
    public int hashCode() {
        return clients.hashCode();
    }

    @Override
    public String toString() {
        return "AccessPolicy" + clients.keySet();
    }
}
