package org.simgate.e2e.security.rest;

import org.simgate.e2e.Http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.e2e.security.rest.SecuredGateway.authBody;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.e2e.DebugLogCapture;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.security.registration.FinalizeRequest;
import org.simgate.security.registration.Registration;
import org.simgate.security.signature.RequestSigner;

/**
 * Every logger at DEBUG, the audit trail included, is captured while clients use both REST
 * listeners with authentication on: signed and refused requests, a device that registers with a
 * passphrase and signs, replays, tampering, ACL refusals, throttling. No captured line may hold a
 * key's secret, a signature, a nonce, a passphrase, a device's private key, RAND, AUTN, RES, CK or
 * IK. The audit lines say who did what where and how it ended.
 */
class NoSecretInAnyLogTest {
    private static final Pattern SIGNATURE = Pattern.compile("sig1=:([^:]+):");
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    @RegisterExtension
    final DebugLogCapture logs = new DebugLogCapture();

    private void bytes(String name, byte[] value) {
        logs.secret(name, value);
    }

    private void text(String name, String value) {
        logs.secret(name, value);
    }

    /** The request's signature and nonce are secrets of the log too. */
    private HttpRequest remember(HttpRequest request) {
        String input = request.headers().firstValue("Signature-Input").orElse("");
        String signature = request.headers().firstValue("Signature").orElse("");
        Matcher nonce = NONCE.matcher(input);
        if (nonce.find()) {
            text("nonce", nonce.group(1));
        }
        Matcher value = SIGNATURE.matcher(signature);
        if (value.find()) {
            text("signature", value.group(1));
        }
        return request;
    }

    private Http.Response signedAka(SignedHttp http, RequestSigner signer, URI uri, boolean served) {
        AuthenticationVector vector = SecuredGateway.challenge();
        bytes("RAND", vector.rand());
        bytes("AUTN", vector.autn());
        Http.Response response = http.send(remember(SignedHttp.signed(signer, "POST", uri, authBody(vector))));
        if (served) {
            assertEquals(200, response.status(), response.body());
            bytes("RES", vector.xres());
            bytes("CK", vector.ck());
            bytes("IK", vector.ik());
        }
        return response;
    }

