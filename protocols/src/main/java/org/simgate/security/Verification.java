package org.simgate.security;

import java.util.Objects;

/** The outcome of checking a signed request or an AUTH line. */
public sealed interface Verification {

    /**
     * The signature verified, the client may make the request, and its nonce is now used: the
     * request comes from {@code client}, signed with {@code keyId}.
     */
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

    /**
     * The signature verified but {@code client} may not make this request ({@link Authorization}):
     * answered as any forbidden request (403), and its nonce not kept, so that a key without
     * rights cannot use up anything.
     */
    record Forbidden(String client, String keyId) implements Verification {
        public Forbidden {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(keyId, "keyId");
        }
    }

    /**
     * The signature verified and the client may make the request, but this key's share of the
     * nonce cache is full of nonces still inside their window: this key alone is refused until
     * its oldest nonce leaves the window, in {@code retryAfterSeconds} (429 with Retry-After;
     * {@code C087:<seconds>} on the line protocol).
     */
    record Throttled(String client, String keyId, long retryAfterSeconds) implements Verification {
        public Throttled {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(keyId, "keyId");
            if (retryAfterSeconds < 1) {
                throw new IllegalArgumentException("retryAfterSeconds must be at least 1");
            }
        }
    }

    static Verification refused(RefusalReason reason) {
        return new Refused(reason);
    }

    default boolean verified() {
        return this instanceof Verified;
    }
}
