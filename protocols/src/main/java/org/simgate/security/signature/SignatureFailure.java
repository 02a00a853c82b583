package org.simgate.security.signature;

import org.simgate.security.RefusalReason;

/**
 * A request that cannot be verified, with the reason for the audit log. Its message never holds a
 * value from the request (a value may be a signature or a secret someone pasted by mistake).
 */
public final class SignatureFailure extends Exception {
    private final RefusalReason reason;

    public SignatureFailure(RefusalReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RefusalReason reason() {
        return reason;
    }
}
