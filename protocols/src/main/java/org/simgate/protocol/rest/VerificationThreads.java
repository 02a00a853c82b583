package org.simgate.protocol.rest;

import java.util.concurrent.Executor;

/**
 * The REST listener's name for {@link org.simgate.protocol.VerificationThreads}, which the
 * management listener shares: it lets RestHandler stay as it is while it is being reworked. Delete
 * it with an import there.
 */
final class VerificationThreads {
    private VerificationThreads() {
    }

    static Executor executor() {
        return org.simgate.protocol.VerificationThreads.executor();
    }
}