    @Test
    void noSecretOfAnyKindReachesALogLineAndTheAuditSaysWhoDidWhat(@TempDir Path dir) throws Exception {
        try (SecuredGateway gateway = SecuredGateway.start(dir)) {
            SignedHttp http = gateway.client();
            for (SharedKey key : List.of(gateway.lab, gateway.expired, gateway.reader, gateway.ci)) {
                bytes("shared key " + key.id(), key.secret());
            }
            for (String scheme : List.of("http", "https")) {
                URI slot0 = gateway.uri(scheme, "/sim-auth-api/v1/slot/0");
                signedAka(http, gateway.signer(gateway.lab), slot0, true);
                // a replay, a tampered body, an expired and a forged key, no signature at all
                HttpRequest once = remember(SignedHttp.signed(gateway.signer(gateway.lab), "GET",
                        gateway.uri(scheme, "/sim-info-api/v1/slot/0"), null));
                assertEquals(200, http.send(once).status());
                assertEquals(401, http.send(once).status());
                Map<String, String> fields = SignedHttp.fields(gateway.signer(gateway.lab), "POST", slot0, "{\"rand\":\"00\"}");
                AuthenticationVector tampered = SecuredGateway.challenge();
                bytes("RAND", tampered.rand());
                assertEquals(401, http.send(remember(SignedHttp.request("POST", slot0, authBody(tampered), fields))).status());
                assertEquals(401, signedAka(http, gateway.signer(gateway.expired), slot0, false).status());
                assertEquals(401, signedAka(http, RequestSigner.hmac(SecuredGateway.key("lab-1", "lab", "lab-a", 8, null),
                        gateway.clock), slot0, false).status());
                assertEquals(401, http.post(null, slot0, authBody(SecuredGateway.challenge())).status());
                // refused by the ACL, and throttled
                assertEquals(403, signedAka(http, gateway.signer(gateway.reader), gateway.uri(scheme, "/sim-auth-api/v1/slot/1"),
                        false).status());
            }
            signedAka(http, gateway.signer(gateway.ci), gateway.uri("http", "/sim-auth-api/v1/slot/1"), true);
            signedAka(http, gateway.signer(gateway.ci), gateway.uri("http", "/sim-auth-api/v1/slot/1"), true);
            assertEquals(429, signedAka(http, gateway.signer(gateway.ci), gateway.uri("http", "/sim-auth-api/v1/slot/1"),
                    false).status());

            // a device registers with a passphrase (once wrong), then signs
            String passphrase = "correct horse battery staple";
            text("passphrase", passphrase);
            Registration registration = gateway.gateway().devices().create("phone", Duration.ofMinutes(5), passphrase);
            DeviceEnrollment device = DeviceEnrollment.start(registration.enrollmentUrl());
            bytes("device private key", device.privateKey().getEncoded());
            URI finalize = gateway.uri("https", DeviceRegistry.FINALIZE_PATH);
            FinalizeRequest wrong = device.finalizeRequest("Pi", "4B", "wrong passphrase, also secret");
            text("wrong passphrase", "wrong passphrase, also secret");
            text("finalize signature", wrong.signatureBase64());
            assertEquals(403, http.post(null, finalize, wrong.toJson()).status());
            FinalizeRequest right = device.finalizeRequest("Pi", "4B", passphrase);
            text("finalize signature", right.signatureBase64());
            assertEquals(200, http.post(null, finalize, right.toJson()).status());
            RequestSigner phone = RequestSigner.ecdsa(device.keyId(), (ECPrivateKey) device.privateKey(), gateway.clock);
            signedAka(http, phone, gateway.uri("https", "/sim-auth-api/v1/slot/1"), true);
            HttpRequest usim = remember(SignedHttp.signed(phone, "GET", gateway.uri("http", "/?type=imsi&slot=1"), null));
            assertEquals(200, http.send(usim).status());
            gateway.gateway().devices().revoke(device.keyId());
            assertEquals(401, signedAka(http, phone, gateway.uri("https", "/sim-auth-api/v1/slot/1"), false).status());
        }

        assertTrue(logs.secrets().values().containsAll(List.of("RES", "CK", "IK", "RAND", "AUTN", "nonce", "signature",
                "passphrase", "device private key", "finalize signature")), logs.secrets().values().toString());
        logs.assertDebugCaptured();
        logs.assertNoneLogged();
        List<String> lines = logs.lines();

        List<String> audit = lines.stream().filter(line -> line.startsWith("INFO simgate.audit ")).toList();
        assertTrue(audit.stream().anyMatch(line -> line.contains(" protocol=rest ") && line.contains(" client=lab-a slot=0 "
                + "operation=aka outcome=ok latency_us=")), audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=- slot=0 operation=info outcome=unauthenticated:REPLAY ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=- slot=0 operation=aka outcome=unauthenticated:BAD_DIGEST ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains("outcome=unauthenticated:EXPIRED_KEY ")), audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains("outcome=unauthenticated:BAD_SIGNATURE ")), audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains("outcome=unauthenticated:MISSING ")), audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=reader slot=1 operation=aka outcome=forbidden ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=ci slot=1 operation=aka outcome=throttled ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=- slot=- operation=device-finalize outcome=bad-passphrase ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=phone slot=- operation=device-finalize outcome=ok ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains(" client=phone slot=1 operation=info outcome=ok ")),
                audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.contains("outcome=unauthenticated:REVOKED_KEY ")), audit.toString());
        assertTrue(audit.stream().allMatch(line -> line.contains(" peer=127.0.0.1:")), audit.toString());
        assertEquals(0, audit.stream().filter(line -> line.contains("/health")).count());
    }
}
