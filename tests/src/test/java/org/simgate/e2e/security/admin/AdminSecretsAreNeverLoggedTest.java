package org.simgate.e2e.security.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.e2e.DebugLogCapture;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.EnrollmentUrl;
import org.simgate.security.registration.Pem;
import org.simgate.security.signature.RequestSigner;

/**
 * Every logger at DEBUG, audit included, while admins and devices use the management listener:
 * signed and refused requests, a registration with a passphrase, a device signing and being
 * revoked. No line may hold a key secret, a signature, a nonce, the passphrase, the registration
 * challenge or the device's private key.
 */
class AdminSecretsAreNeverLoggedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SIGNATURE = Pattern.compile("sig1=:([^:]+):");
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @RegisterExtension
    final DebugLogCapture logs = new DebugLogCapture();

    private void remember(Map<String, String> signature) {
        Matcher sig = SIGNATURE.matcher(signature.get("Signature"));
        assertTrue(sig.find());
        logs.secret("signature", sig.group(1));
        Matcher nonce = NONCE.matcher(signature.get("Signature-Input"));
        assertTrue(nonce.find());
        logs.secret("nonce", nonce.group(1));
    }

    private HttpResponse<String> signed(AdminGateway gw, String keyId, String method, String path, String body) {
        Map<String, String> signature = gw.signature(keyId, Clock.systemUTC(), method, path, body);
        remember(signature);
        return gw.send(method, path, body, signature);
    }

    @Test
    void noSecretReachesAnyLogLine() throws Exception {
        for (String hex : List.of(AdminGateway.OPS_SECRET, AdminGateway.LAB_SECRET, AdminGateway.ONE_SECRET)) {
            logs.secret("key secret", hex);
            logs.secret("key secret", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
        }
        String passphrase = "tell-no-one-4711";
        logs.secret("passphrase", passphrase);
        try (AdminGateway gw = AdminGateway.start(dir, Clock.systemUTC())) {
            assertEquals(200, signed(gw, "ops-1", "GET", "/admin/v1/slots", null).statusCode());
            assertEquals(200, signed(gw, "ops-1", "GET", "/metrics", null).statusCode());
            assertEquals(403, signed(gw, "lab-1", "POST", "/admin/v1/slots/0/reset", null).statusCode());
            Map<String, String> replayed = gw.signature("ops-1", Clock.systemUTC(), "POST", "/admin/v1/slots/0/drain", null);
            remember(replayed);
            gw.send("POST", "/admin/v1/slots/0/drain", null, replayed);
            assertEquals(401, gw.send("POST", "/admin/v1/slots/0/drain", null, replayed).statusCode());
            Map<String, String> tampered = gw.signature("ops-1", Clock.systemUTC(), "POST", "/admin/v1/devices/registrations",
                    "{\"client\": \"edge\"}");
            remember(tampered);
            assertEquals(401, gw.send("POST", "/admin/v1/devices/registrations", "{\"client\": \"evil\"}", tampered).statusCode());

            HttpResponse<String> created = signed(gw, "ops-1", "POST", "/admin/v1/devices/registrations",
                    "{\"client\": \"edge\", \"passphrase\": \"" + passphrase + "\"}");
            assertEquals(201, created.statusCode(), created.body());
            JsonNode registration = JSON.readTree(created.body());
            logs.secret("registration challenge", registration.get("nonce").asText());
            assertEquals(200, signed(gw, "ops-1", "GET", "/admin/v1/devices/registrations", null).statusCode());
            DeviceEnrollment enrollment = DeviceEnrollment.start(EnrollmentUrl.parse(registration.get("enrollment_url").asText()));
            gw.gateway.devices().finalizeRegistration(enrollment.finalizeRequest("Pi", "4B", passphrase));
            String privatePem = Pem.privateKey(enrollment.privateKey());
            logs.secret("device private key", privatePem.lines().skip(1).findFirst().orElseThrow());

            RequestSigner device = RequestSigner.ecdsa(enrollment.keyId(), (ECPrivateKey) enrollment.privateKey(),
                    Clock.systemUTC());
            Map<String, String> byDevice = device.sign("POST", gw.origin() + "/admin/v1/slots/0/undrain", new byte[0]);
            remember(byDevice);
            assertEquals(200, gw.send("POST", "/admin/v1/slots/0/undrain", null, byDevice).statusCode());
            assertEquals(200, signed(gw, "ops-1", "POST", "/admin/v1/devices/" + enrollment.keyId() + "/revoke", null)
                    .statusCode());
            Map<String, String> afterRevoke = device.sign("GET", gw.origin() + "/admin/v1/slots", new byte[0]);
            remember(afterRevoke);
            assertEquals(401, gw.send("GET", "/admin/v1/slots", null, afterRevoke).statusCode());
        }
        logs.stop();
        assertTrue(logs.lines().stream().anyMatch(line -> line.startsWith("INFO simgate.audit ")), "the audit lines were seen");
        logs.assertNoneLogged();
    }
}
