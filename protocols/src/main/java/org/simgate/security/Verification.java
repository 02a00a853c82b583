package org.simgate.security;

import java.util.Objects;

/** The outcome of checking a signed request or an AUTH line. */
public sealed interface Verification {

    /** The signature verified: the request comes from {@code client}, signed with {@code keyId}. */
    record Verified(String client, String keyId) implements Verification {
        public Verified {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(keyId, "keyId");
        }
    }

    /**
     * Refused, for {@code reason} (audit only: answer every refusal alike, with
     * {@link Challenge#WWW_AUTHENTICATE} on HTTP and one error line on the line protocol).
     */
    record Refused(RefusalReason reason) implements Verification {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Verification refused(RefusalReason reason) {
        return new Refused(reason);
    }

    default boolean verified() {
        return this instanceof Verified;
    }
}
