package org.simgate.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.simgate.security.RefusalReason;
import org.simgate.security.Security;
import org.simgate.security.SignableRequest;
import org.simgate.security.Verification;
import org.simgate.security.access.Admission;
import org.simgate.security.access.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication stage of every HTTP front, with {@code simgate.auth.required}: who sent a
 * request (a verified TLS client certificate names its client, else the request's RFC 9421
 * signature must verify), then whether that client may do the route's operation on its slot (on
 * some slot for a route without one), and for AKA the client's rate limit. A signature whose
 * algorithm is slow (P-384) is verified as {@link SlowWork}; the verdict always comes back on the
 * connection's event loop.
 * What a refusal looks like on the wire, and its audit line, are the front's.
 */
public final class HttpAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAuthentication.class);

    /** What the stage decided on one request. */
    public sealed interface Verdict {
    }

    /** @param keyId the key that signed, null for a client certificate */
    public record Allowed(String client, String keyId) implements Verdict {
    }

    /**
     * @param client            the client, when known (a signature that verified, a certificate)
     * @param retryAfterSeconds for the throttled ones, when to try again
     * @param reason            why a signature did not verify, for the operator; never the client's
     */
    public record Refused(Refusal refusal, String client, long retryAfterSeconds, RefusalReason reason) implements Verdict {
        Refused(Refusal refusal, String client) {
            this(refusal, client, 0, null);
        }
    }

    /** Why a request is refused. */
    public enum Refusal {
        /** No certificate, and no signature that verifies: 401. */
        UNAUTHENTICATED,
        /** The client may not do this operation here: 403. */
        FORBIDDEN,
        /** The client's AKA rate limit is reached: 429. */
        AKA_RATE_LIMIT,
        /** The signing key holds its whole share of the nonce cache: 429. */
        NONCES,
        /** This address or key id already has its share of signatures waiting to be checked: 429. */
        VERIFICATIONS_WAITING,
        /** The verification threads take no more: 503. */
        VERIFIERS_BUSY,
        /** The check itself failed (a bug): 500. */
        FAILED
    }

    /** Told the verdict, on the connection's event loop. */
    @FunctionalInterface
    public interface Then {
        void decided(Verdict verdict);
    }

    private final Security security;
    private final String front;
    /** Where an unauthenticated request's reason is logged, on the thread that checked it; null: not logged. */
    private final Logger refusals;

    /**
     * @param front    the front's name in log lines ({@code management})
     * @param refusals where the reason a signature failed is logged; null when the front audits it instead
     */
    public HttpAuthentication(Security security, String front, Logger refusals) {
        this.security = Objects.requireNonNull(security, "security");
        this.front = Objects.requireNonNull(front, "front");
        this.refusals = refusals;
    }

    public Security security() {
        return security;
    }

    /**
     * Whether the client may do that, changing nothing: a negative {@code slot} (a route without
     * one) asks whether it may do it on some slot.
     */
    public boolean allows(String client, int slot, Operation operation) {
        return slot < 0
                ? security.policy().allowsSomewhere(client, operation)
                : security.policy().allows(client, slot, operation);
    }

    /** Authorization of an authenticated client; only an allowed AKA takes a token from its bucket. */
    public Verdict authorize(String client, String keyId, int slot, Operation operation) {
        if (!allows(client, slot, operation)) {
            return new Refused(Refusal.FORBIDDEN, client);
        }
        if (operation == Operation.AKA) {
            Admission admission = security.akaRateLimits().tryAcquire(client);
            if (admission instanceof Admission.Throttled throttled) {
                return new Refused(Refusal.AKA_RATE_LIMIT, client, throttled.retryAfterSeconds(), null);
            }
        }
        return new Allowed(client, keyId);
    }

    /**
     * Verifies a signature and authorizes its client; on any thread. The nonce is kept only when
     * the signer's client may do the operation there (a key without rights stores nothing).
     */
    private Verdict verify(SignableRequest request, int slot, Operation operation, String label) {
        Verification verification = security.requests().verify(request, client -> allows(client, slot, operation));
        if (verification instanceof Verification.Verified verified) {
            return authorize(verified.client(), verified.keyId(), slot, operation);
        }
        if (verification instanceof Verification.Forbidden forbidden) {
            return new Refused(Refusal.FORBIDDEN, forbidden.client());
        }
        if (verification instanceof Verification.Throttled throttled) {
            return new Refused(Refusal.NONCES, throttled.client(), throttled.retryAfterSeconds(), null);
        }
        RefusalReason reason = ((Verification.Refused) verification).reason();
        if (refusals != null) {
            refusals.info("{} request ({}) not authenticated: {}", front, label, reason);
        }
        return new Refused(Refusal.UNAUTHENTICATED, null, 0, reason);
    }

    /** The stage on one connection, which reads its client certificate once. */
    public Connection on(ChannelHandlerContext ctx, String scheme, Executor offLoop) {
        return new Connection(ctx, scheme, offLoop);
    }

    /** The stage on one connection; used on its event loop. */
    public final class Connection {
        private final ChannelHandlerContext ctx;
        private final String scheme;
        private final SlowWork slow;
        private String certificateClient;
        private boolean certificateRead;

        private Connection(ChannelHandlerContext ctx, String scheme, Executor offLoop) {
            this.ctx = ctx;
            this.scheme = Objects.requireNonNull(scheme, "scheme");
            this.slow = new SlowWork(ctx, offLoop);
        }

        /**
         * Decides on a request for {@code operation} on {@code slot} (negative: none), and tells
         * {@code then}: at once, or later on the event loop when the signature is slow to verify.
         * The request stays readable until {@code then} returns.
         *
         * @param label the route's name, for the log line of a refusal
         */
        public void check(FullHttpRequest request, int slot, Operation operation, String label, Then then) {
            String certified = certificateClient();
            if (certified != null) {
                then.decided(authorize(certified, null, slot, operation));
                return;
            }
            SignableRequest signable = SignedHttpRequest.signable(request, scheme);
            // a request that names no key in fields that parse fails before any signature work: here
            String keyId = SignedHttpRequest.slowToVerify(signable.headers()) ? SignedHttpRequest.claimedKeyId(request) : null;
            if (keyId == null) {
                then.decided(verify(signable, slot, operation, label));
                return;
            }
            SlowWork.Refusal refusal = slow.submit(keyId, () -> verify(signable, slot, operation, label), request,
                    (verdict, failure) -> {
                        if (failure != null) {
                            LOG.warn("{} signature check failed", front, failure);
                            then.decided(new Refused(Refusal.FAILED, null));
                        } else {
                            then.decided(verdict);
                        }
                    });
            if (refusal != null) {
                then.decided(new Refused(refusal == SlowWork.Refusal.WAITING
                        ? Refusal.VERIFICATIONS_WAITING : Refusal.VERIFIERS_BUSY, null));
            }
        }

        /** The verified client certificate's client, read once (the handshake is over by the first request). */
        private String certificateClient() {
            if (!certificateRead) {
                certificateClient = ClientCertificate.clientName(ctx.channel());
                certificateRead = true;
            }
            return certificateClient;
        }
    }
}
