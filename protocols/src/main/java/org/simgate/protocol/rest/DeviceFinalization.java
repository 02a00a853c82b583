package org.simgate.protocol.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.security.registration.FinalizeError;
import org.simgate.security.registration.FinalizeOutcome;
import org.simgate.security.registration.FinalizeRefusal;
import org.simgate.security.registration.FinalizeRequest;
import org.simgate.security.registration.FinalizeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/v1/devices/finalize}: a device completes its registration with a signed
 * {@link FinalizeRequest}; the answer is docs/registration.md's, {@link FinalizeResponse} or
 * {@code {"error": {"message": "…", "code": "<code>"}}} with the refusal's status. Unauthenticated by
 * design: the request's own signature over the registration's challenge is the proof.
 *
 * <p>Slow (a signature, perhaps a passphrase hash, a file write): runs on
 * {@link org.simgate.protocol.VerificationThreads}, never on an event loop. The body is never logged: it may hold a
 * passphrase.
 */
final class DeviceFinalization {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceFinalization.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The answer, ready to write.
     *
     * @param outcome for the audit line: ok, or the refusal's code ({@code bad-signature})
     * @param client  the registered device's client, null unless ok
     */
    record Answer(int status, byte[] json, String outcome, String client) {
    }

    private final DeviceRegistry registry;

    DeviceFinalization(DeviceRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    Answer finalize(byte[] body) {
        FinalizeRequest request;
        try {
            request = FinalizeRequest.parse(body);
        } catch (IllegalArgumentException e) {
            return refused(FinalizeRefusal.MALFORMED);
        }
        try {
            FinalizeOutcome outcome = registry.finalizeRegistration(request);
            if (outcome instanceof FinalizeOutcome.Registered registered) {
                return new Answer(200, json(FinalizeResponse.of(registered.device())), "ok",
                        registered.device().client());
            }
            return refused(((FinalizeOutcome.Refused) outcome).refusal());
        } catch (IOException e) {
            // the registry names its file and the failure, never the request
            LOG.warn("device registration could not be stored: {}", e.getMessage());
            return new Answer(500, json(new FinalizeError("INTERNAL", "the registration could not be stored")),
                    "internal", null);
        }
    }

    private static Answer refused(FinalizeRefusal refusal) {
        return new Answer(refusal.httpStatus(), json(refusal.toError()), refusal.name().toLowerCase(Locale.ROOT).replace('_', '-'), null);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a finalize answer always serialises", e);
        }
    }
}
