package org.simgate.e2e.security.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.security.line.AuthGateway;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.signature.RequestSigner;
import org.slf4j.LoggerFactory;

/**
 * The management listener checks a device's P-384 signature (milliseconds of CPU) on the
 * verification threads, never on the event loop that reads the network; an HMAC signature
 * (microseconds) stays on the loop. Which thread checked a request is read from the line the
 * check logs when it refuses one.
 */
class DeviceSignedAdminE2ETest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final String GUARD_LOGGER = "org.simgate.protocol.management.AdminGuard";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;
    AuthGateway gateway;
    RequestSigner device;
    final ListAppender<ILoggingEvent> guardLines = new ListAppender<>();
    Logger guardLogger;
    Level guardLevel;

    @BeforeEach
    void start() throws Exception {
        gateway = AuthGateway.start(dir, NOW, "simgate.auth.clients.phone.operations = [info, relay, admin]");
        DeviceEnrollment enrollment = DeviceEnrollment.start(gateway.gateway().devices().create("phone").enrollmentUrl());
        gateway.gateway().devices().finalizeRegistration(enrollment.finalizeRequest(null, null, null));
        device = RequestSigner.ecdsa(enrollment.keyId(), (ECPrivateKey) enrollment.privateKey(), gateway.clock());
        guardLogger = (Logger) LoggerFactory.getLogger(GUARD_LOGGER);
        guardLevel = guardLogger.getLevel();
        guardLogger.setLevel(Level.INFO);
        guardLines.start();
        guardLogger.addAppender(guardLines);
    }

    @AfterEach
    void stop() {
        guardLogger.detachAppender(guardLines);
        guardLogger.setLevel(guardLevel);
        gateway.close();
    }

    String origin() {
        return "http://127.0.0.1:" + gateway.gateway().managementAddress().getPort();
    }

    HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + path)).timeout(Duration.ofSeconds(20));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The threads the refusals of that key were logged on. */
    List<String> refusalThreads() {
        return guardLines.list.stream().filter(e -> e.getFormattedMessage().contains("not authenticated"))
                .map(ILoggingEvent::getThreadName).toList();
    }

    @Test
    void aDeviceSignedAdminRequestIsAnswered() throws Exception {
        HttpResponse<String> slots = get("/admin/v1/slots", device.sign("GET", origin() + "/admin/v1/slots", new byte[0]));
        assertEquals(200, slots.statusCode(), slots.body());
        assertTrue(slots.body().startsWith("{\"slots\":["), slots.body());
        assertEquals(List.of(), refusalThreads());
    }

    @Test
    void aDeviceSignatureIsCheckedOnAVerificationThread() throws Exception {
        Map<String, String> signed = new java.util.HashMap<>(device.sign("GET", origin() + "/admin/v1/slots", new byte[0]));
        signed.put("Signature", "sig1=:" + "A".repeat(128) + ":");
        assertEquals(401, get("/admin/v1/slots", signed).statusCode());

        List<String> threads = refusalThreads();
        assertEquals(1, threads.size(), threads.toString());
        assertTrue(threads.get(0).startsWith("verify-"), threads.get(0));
    }

    @Test
    void anHmacSignatureIsCheckedOnTheEventLoop() throws Exception {
        SharedKey ops = new SharedKey("ops-1", "g", "c", AuthGateway.secret(9), null, false); // a wrong secret
        assertEquals(401, get("/admin/v1/slots",
                RequestSigner.hmac(ops, gateway.clock()).sign("GET", origin() + "/admin/v1/slots", new byte[0])).statusCode());

        List<String> threads = refusalThreads();
        assertEquals(1, threads.size(), threads.toString());
        assertFalse(threads.get(0).startsWith("verify-"), threads.get(0));
    }
}
