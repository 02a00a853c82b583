package org.simgate.protocol.management;

import org.simgate.security.access.Operation;

/**
 * What a management route does besides its method and path ({@link ManagementRoutes}).
 *
 * @param name      the name audit lines use ({@code drain}, {@code registrations})
 * @param operation what the authentication stage checks ({@code admin}); null for the probes, which
 *                  answer anyone: a load balancer or an orchestrator has no key
 * @param audit     which requests get an audit line when authentication is off
 * @param handler   answers the request
 * @param wrongMethod the message of a 405, when "use " and the allowed methods do not say enough
 */
record ManagementRoute(String name, Operation operation, Audit audit, Handler handler, String wrongMethod) {

    /** Audit lines without authentication (with it, every guarded request gets one). */
    enum Audit {
        /** None: a read. */
        NONE,
        /** With the slot: an action that changes it. */
        SLOT_ACTION,
        /** Without a slot: an action on the whole listener (reload). */
        ACTION
    }

    @FunctionalInterface
    interface Handler {
        void serve(ManagementExchange request);
    }

    boolean open() {
        return operation == null;
    }
}
