package org.simgate.e2e.security.rest;

import org.simgate.e2e.Http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.e2e.security.rest.SecuredGateway.authBody;
import static org.simgate.e2e.security.rest.SecuredGateway.challenge;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.security.registration.EnrollmentUrl;
import org.simgate.security.registration.FinalizeRequest;
import org.simgate.security.registration.Registration;
import org.simgate.security.signature.RequestSigner;

/**
 * A device registers (the admin's registration, the device's unauthenticated finalize POST on a
 * REST listener), then signs its requests with its P-384 key ({@code ecdsa-p384-sha384}); once
 * revoked it is refused at once, on a connection it already has open too.
 */
class DeviceKeysTest {
    @RegisterExtension
    static final SecuredGateway gateway = SecuredGateway.forClass();

    private static DeviceRegistry registry() {
        return gateway.gateway().devices();
    }

    private static URI finalizeUri(String scheme) {
        return gateway.uri(scheme, DeviceRegistry.FINALIZE_PATH);
    }

    /** Registers a new device of client phone through the finalize endpoint; its enrollment holds the private key. */
    private static DeviceEnrollment register(String scheme) throws Exception {
        Registration registration = registry().create("phone");
        DeviceEnrollment enrollment = DeviceEnrollment.start(EnrollmentUrl.parse(registration.enrollmentUrl().uri()));
        Http.Response finalized = gateway.http().post(null, finalizeUri(scheme),
                enrollment.finalizeRequest("Raspberry Pi", "4B", null).toJson());
        assertEquals(200, finalized.status(), finalized.body());
        JsonNode answer = finalized.json();
        assertEquals(enrollment.keyId(), answer.path("key_id").asText());
        assertEquals("phone", answer.path("client").asText());
        assertEquals("ecdsa-p384-sha384", answer.path("algorithm").asText());
        return enrollment;
    }

    private static RequestSigner signer(DeviceEnrollment device) {
        return RequestSigner.ecdsa(device.keyId(), (ECPrivateKey) device.privateKey(), gateway.clock);
    }

    @Test
    void aRegisteredDeviceSignsItsRequestsOnBothListeners() throws Exception {
        for (String scheme : List.of("https", "http")) {
            DeviceEnrollment device = register(scheme);
            RequestSigner signer = signer(device);

            Http.Response info = gateway.http().get(signer, gateway.uri(scheme, "/sim-info-api/v1/slot/1"));
            assertEquals(200, info.status(), info.body());
            assertEquals(200, gateway.http().post(signer, gateway.uri(scheme, "/sim-auth-api/v1/slot/0"), authBody(challenge())).status());
            assertEquals(200, gateway.http().post(signer, gateway.uri(scheme, "/apdu-api/v1/slot/0"),
                    "{\"apdus\":[\"00A40004023F00\"]}").status());
            assertEquals(200, gateway.http().get(signer, gateway.uri(scheme, "/?type=imsi&slot=0")).status());
        }
    }

    @Test
    void aRevokedDeviceIsRefusedAtOnceAlsoOnItsOpenConnection() throws Exception {
        DeviceEnrollment device = register("https");
        RequestSigner signer = signer(device);
        URI info = gateway.uri("https", "/sim-info-api/v1/slot/0");
        assertEquals(200, gateway.http().get(signer, info).status()); // the client keeps this connection open

        registry().revoke(device.keyId());
        long before = gateway.settledSlotOperations();

        Http.Response refused = gateway.http().get(signer, info);
        assertEquals(401, refused.status());
        assertEquals(before, gateway.slotOperations());
    }

    @Test
    void ofParallelDuplicatesOfADeviceRequestExactlyOneIsServed() throws Exception {
        RequestSigner signer = signer(register("https"));
        for (int round = 0; round < 3; round++) {
            HttpRequest request = SignedHttp.signed(signer, "POST", gateway.uri("https", "/sim-auth-api/v1/slot/1"),
                    authBody(challenge()));
            List<CompletableFuture<Http.Response>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(gateway.http().sendAsync(request));
            }
            assertEquals(List.of(200, 401, 401, 401),
                    sent.stream().map(CompletableFuture::join).map(Http.Response::status).sorted().toList());
        }
    }

    @Test
    void aTamperedDeviceRequestIsRefused() throws Exception {
        RequestSigner signer = signer(register("http"));
        URI uri = gateway.uri("http", "/sim-auth-api/v1/slot/0");
        Map<String, String> fields = SignedHttp.fields(signer, "POST", uri, authBody(challenge()));
        long before = gateway.settledSlotOperations();

        assertEquals(401, gateway.http().send(SignedHttp.request("POST", uri, authBody(challenge()), fields)).status());
        assertEquals(before, gateway.slotOperations());
    }

    @Test
    void finalizeRefusalsAreTheRegistrationContracts() throws Exception {
        Registration registration = registry().create("phone");
        DeviceEnrollment enrollment = DeviceEnrollment.start(registration.enrollmentUrl());
        FinalizeRequest good = enrollment.finalizeRequest(null, null, null);
        URI uri = finalizeUri("https");

        Http.Response malformed = gateway.http().post(null, uri, "{\"serial\": [1]}");
        assertEquals(400, malformed.status());
        assertEquals("MALFORMED", malformed.json().path("error").path("code").asText());

        FinalizeRequest wrongScope = new FinalizeRequest(good.serial(), "https://elsewhere:8443/admin/v1/devices/finalize",
                null, null, null, good.publicKeyPem(), good.signatureBase64());
        Http.Response scope = gateway.http().post(null, uri, wrongScope.toJson());
        assertEquals(400, scope.status());
        assertEquals("WRONG_SCOPE", scope.json().path("error").path("code").asText());

        FinalizeRequest unknown = new FinalizeRequest("SGDEV00000000", good.scope(), null, null, null,
                good.publicKeyPem(), good.signatureBase64());
        assertEquals(404, gateway.http().post(null, uri, unknown.toJson()).status());

        assertEquals(200, gateway.http().post(null, uri, good.toJson()).status(), "the refusals left the registration usable");
        Http.Response again = gateway.http().post(null, uri, good.toJson());
        assertEquals(409, again.status());
        assertEquals("ALREADY_USED", again.json().path("error").path("code").asText());
        assertTrue(again.json().path("error").path("message").asText().contains("already"), again.body());

        assertEquals(405, gateway.http().get(null, uri).status());
    }
}
