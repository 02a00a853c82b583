package org.simgate.e2e.security.admin;

import org.simgate.security.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.security.Challenge;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.EnrollmentUrl;
import org.simgate.security.registration.FinalizeOutcome;
import org.simgate.security.signature.RequestSigner;
import org.slf4j.LoggerFactory;

/**
 * The management listener with {@code simgate.auth.required = true}, over real sockets: signed
 * requests (valid, expired, rotated, replayed, tampered, skewed, unknown, revoked), the ACL's
 * {@code admin} operation, cross-site requests, and the audit line of each.
 */
class AdminAuthE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.now());
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger audit = logging.getLogger("simgate.audit");
    private final ListAppender<ILoggingEvent> auditLines = new ListAppender<>();
    private AdminGateway gw;
    private Level auditLevel;

    @BeforeEach
    void start() throws Exception {
        auditLines.setContext(logging);
        auditLines.start();
        audit.addAppender(auditLines);
        auditLevel = audit.getLevel();
        audit.setLevel(Level.INFO); // the build's logging is quieter
        audit.setAdditive(false); // to memory only, not the build's output
        gw = AdminGateway.start(dir, clock);
    }

    @AfterEach
    void stop() {
        audit.detachAppender(auditLines);
        audit.setLevel(auditLevel);
        audit.setAdditive(true);
        if (gw != null) {
            gw.close();
        }
    }

    private List<String> audited() {
        return auditLines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private String slotState(int slot) throws Exception {
        return json(gw.signed("ops-1", "GET", "/admin/v1/slots/" + slot, null)).get("state").asText();
    }

    @Test
    void aValidSignatureIsServedAndAudited() throws Exception {
        HttpResponse<String> slots = gw.signed("ops-1", "GET", "/admin/v1/slots", null);
        assertEquals(200, slots.statusCode(), slots.body());
        assertEquals(2, json(slots).get("slots").size());
        assertEquals(200, gw.signed("ops-1", "POST", "/admin/v1/slots/0/drain", null).statusCode());
        assertEquals("out_of_service", slotState(0));
        assertTrue(gw.signed("ops-1", "GET", "/metrics", null).body().contains("simgate_"));
        assertTrue(gw.signed("ops-1", "GET", "/ui/", null).body().contains("<html"));
        assertTrue(audited().stream().anyMatch(l -> l.matches("time=\\S+ protocol=management peer=127\\.0\\.0\\.1:\\d+ "
                + "client=ops slot=0 operation=drain outcome=ok latency_us=\\d+")), audited().toString());
    }

    @Test
    void anUnsignedRequestGets401AndTheChallengeButProbesStayOpen() throws Exception {
        for (String path : List.of("/admin/v1/slots", "/metrics", "/ui/", "/admin/v1/devices")) {
            HttpResponse<String> refused = gw.send("GET", path, null, Map.of());
            assertEquals(401, refused.statusCode(), path);
            assertEquals(Challenge.WWW_AUTHENTICATE, refused.headers().firstValue("WWW-Authenticate").orElse(null));
        }
        HttpResponse<String> drain = gw.send("POST", "/admin/v1/slots/0/drain", null, Map.of());
        assertEquals(401, drain.statusCode());
        assertEquals("present", slotState(0));
        assertEquals(200, gw.send("GET", "/health", null, Map.of()).statusCode());
        assertEquals(200, gw.send("GET", "/ready", null, Map.of()).statusCode());
        assertTrue(audited().stream().anyMatch(l -> l.contains("client=- slot=0 operation=drain outcome=unauthenticated")),
                audited().toString());
    }

    @Test
    void anExpiredOrUnknownKeyIsRefused() throws Exception {
        assertEquals(401, gw.signed("old-1", "GET", "/admin/v1/slots", null).statusCode());
        SharedKey stranger = new SharedKey("nobody-1", "x", "ops", AdminGateway.OPS_SECRET.getBytes(StandardCharsets.US_ASCII),
                null, false);
        Map<String, String> signature = RequestSigner.hmac(stranger, Clock.systemUTC())
                .sign("GET", gw.origin() + "/admin/v1/slots", new byte[0]);
        assertEquals(401, gw.send("GET", "/admin/v1/slots", null, signature).statusCode());
    }

    @Test
    void aRotatedKeyVerifiesUntilItIsRemovedFromTheKeyFile() throws Exception {
        SharedKey first = gw.key("ops-1");
        Files.writeString(gw.keyFile, AdminGateway.KEYS.replace("keys = [ { id = ops-1, secret = \"hex:" + AdminGateway.OPS_SECRET + "\" } ]",
                "keys = [ { id = ops-1, secret = \"hex:" + AdminGateway.OPS_SECRET + "\" }, { id = ops-2, secret = \"hex:"
                        + AdminGateway.OPS_NEW_SECRET + "\" } ]"));
        awaitKeys(ring -> ring.find("ops-2").isPresent());
        assertEquals("ops-2", gw.gateway.security().sharedKeys().signingKey("ops", Instant.now()).orElseThrow().id());
        assertEquals(200, gw.signed("ops-1", "GET", "/admin/v1/slots", null).statusCode());
        assertEquals(200, gw.signed("ops-2", "GET", "/admin/v1/slots", null).statusCode());

        Files.writeString(gw.keyFile, AdminGateway.KEYS.replace("id = ops-1, secret = \"hex:" + AdminGateway.OPS_SECRET,
                "id = ops-2, secret = \"hex:" + AdminGateway.OPS_NEW_SECRET));
        awaitKeys(ring -> ring.find("ops-1").isEmpty());
        Map<String, String> withOldKey = RequestSigner.hmac(first, Clock.systemUTC())
                .sign("GET", gw.origin() + "/admin/v1/slots", new byte[0]);
        assertEquals(401, gw.send("GET", "/admin/v1/slots", null, withOldKey).statusCode());
        assertEquals(200, gw.signed("ops-2", "GET", "/admin/v1/slots", null).statusCode());
    }

    private void awaitKeys(java.util.function.Predicate<org.simgate.security.keys.KeyRing> done) throws InterruptedException {
        for (int i = 0; i < 200 && !done.test(gw.gateway.security().sharedKeys()); i++) {
            Thread.sleep(50);
        }
        assertTrue(done.test(gw.gateway.security().sharedKeys()), "the key file was not re-read");
    }

    @Test
    void aReplayedRequestIsRefusedAndOfParallelCopiesExactlyOneIsServed() throws Exception {
        Map<String, String> once = gw.signature("ops-1", Clock.systemUTC(), "POST", "/admin/v1/slots/1/drain", null);
        assertEquals(200, gw.send("POST", "/admin/v1/slots/1/drain", null, once).statusCode());
        assertEquals(401, gw.send("POST", "/admin/v1/slots/1/drain", null, once).statusCode());

        Map<String, String> copies = gw.signature("ops-1", Clock.systemUTC(), "POST", "/admin/v1/slots/0/drain", null);
        int parallel = 8;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    return gw.send("POST", "/admin/v1/slots/0/drain", null, copies).statusCode();
                }));
            }
            go.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get());
            }
            assertEquals(1, answered.stream().filter(s -> s == 200).count(), answered.toString());
            assertEquals(parallel - 1, answered.stream().filter(s -> s == 401).count(), answered.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTamperedBodyOrDigestIsRefusedAndNothingIsCreated() throws Exception {
        String body = "{\"client\": \"alice-phone\"}";
        Map<String, String> signature = gw.signature("ops-1", Clock.systemUTC(), "POST", "/admin/v1/devices/registrations", body);
        HttpResponse<String> tamperedBody = gw.send("POST", "/admin/v1/devices/registrations",
                "{\"client\": \"mallory-pc\"}", signature);
        assertEquals(401, tamperedBody.statusCode());

        Map<String, String> digest = new HashMap<>(gw.signature("ops-1", Clock.systemUTC(), "POST",
                "/admin/v1/devices/registrations", body));
        digest.put("Content-Digest", "sha-256=:" + java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest("{\"client\": \"mallory-pc\"}".getBytes(StandardCharsets.UTF_8))) + ":");
        assertEquals(401, gw.send("POST", "/admin/v1/devices/registrations", "{\"client\": \"mallory-pc\"}", digest).statusCode());
        assertEquals(401, gw.send("POST", "/admin/v1/devices/registrations", body, digest).statusCode());
        assertEquals(0, gw.gateway.devices().pending().size());

        assertEquals(201, gw.send("POST", "/admin/v1/devices/registrations", body, signature).statusCode());
        assertEquals(1, gw.gateway.devices().pending().size());
    }

    @Test
    void createdIsCheckedAgainstTheServersClockAtTheWindowsEdge() throws Exception {
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        clock.set(now);
        long window = 300;
        for (long offset : new long[] {-window - 1, window + 1}) {
            Clock client = Clock.fixed(now.plusSeconds(offset), ZoneOffset.UTC);
            assertEquals(401, gw.send("GET", "/admin/v1/slots", null,
                    gw.signature("ops-1", client, "GET", "/admin/v1/slots", null)).statusCode(), "offset " + offset);
        }
        for (long offset : new long[] {-window, -window + 1, window - 1, window}) {
            Clock client = Clock.fixed(now.plusSeconds(offset), ZoneOffset.UTC);
            assertEquals(200, gw.send("GET", "/admin/v1/slots", null,
                    gw.signature("ops-1", client, "GET", "/admin/v1/slots", null)).statusCode(), "offset " + offset);
        }
    }

    @Test
    void aClientWithoutAdminIs403AndTheCardIsNotTouched() throws Exception {
        String readAt = json(gw.signed("ops-1", "GET", "/admin/v1/slots/0", null)).get("identity_read_at").asText();
        Thread.sleep(5);
        HttpResponse<String> reread = gw.signed("lab-1", "POST", "/admin/v1/slots/0/reread", null);
        assertEquals(403, reread.statusCode());
        assertEquals(403, gw.signed("lab-1", "POST", "/admin/v1/slots/0/reset", null).statusCode());
        assertEquals(403, gw.signed("lab-1", "GET", "/admin/v1/slots", null).statusCode());
        assertEquals(403, gw.signed("one-1", "POST", "/admin/v1/slots/0/reread", null).statusCode());
        assertEquals(readAt, json(gw.signed("ops-1", "GET", "/admin/v1/slots/0", null)).get("identity_read_at").asText(),
                "no reread reached the card");
        assertEquals(200, gw.signed("one-1", "POST", "/admin/v1/slots/1/drain", null).statusCode());
        assertTrue(audited().stream().anyMatch(l -> l.contains("client=lab slot=0 operation=reread outcome=forbidden")),
                audited().toString());
    }

    @Test
    void aRequestFromAnotherSiteIsRefusedEvenWhenSigned() throws Exception {
        Map<String, String> headers = new HashMap<>(gw.signature("ops-1", Clock.systemUTC(), "POST", "/admin/v1/slots/0/drain", null));
        headers.put("Origin", "https://evil.example");
        assertEquals(403, gw.send("POST", "/admin/v1/slots/0/drain", null, headers).statusCode());
        assertEquals("present", slotState(0));
        Map<String, String> sameSite = new HashMap<>(gw.signature("ops-1", Clock.systemUTC(), "POST", "/admin/v1/slots/0/drain", null));
        sameSite.put("Origin", gw.origin());
        assertEquals(200, gw.send("POST", "/admin/v1/slots/0/drain", null, sameSite).statusCode());
        assertTrue(audited().stream().anyMatch(l -> l.contains("slot=0 operation=drain outcome=cross-site")), audited().toString());
    }

    @Test
    void aRevokedDeviceIsRefusedAtOnceAndItsOpenStreamClosed() throws Exception {
        HttpResponse<String> created = gw.signed("ops-1", "POST", "/admin/v1/devices/registrations", "{\"client\": \"edge\"}");
        assertEquals(201, created.statusCode(), created.body());
        DeviceEnrollment enrollment = DeviceEnrollment.start(EnrollmentUrl.parse(json(created).get("enrollment_url").asText()));
        FinalizeOutcome outcome = gw.gateway.devices().finalizeRegistration(enrollment.finalizeRequest("Pi", "4B", null));
        assertTrue(outcome instanceof FinalizeOutcome.Registered, outcome.toString());
        String keyId = enrollment.keyId();
        RequestSigner device = RequestSigner.ecdsa(keyId, (ECPrivateKey) enrollment.privateKey(), Clock.systemUTC());

        assertEquals(200, gw.send("POST", "/admin/v1/slots/0/drain", null,
                device.sign("POST", gw.origin() + "/admin/v1/slots/0/drain", new byte[0])).statusCode());
        assertEquals(403, gw.send("POST", "/admin/v1/slots/1/drain", null,
                device.sign("POST", gw.origin() + "/admin/v1/slots/1/drain", new byte[0])).statusCode());
        JsonNode devices = json(gw.signed("ops-1", "GET", "/admin/v1/devices", null)).get("devices");
        assertEquals(keyId, devices.get(0).get("key_id").asText());
        assertTrue(devices.get(0).get("revoked_at").isNull());

        try (Socket stream = new Socket("127.0.0.1", gw.gateway.managementAddress().getPort())) {
            stream.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET /ui/events HTTP/1.1\r\nHost: 127.0.0.1:"
                    + gw.gateway.managementAddress().getPort() + "\r\n");
            device.sign("GET", gw.origin() + "/ui/events", new byte[0])
                    .forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = stream.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stream.getInputStream();
            byte[] head = new byte[12];
            assertEquals(12, in.readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.US_ASCII));

            HttpResponse<String> revoked = gw.signed("ops-1", "POST", "/admin/v1/devices/" + keyId + "/revoke", null);
            assertEquals(200, revoked.statusCode(), revoked.body());
            assertNotNull(json(revoked).get("revoked_at").asText());
            assertTrue(readsToTheEnd(in), "the stream the revoked key opened was closed");
        }
        assertEquals(401, gw.send("POST", "/admin/v1/slots/0/undrain", null,
                device.sign("POST", gw.origin() + "/admin/v1/slots/0/undrain", new byte[0])).statusCode());
        assertEquals("out_of_service", slotState(0));
        assertFalse(json(gw.signed("ops-1", "GET", "/admin/v1/devices", null)).get("devices").get(0).get("revoked_at").isNull());
    }

    private static boolean readsToTheEnd(InputStream in) throws Exception {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // the dashboard's events until the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void registrationEndpointsOverTheWire() throws Exception {
        HttpResponse<String> created = gw.signed("ops-1", "POST", "/admin/v1/devices/registrations",
                "{\"client\": \"alice-phone\", \"ttl\": 300, \"passphrase\": \"open sesame\"}");
        assertEquals(201, created.statusCode());
        String serial = json(created).get("serial").asText();
        assertEquals("https://gw.test:8443/admin/v1/devices/finalize", json(created).get("finalize_url").asText());
        assertFalse(created.body().contains("open sesame"));
        HttpResponse<String> listed = gw.signed("ops-1", "GET", "/admin/v1/devices/registrations", null);
        assertEquals(serial, json(listed).get("registrations").get(0).get("serial").asText());
        assertEquals(200, gw.signed("ops-1", "GET", "/admin/v1/devices/registrations/" + serial + "/qr.png", null).statusCode());
        assertEquals(200, gw.signed("ops-1", "DELETE", "/admin/v1/devices/registrations/" + serial, null).statusCode());
        assertEquals(0, json(gw.signed("ops-1", "GET", "/admin/v1/devices/registrations", null)).get("registrations").size());
        assertTrue(audited().stream().anyMatch(l -> l.contains("client=ops slot=- operation=register outcome=ok")),
                audited().toString());
        assertTrue(audited().stream().anyMatch(l -> l.contains("client=ops slot=- operation=cancel_registration outcome=ok")),
                audited().toString());
    }
}
