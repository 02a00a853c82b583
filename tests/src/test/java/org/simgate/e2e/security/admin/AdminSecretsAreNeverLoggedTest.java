package org.simgate.e2e.security.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.EnrollmentUrl;
import org.simgate.security.registration.Pem;
import org.simgate.security.signature.RequestSigner;
import org.slf4j.LoggerFactory;

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

    private final Map<String, String> secrets = new TreeMap<>();

    private void remember(Map<String, String> signature) {
        Matcher sig = SIGNATURE.matcher(signature.get("Signature"));
        assertTrue(sig.find());
        secrets.put(sig.group(1), "signature");
        Matcher nonce = NONCE.matcher(signature.get("Signature-Input"));
        assertTrue(nonce.find());
        secrets.put(nonce.group(1), "nonce");
    }

    private HttpResponse<String> signed(AdminGateway gw, String keyId, String method, String path, String body) {
        Map<String, String> signature = gw.signature(keyId, Clock.systemUTC(), method, path, body);
        remember(signature);
        return gw.send(method, path, body, signature);
    }

    @Test
    void noSecretReachesAnyLogLine() throws Exception {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger netty = logging.getLogger("io.netty");
        Level rootLevel = root.getLevel();
        Level nettyLevel = netty.getLevel();
        List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            consoles.add(it.next());
        }
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        consoles.forEach(root::detachAppender);
        captured.setContext(logging);
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        netty.setLevel(Level.DEBUG);
        for (String hex : List.of(AdminGateway.OPS_SECRET, AdminGateway.LAB_SECRET, AdminGateway.ONE_SECRET)) {
            secrets.put(hex, "key secret");
            secrets.put(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)), "key secret");
        }
        String passphrase = "tell-no-one-4711";
        secrets.put(passphrase, "passphrase");
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
            secrets.put(registration.get("nonce").asText(), "registration challenge");
            assertEquals(200, signed(gw, "ops-1", "GET", "/admin/v1/devices/registrations", null).statusCode());
            DeviceEnrollment enrollment = DeviceEnrollment.start(EnrollmentUrl.parse(registration.get("enrollment_url").asText()));
            gw.gateway.devices().finalizeRegistration(enrollment.finalizeRequest("Pi", "4B", passphrase));
            String privatePem = Pem.privateKey(enrollment.privateKey());
            secrets.put(privatePem.lines().skip(1).findFirst().orElseThrow(), "device private key");

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
        } finally {
            root.detachAppender(captured);
            captured.stop();
            consoles.forEach(root::addAppender);
            root.setLevel(rootLevel);
            netty.setLevel(nettyLevel);
        }
        assertTrue(captured.list.stream().anyMatch(e -> e.getLoggerName().equals("simgate.audit")), "the audit lines were seen");
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            secrets.forEach((value, name) -> assertFalse(line.contains(value),
                    name + " in a log line of " + event.getLoggerName()));
        }
    }
}
