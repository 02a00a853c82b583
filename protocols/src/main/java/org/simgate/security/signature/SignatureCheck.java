package org.simgate.security.signature;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.simgate.security.Authorization;
import org.simgate.security.RefusalReason;
import org.simgate.security.Verification;
import org.simgate.security.keys.KnownKey;
import org.simgate.security.keys.KeyLookup;
import org.simgate.security.replay.NonceCache;

/**
 * The checks every signed request and AUTH line goes through once its signature base is built,
 * in this order: nonce syntax → key lookup → revoked → key expiry → alg against the key →
 * created inside the window (and expires, when given, not before created nor passed) → signature
 * → the caller's body check (Content-Digest) → the caller's {@link Authorization} → nonce not
 * seen before, inside the key's share of the cache.
 *
 * <p>The nonce is recorded last, only for a request whose signature verified and whose client may
 * make it: a stranger who cannot sign cannot fill the cache or burn a client's nonces, and a key
 * holder without rights stores nothing either. Each key may hold its share of the cache (the
 * capacity over the number of keys); over it, that key alone is refused for a while
 * ({@link Verification.Throttled}). The clock check comes before the signature so that an old
 * captured request costs no signature verification.
 */
public final class SignatureCheck {

    /** What a request claims: which key, when, which nonce, the base it signed and the signature. */
    public record Claim(String keyId, long created, Long expires, String nonce, String alg, byte[] base,
                        byte[] signature) {
        public Claim {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(signature, "signature");
        }

        @Override
        public String toString() {
            return "Claim[keyid=" + keyId + ", created=" + created + ", alg=" + alg + ", signature redacted]";
        }
    }

    /** A check that runs after the signature verified (the body against Content-Digest). */
    @FunctionalInterface
    public interface AfterSignature {
        void check() throws SignatureFailure;
    }

    private final KeyLookup keys;
    private final NonceCache nonces;
    private final Clock clock;
    private final long windowSeconds;

    /**
     * @param window how far {@code created} may be from the server's clock, either way; a nonce is
     *               remembered until its request's created plus this
     */
    public SignatureCheck(KeyLookup keys, NonceCache nonces, Clock clock, Duration window) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.windowSeconds = window.toSeconds();
    }

    /** {@link #check(Claim, AfterSignature, Authorization)} for a caller that authorizes later, or not at all. */
    public Verification check(Claim claim, AfterSignature afterSignature) {
        return check(claim, afterSignature, Authorization.ANY_CLIENT);
    }

    public Verification check(Claim claim, AfterSignature afterSignature, Authorization authorization) {
        if (!NonceCache.acceptable(claim.nonce())) {
            return Verification.refused(RefusalReason.NONCE_TOO_LONG);
        }
        Optional<KnownKey> found = keys.find(claim.keyId());
        if (found.isEmpty()) {
            return Verification.refused(RefusalReason.UNKNOWN_KEY);
        }
        KnownKey key = found.get();
        if (key.revoked()) {
            return Verification.refused(RefusalReason.REVOKED_KEY);
        }
        Instant now = clock.instant();
        if (key.expires() != null && !now.isBefore(key.expires())) {
            return Verification.refused(RefusalReason.EXPIRED_KEY);
        }
        if (claim.alg() != null && !claim.alg().equals(key.algorithm().wireName())) {
            return Verification.refused(RefusalReason.ALG_MISMATCH);
        }
        if (claim.expires() != null && claim.expires() < claim.created()) {
            return Verification.refused(RefusalReason.MALFORMED); // valid at no time at all
        }
        long nowSecond = now.getEpochSecond();
        if (claim.created() < nowSecond - windowSeconds || claim.created() > nowSecond + windowSeconds
                || (claim.expires() != null && nowSecond > claim.expires())) {
            return Verification.refused(RefusalReason.CLOCK_SKEW);
        }
        try {
            if (!key.algorithm().verify(key.key(), claim.base(), claim.signature())) {
                return Verification.refused(RefusalReason.BAD_SIGNATURE);
            }
        } catch (GeneralSecurityException e) {
            return Verification.refused(RefusalReason.BAD_SIGNATURE);
        }
        try {
            afterSignature.check();
        } catch (SignatureFailure e) {
            return Verification.refused(e.reason());
        }
        if (!authorization.allows(key.client())) {
            return new Verification.Forbidden(key.client(), key.keyId());
        }
        return switch (nonces.record(key.keyId(), claim.nonce(), claim.created() + windowSeconds, nowSecond,
                keys.count())) {
            case FRESH -> new Verification.Verified(key.client(), key.keyId());
            case REPLAY -> Verification.refused(RefusalReason.REPLAY);
            case FULL -> new Verification.Throttled(key.client(), key.keyId(),
                    nonces.retryAfterSeconds(key.keyId(), nowSecond));
        };
    }
}
