package org.simgate.protocol.rest;

import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Objects;
import org.simgate.protocol.SignedHttpRequest;
import org.simgate.security.Security;
import org.simgate.security.SignableRequest;
import org.simgate.security.Verification;
import org.simgate.security.access.Admission;
import org.simgate.security.access.Operation;

/**
 * What a REST listener checks, with {@code simgate.auth.required}, between routing a request and
 * calling the service: who sent it (RFC 9421 signature; a client certificate is read by the
 * handler), whether that client may do this operation on this slot, and for AKA the client's rate
 * limit. The answers are the handler's: 401, 403, 429.
 */
final class RequestGuard {
    /** The access decision on an authenticated request. */
    sealed interface Decision {
        Decision ALLOWED = new Allowed();

        record Allowed() implements Decision {
        }

        record Forbidden() implements Decision {
        }

        record Throttled(long retryAfterSeconds) implements Decision {
        }
    }

    private final Security security;
    private final String scheme;

    /** @param scheme the listener's, {@code http} or {@code https}: the start of every signed target URI */
    RequestGuard(Security security, String scheme) {
        this.security = Objects.requireNonNull(security, "security");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
    }

    /** The request as RFC 9421 signs it, under this listener's scheme. */
    SignableRequest signable(FullHttpRequest request) {
        return SignedHttpRequest.signable(request, scheme);
    }

    /**
     * Verifies the signature; the nonce is kept only when the signer's client may do
     * {@code operation} on {@code slot} (a key without rights stores nothing).
     */
    Verification verify(SignableRequest request, int slot, Operation operation) {
        return security.requests().verify(request, client -> allows(client, slot, operation));
    }

    /**
     * Whether the client may do that, changing nothing: {@code slot} is
     * {@link RequestTarget#NO_SLOT} for the slot list, which a client may read when it may read
     * some slot.
     */
    boolean allows(String client, int slot, Operation operation) {
        return slot == RequestTarget.NO_SLOT
                ? security.policy().allowsSomewhere(client, operation)
                : security.policy().allows(client, slot, operation);
    }

    /** Whether the client may do that ({@link #allows}); only an allowed AKA takes a token from the client's bucket. */
    Decision decide(String client, int slot, Operation operation) {
        if (!allows(client, slot, operation)) {
            return new Decision.Forbidden();
        }
        if (operation == Operation.AKA) {
            Admission admission = security.akaRateLimits().tryAcquire(client);
            if (admission instanceof Admission.Throttled throttled) {
                return new Decision.Throttled(throttled.retryAfterSeconds());
            }
        }
        return Decision.ALLOWED;
    }

    /**
     * The operation a request asks for: sim-auth and usim-https rand-autn are aka; sim-info, SUCI,
     * the slot list and usim-https imsi are info; apdu-api and usim-https apdu are apdu.
     *
     * @param usim the parsed query of a usim-https request, else null
     */
    static Operation operation(Endpoint endpoint, UsimHttpsQuery usim) {
        return switch (endpoint) {
            case SIM_AUTH -> Operation.AKA;
            case SIM_INFO, SUCI, SLOTS -> Operation.INFO;
            case APDU -> Operation.APDU;
            case AUC_VECTORS -> Operation.AUC;
            case USIM_HTTPS -> switch (usim.type()) {
                case IMSI -> Operation.INFO;
                case RAND_AUTN -> Operation.AKA;
                case APDU -> Operation.APDU;
            };
            case HEALTH, DEVICE_FINALIZE -> throw new IllegalArgumentException(endpoint + " is open to every client");
        };
    }
}
