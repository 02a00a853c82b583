package org.simgate.protocol.management;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandler;
import java.util.Objects;
import java.util.function.Predicate;
import org.simgate.protocol.ClientCertificate;
import org.simgate.protocol.SignedHttpRequest;
import org.simgate.security.SignableRequest;
import org.simgate.security.Security;
import org.simgate.security.Verification;
import org.simgate.security.access.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sent a management request and whether they may make it, when authentication is on: a
 * verified TLS client certificate names its client (a browser reaches the dashboard that way),
 * otherwise the request must carry an RFC 9421 signature that verifies. Then the client needs the
 * {@code admin} operation: on that slot for a slot's route, on some slot for the others. The
 * probes (/health, /ready) are never asked.
 *
 * <p>A P-384 device signature takes milliseconds to verify: the handler asks {@link #slowToVerify}
 * and verifies such a request off the event loop ({@link #verify} is thread-safe).
 */
final class AdminGuard {
    private static final Logger log = LoggerFactory.getLogger(AdminGuard.class);

    /** What the guard decided; a refusal carries the status to answer and the word the audit line gets. */
    sealed interface Decision {
        record Allowed(String client, String keyId) implements Decision {
        }

        /** @param retryAfterSeconds for a 429, when the client may try again; else 0 */
        record Refused(HttpResponseStatus status, String outcome, String client, long retryAfterSeconds)
                implements Decision {
            Refused(HttpResponseStatus status, String outcome, String client) {
                this(status, outcome, client, 0);
            }
        }
    }

    private final Security security;

    AdminGuard(Security security) {
        this.security = Objects.requireNonNull(security, "security");
    }

    /** Decides on the event loop: the client certificate, else the signature. */
    Decision check(Channel channel, FullHttpRequest request, ManagementRoute route) {
        String certified = ClientCertificate.clientName(channel);
        return certified != null ? authorize(certified, null, route) : verify(signable(channel, request), route);
    }

    /**
     * Decides on a request without a client certificate, by its signature; on any thread. The
     * nonce is kept only for a client allowed {@code admin} there.
     */
    Decision verify(SignableRequest request, ManagementRoute route) {
        Verification verification = security.requests().verify(request, client -> allowed(client, route));
        if (verification instanceof Verification.Verified verified) {
            return new Decision.Allowed(verified.client(), verified.keyId());
        }
        if (verification instanceof Verification.Forbidden forbidden) {
            return new Decision.Refused(HttpResponseStatus.FORBIDDEN, "forbidden", forbidden.client());
        }
        if (verification instanceof Verification.Throttled throttled) {
            return new Decision.Refused(HttpResponseStatus.TOO_MANY_REQUESTS, "throttled:nonces", throttled.client(),
                    throttled.retryAfterSeconds());
        }
        // the reason is for the operator; the answer is the same whatever failed
        log.info("management request ({}) not authenticated: {}", route.action().auditName(),
                ((Verification.Refused) verification).reason());
        return new Decision.Refused(HttpResponseStatus.UNAUTHORIZED, "unauthenticated", null);
    }

    private Decision authorize(String client, String keyId, ManagementRoute route) {
        if (!allowed(client, route)) {
            return new Decision.Refused(HttpResponseStatus.FORBIDDEN, "forbidden", client);
        }
        return new Decision.Allowed(client, keyId);
    }

    /**
     * The clients whose devices {@code admin} may register, see and revoke: those whose slots and
     * operations are within its own.
     */
    Predicate<String> managedBy(String admin) {
        return client -> security.policy().covers(admin, client);
    }

    /** {@code admin} on the route's slot, or on some slot for a route without one. */
    private boolean allowed(String client, ManagementRoute route) {
        return route.slot() >= 0
                ? security.policy().allows(client, route.slot(), Operation.ADMIN)
                : security.policy().allowsSomewhere(client, Operation.ADMIN);
    }

    /**
     * Whether checking this request may take long enough to stall an event loop: no client
     * certificate, and a Signature-Input that names the P-384 ECDSA algorithm.
     */
    static boolean slowToVerify(Channel channel, FullHttpRequest request) {
        return SignedHttpRequest.slowToVerify(request) && ClientCertificate.clientName(channel) == null;
    }

    /** The request as its sender signed it, under this listener's scheme. */
    static SignableRequest signable(Channel channel, FullHttpRequest request) {
        return SignedHttpRequest.signable(request, scheme(channel));
    }

    static String scheme(Channel channel) {
        return channel.pipeline().get(SslHandler.class) != null ? "https" : "http";
    }
}
