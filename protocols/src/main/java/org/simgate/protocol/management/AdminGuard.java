package org.simgate.protocol.management;

import java.util.Objects;
import java.util.function.Predicate;
import org.simgate.protocol.HttpAuthentication;
import org.simgate.security.Security;
import org.slf4j.LoggerFactory;

/**
 * The management listener's guard, when authentication is on: the shared
 * {@link HttpAuthentication} stage (a verified TLS client certificate — a browser reaches the
 * dashboard that way — else an RFC 9421 signature), checking the {@code admin} operation each
 * route declares ({@link ManagementRoutes}); the probes declare none. A request that is not
 * authenticated is logged here with its reason, on the thread that checked it (the client hears
 * the same 401 whatever failed).
 */
final class AdminGuard {
    private final Security security;
    private final HttpAuthentication authentication;

    AdminGuard(Security security) {
        this.security = Objects.requireNonNull(security, "security");
        this.authentication = new HttpAuthentication(security, "management", LoggerFactory.getLogger(AdminGuard.class));
    }

    HttpAuthentication authentication() {
        return authentication;
    }

    /**
     * The clients whose devices {@code admin} may register, see and revoke: those whose slots and
     * operations are within its own.
     */
    Predicate<String> managedBy(String admin) {
        return client -> security.policy().covers(admin, client);
    }
}
