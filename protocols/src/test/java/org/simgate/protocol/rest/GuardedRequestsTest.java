package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.Challenge;
import org.simgate.security.MutableClock;
import org.simgate.security.Security;
import org.simgate.security.TestKeys;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.keys.DeviceKey;
import org.simgate.security.keys.DeviceKeys;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.security.registration.FinalizeRefusal;
import org.simgate.security.registration.Registration;
import org.simgate.security.signature.RequestSigner;

/**
 * The guard's decisions on a plain-HTTP listener with {@code simgate.auth.required}: who may call
 * what, and that a refused request never reaches the service.
 */
class GuardedRequestsTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final String RAND = "23553cbe9637a89d218ae64dae47bf35";
    static final String AUTN = "55f328b43577b9b94a9ffac354dfafb3";
    static final String AUTH_BODY = "{\"rand\":\"" + RAND + "\",\"autn\":\"" + AUTN + "\"}";

    private final MutableClock clock = new MutableClock(NOW);
    private final FakeSimService service = new FakeSimService();
    private final SharedKey labKey = TestKeys.shared("lab-1", "lab-a", 1, null);
    private final SharedKey readerKey = new SharedKey("reader-1", "reader", "reader", TestKeys.secret(2), null, false);
    private final SharedKey ciKey = new SharedKey("ci-1", "ci", "ci", TestKeys.secret(3), null, false);
    private final KeyPair phone = TestKeys.p384();
    private Security security;

    @AfterEach
    void closeSecurity() {
        if (security != null) {
            security.close();
        }
    }

    private EmbeddedRest guarded(Path dir) throws Exception {
        return guarded(dir, keyId -> keyId.equals("dev-PHONE")
                ? Optional.of(new DeviceKey("dev-PHONE", "phone", (ECPublicKey) phone.getPublic(), false))
                : Optional.empty(), null);
    }

    private EmbeddedRest guarded(Path dir, DeviceKeys devices, DeviceRegistry registry) throws Exception {
        return guarded(dir, devices, registry, Runnable::run);
    }

    private EmbeddedRest guarded(Path dir, DeviceKeys devices, DeviceRegistry registry, Executor offLoop) throws Exception {
        Path keys = dir.resolve("keys.conf");
        Files.writeString(keys, "groups {\n"
                + group("lab", "lab-a", labKey) + group("reader", "reader", readerKey) + group("ci", "ci", ciKey) + "}\n");
        AuthConfig config = AuthConfig.from(ConfigFactory.parseString("required = true\n"
                + "keys-file = " + ConfigUtil.quoteString(keys.toString()) + "\n"
                + "clients {\n"
                + "  lab-a  { slots = [0], operations = [aka, info] }\n"
                + "  reader { slots = [1], operations = [info] }\n"
                + "  ci     { slots = \"*\", operations = [aka, auc], rate-limit { per-second = 0.1, burst = 2 } }\n"
                + "  phone  { slots = \"*\", operations = [aka, info, apdu] }\n"
                + "}\n"));
        security = Security.start(config, devices, clock, name -> null);
        return new EmbeddedRest(service, security, registry, new AucVectorApiTest().auc, offLoop);
    }

    private static String group(String name, String client, SharedKey key) {
        return "  " + name + " { client = \"" + client + "\", keys = [ { id = \"" + key.id() + "\", secret = \"base64:"
                + Base64.getEncoder().encodeToString(key.secret()) + "\" } ] }\n";
    }

    private RequestSigner signer(SharedKey key) {
        return RequestSigner.hmac(key, clock);
    }

    /** A request with the signer's fields; the target URI is what a plain-HTTP listener sees for Host: localhost. */
    static String signed(RequestSigner signer, String method, String uri, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> fields = signer.sign(method, "http://localhost" + uri, bytes);
        StringBuilder raw = new StringBuilder(method + " " + uri + " HTTP/1.1\r\nHost: localhost\r\n");
        fields.forEach((name, value) -> raw.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            raw.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        return raw.append("\r\n").append(body == null ? "" : body).toString();
    }

    @Test
    void anUnsignedRequestIsRefused401WithTheChallengeAndReachesNoCard(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);

        EmbeddedRest.Answer answer = rest.send(EmbeddedRest.post("/sim-auth-api/v1/slot/0", AUTH_BODY)).answer();

        assertEquals(401, answer.status());
        assertEquals(Challenge.WWW_AUTHENTICATE, answer.header("WWW-Authenticate"));
        assertTrue(answer.body().contains("\"error\""), answer.body());
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void aSignedAkaOnAnAllowedSlotIsServed(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);

        EmbeddedRest.Answer answer = rest.send(signed(signer(labKey), "POST", "/sim-auth-api/v1/slot/0", AUTH_BODY)).answer();

        assertEquals(200, answer.status(), answer.body());
        assertEquals("authenticate", service.lastCall().operation());
    }

    /**
     * An HMAC signature costs microseconds: it is verified on the event loop, never handed to the
     * verification threads (a hop there and back would cost more than the check), and it is
     * refused there as anywhere: the same 401 for a bad signature, a replayed nonce and a stale
     * created, and the card never asked.
     */
    @Test
    void anHmacSignatureIsCheckedOnTheEventLoopWithTheSameRefusals(@TempDir Path dir) throws Exception {
        List<Runnable> offLoop = new java.util.ArrayList<>();
        EmbeddedRest rest = guarded(dir, keyId -> Optional.empty(), null, offLoop::add);
        String request = signed(signer(labKey), "POST", "/sim-auth-api/v1/slot/0", AUTH_BODY);
        SharedKey wrongSecret = new SharedKey(labKey.id(), labKey.group(), labKey.client(), TestKeys.secret(9), null, false);

        EmbeddedRest.Answer served = rest.send(request).answer();
        EmbeddedRest.Answer replayed = rest.send(request).answer();
        EmbeddedRest.Answer badSignature = rest.send(signed(signer(wrongSecret), "POST", "/sim-auth-api/v1/slot/0",
                AUTH_BODY)).answer();
        EmbeddedRest.Answer stale = rest.send(signed(RequestSigner.hmac(labKey, new MutableClock(NOW.minusSeconds(3600))),
                "POST", "/sim-auth-api/v1/slot/0", AUTH_BODY)).answer();
        EmbeddedRest.Answer unsigned = rest.send(EmbeddedRest.post("/sim-auth-api/v1/slot/0", AUTH_BODY)).answer();

        assertEquals(200, served.status(), served.body());
        for (EmbeddedRest.Answer refused : List.of(replayed, badSignature, stale)) {
            assertEquals(401, refused.status());
            assertEquals(unsigned.body(), refused.body());
            assertEquals(Challenge.WWW_AUTHENTICATE, refused.header("WWW-Authenticate"));
        }
        assertEquals(1, service.calls.size());
        assertTrue(offLoop.isEmpty(), "no HMAC check went to the verification threads");
    }

    @Test
    void aTamperedBodyIsRefused(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);
        String request = signed(signer(labKey), "POST", "/sim-auth-api/v1/slot/0", AUTH_BODY);

        EmbeddedRest.Answer answer = rest.send(request.replace(RAND, RAND.replace('2', '3'))).answer();

        assertEquals(401, answer.status());
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void aSignatureForAnotherHostIsRefused(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);

        String request = signed(signer(labKey), "GET", "/sim-info-api/v1/slot/0", null)
                .replace("Host: localhost", "Host: elsewhere");

        assertEquals(401, rest.send(request).answer().status());
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void anUnknownImsiIsSaidOnlyToAClientAllowedEverySubscriberCard(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);
        String unknown = "/sim-auth-api/v1/imsi/001010000000999";

        assertEquals(401, rest.send(EmbeddedRest.post(unknown, AUTH_BODY)).answer().status(),
                "without credentials no one learns which IMSIs exist");
        assertEquals(403, rest.send(signed(signer(labKey), "POST", unknown, AUTH_BODY)).answer().status());
        EmbeddedRest.Answer allowed = rest.send(signed(signer(ciKey), "POST", unknown, AUTH_BODY)).answer();
        assertEquals(404, allowed.status(), allowed.body());
        assertEquals("{\"error\":{\"message\":\"no subscriber 001010000000999\"}}", allowed.body());
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void onlyAClientListedForAucMintsVectorsNotOneThatMayUseEveryCard(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);
        String body = "{\"imsi\":\"" + AucVectorApiTest.IMSI + "\"}";
        RequestSigner device = RequestSigner.ecdsa("dev-PHONE", (ECPrivateKey) phone.getPrivate(), clock);

        assertEquals(403, rest.send(signed(device, "POST", "/auc-api/v1/vectors", body)).answer().status(),
                "aka, info and apdu on every slot are not auc");
        assertEquals(403, rest.send(signed(signer(labKey), "POST", "/auc-api/v1/vectors", body)).answer().status());
        assertEquals(401, rest.send(EmbeddedRest.post("/auc-api/v1/vectors", body)).answer().status());
        EmbeddedRest.Answer allowed = rest.send(signed(signer(ciKey), "POST", "/auc-api/v1/vectors", body)).answer();
        assertEquals(200, allowed.status(), allowed.body());
        assertTrue(allowed.body().startsWith("{\"rand\":"), allowed.body());
    }

    @Test
    void aSlotOrAnOperationTheClientMayNotUseIs403AndReachesNoCard(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);

        assertEquals(403, rest.send(signed(signer(labKey), "POST", "/sim-auth-api/v1/slot/1", AUTH_BODY)).answer().status());
        assertEquals(403, rest.send(signed(signer(labKey), "POST", "/apdu-api/v1/slot/0",
                "{\"apdus\":[\"00A40004023F00\"]}")).answer().status());
        assertEquals(403, rest.send(signed(signer(readerKey), "GET", "/sim-info-api/v1/slot/0", null)).answer().status());
        assertEquals(403, rest.send(signed(signer(readerKey), "POST", "/sim-auth-api/v1/slot/1", AUTH_BODY)).answer().status());
        assertTrue(service.calls.isEmpty());

        assertEquals(200, rest.send(signed(signer(readerKey), "GET", "/sim-info-api/v1/slot/1", null)).answer().status());
        assertEquals(200, rest.send(signed(signer(labKey), "GET", "/sim-info-api/v1/slot/0/suci?scheme=0", null)).answer().status());
    }

    @Test
    void usimHttpsIsAuthorizedByItsType(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);
        String randAutn = "/?type=rand-autn&rand=" + RAND + "&autn=" + AUTN + "&slot=1";

        assertEquals(200, rest.send(signed(signer(readerKey), "GET", "/?type=imsi&slot=1", null)).answer().status());
        assertEquals(403, rest.send(signed(signer(readerKey), "GET", randAutn, null)).answer().status());
        assertEquals(403, rest.send(signed(signer(readerKey), "GET", "/?type=apdu&hex=00B0000002&slot=1", null)).answer().status());
        assertEquals(403, rest.send(signed(signer(labKey), "GET", "/?type=imsi&slot=1", null)).answer().status());
        assertEquals(1, service.calls.size());
        assertEquals(200, rest.send(signed(signer(labKey), "GET", randAutn.replace("slot=1", "slot=0"), null)).answer().status());
    }

    @Test
    void theQueryIsPartOfWhatIsSigned(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);

        String request = signed(signer(readerKey), "GET", "/?type=imsi&slot=1", null).replace("slot=1", "slot=0");

        assertEquals(401, rest.send(request).answer().status());
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void theSlotListNeedsInfoSomewhereAndHealthIsOpen(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);

        assertEquals(200, rest.send(EmbeddedRest.get("/health")).answer().status());
        assertEquals(401, rest.send(EmbeddedRest.get("/api/v1/slots")).answer().status());
        assertEquals(200, rest.send(signed(signer(readerKey), "GET", "/api/v1/slots", null)).answer().status());
        assertEquals(403, rest.send(signed(signer(ciKey), "GET", "/api/v1/slots", null)).answer().status());
    }

    @Test
    void routingAnswersComeBeforeAuthentication(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);

        assertEquals(404, rest.send(EmbeddedRest.get("/nothing")).answer().status());
        assertEquals(405, rest.send(EmbeddedRest.get("/sim-auth-api/v1/slot/0")).answer().status());
        assertEquals(400, rest.send(EmbeddedRest.get("/sim-info-api/v1/slot/x")).answer().status());
    }

    @Test
    void akaOverTheClientsRateIs429WithRetryAfterAndReachesNoCard(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);
        RequestSigner ci = signer(ciKey);

        assertEquals(200, rest.send(signed(ci, "POST", "/sim-auth-api/v1/slot/0", AUTH_BODY)).answer().status());
        assertEquals(200, rest.send(signed(ci, "POST", "/sim-auth-api/v1/slot/1", AUTH_BODY)).answer().status());
        EmbeddedRest.Answer throttled = rest.send(signed(ci, "POST", "/sim-auth-api/v1/slot/0", AUTH_BODY)).answer();

        assertEquals(429, throttled.status());
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
        assertEquals(2, service.calls.size());
        // the bucket is per client: another client is not held back
        assertEquals(200, rest.send(signed(signer(labKey), "POST", "/sim-auth-api/v1/slot/0", AUTH_BODY)).answer().status());
    }

    @Test
    void aDeviceSignatureIsVerifiedOffTheEventLoopAndAnsweredInOrder(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);
        RequestSigner device = RequestSigner.ecdsa("dev-PHONE", (ECPrivateKey) phone.getPrivate(), clock);

        // pipelined: the device's request waits for its signature, the HMAC one behind it must not overtake it
        rest.send(signed(device, "GET", "/sim-info-api/v1/slot/0", null)
                + signed(signer(labKey), "POST", "/sim-auth-api/v1/slot/0", AUTH_BODY)
                + signed(device, "POST", "/apdu-api/v1/slot/1", "{\"apdus\":[\"00A40004023F00\"]}").replace("slot/1", "slot/0"));
        List<EmbeddedRest.Answer> answers = rest.awaitAnswers(3);

        assertEquals(3, answers.size(), answers.toString());
        assertTrue(answers.get(0).body().contains("imsi"), answers.get(0).body());
        assertTrue(answers.get(1).body().contains("successful_3g_authentication"), answers.get(1).body());
        assertEquals(401, answers.get(2).status(), "a device request tampered on its way");
        // the HMAC request went to its card without waiting for the device's signature
        assertEquals(Set.of("info", "authenticate"),
                service.calls.stream().map(FakeSimService.Call::operation).collect(Collectors.toSet()));
        assertEquals(2, service.calls.size());
    }

    @Test
    void finalizeIsUnknownWithoutARegistry(@TempDir Path dir) throws Exception {
        EmbeddedRest rest = guarded(dir);

        assertEquals(404, rest.send(EmbeddedRest.post("/admin/v1/devices/finalize", "{}")).answer().status());
        assertEquals(404, new EmbeddedRest(service).send(EmbeddedRest.post("/admin/v1/devices/finalize", "{}")).answer().status());
    }

    @Test
    void aDeviceFinalizesUnauthenticatedAndThenSignsAsItself(@TempDir Path dir) throws Exception {
        DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices"), URI.create("https://gw.example:8443"), clock);
        EmbeddedRest rest = guarded(dir, registry, registry);
        Registration registration = registry.create("phone");
        DeviceEnrollment enrollment = DeviceEnrollment.start(registration.enrollmentUrl());

        rest.send(EmbeddedRest.post("/admin/v1/devices/finalize", "{\"serial\": 12"));
        rest.send(EmbeddedRest.post("/admin/v1/devices/finalize", enrollment.finalizeRequest("Pi", "4B", null).toJson()));
        List<EmbeddedRest.Answer> answers = rest.awaitAnswers(2);

        assertEquals(400, answers.get(0).status());
        assertEquals("{\"error\":{\"message\":\"" + FinalizeRefusal.MALFORMED.message()
                + "\",\"code\":\"MALFORMED\"}}", answers.get(0).body());
        assertEquals(200, answers.get(1).status(), answers.get(1).body());
        assertTrue(answers.get(1).body().contains("\"key_id\":\"" + enrollment.keyId() + "\""), answers.get(1).body());

        RequestSigner device = RequestSigner.ecdsa(enrollment.keyId(), (ECPrivateKey) enrollment.privateKey(), clock);
        rest.send(signed(device, "GET", "/sim-info-api/v1/slot/1", null));
        assertEquals(200, rest.awaitAnswers(1).get(0).status());

        registry.revoke(enrollment.keyId());
        rest.send(signed(device, "GET", "/sim-info-api/v1/slot/1", null));
        EmbeddedRest.Answer revoked = rest.awaitAnswers(1).get(0);
        assertEquals(401, revoked.status());
        assertEquals(1, service.calls.size());
    }

    @Test
    void withoutSecurityNothingIsAskedOfTheClient() {
        EmbeddedRest rest = new EmbeddedRest(service, null, null);

        EmbeddedRest.Answer answer = rest.send(EmbeddedRest.post("/sim-auth-api/v1/slot/0", AUTH_BODY)).answer();

        assertEquals(200, answer.status());
        assertNull(answer.header("WWW-Authenticate"));
    }
}
