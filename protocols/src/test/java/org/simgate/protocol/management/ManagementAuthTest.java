package org.simgate.protocol.management;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.Challenge;
import org.simgate.security.Security;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.security.signature.RequestSigner;

/**
 * The management listener with authentication on: who gets in, who is refused, and the device
 * registration routes, on an EmbeddedChannel. Requests are sent to Host {@code mgmt.test}.
 */
class ManagementAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "mgmt.test";
    private static final String KEYS = """
            groups {
              ops { client = ops, keys = [ { id = ops-1, secret = "hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" } ] }
              lab { client = lab, keys = [ { id = lab-1, secret = "hex:202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" } ] }
              one { client = one, keys = [ { id = one-1, secret = "hex:404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f" } ] }
            }
            """;

    @TempDir
    Path dir;

    private final ManagementHandlerTest.FakeAdmin admin = new ManagementHandlerTest.FakeAdmin();
    private Security security;
    private DeviceRegistry registry;
    private EmbeddedChannel channel;

    private record Answer(int status, Map<String, String> headers, byte[] body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void start() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.conf"), KEYS);
        AuthConfig config = AuthConfig.fromRoot(ConfigFactory.parseString("""
                simgate.auth {
                  required = true
                  keys-file = "%s"
                  clients {
                    ops { slots = "*", operations = [admin] }
                    lab { slots = [0, 1], operations = [aka, info] }
                    one { slots = [1], operations = [admin] }
                  }
                }
                """.formatted(keys)));
        registry = DeviceRegistry.open(dir.resolve("devices"), URI.create("https://gw.test:8443"), Clock.systemUTC());
        security = Security.start(config, registry, Clock.systemUTC(), name -> null);
        channel = new EmbeddedChannel(new ManagementHandler(admin, () -> "up 1\n", new DashboardStream(admin),
                new AdminGuard(security), new DeviceEndpoints(registry, Runnable::run), new ConnectionsByKey(), Runnable::run));
    }

    @AfterEach
    void stop() {
        security.close();
        channel.finishAndReleaseAll();
    }

    private static FullHttpRequest request(HttpMethod method, String uri, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set("Host", HOST);
        if (body != null) {
            request.headers().set("Content-Type", "application/json").setInt("Content-Length", body.length());
        }
        return request;
    }

    private FullHttpRequest signed(String keyId, HttpMethod method, String uri, String body) {
        FullHttpRequest request = request(method, uri, body);
        SharedKey key = security.sharedKeys().find(keyId).orElseThrow();
        RequestSigner.hmac(key, Clock.systemUTC())
                .sign(method.name(), "http://" + HOST + uri, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8))
                .forEach((name, value) -> request.headers().set(name, value));
        return request;
    }

    private Answer send(FullHttpRequest request) throws InterruptedException {
        channel.writeInbound(request);
        for (int i = 0; i < 500; i++) {
            channel.runPendingTasks();
            FullHttpResponse response = channel.readOutbound();
            if (response != null) {
                try {
                    Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    response.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
                    return new Answer(response.status().code(), headers, ByteBufUtil.getBytes(response.content()));
                } finally {
                    response.release();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no answer to " + request.uri());
    }

    @Test
    void anUnsignedAdminRequestIs401WithTheChallenge() throws Exception {
        for (String uri : List.of("/admin/v1/slots", "/admin/v1/slots/0", "/metrics", "/ui/", "/ui/app.js",
                "/admin/v1/devices")) {
            Answer answer = send(request(HttpMethod.GET, uri, null));
            assertEquals(401, answer.status(), uri);
            assertEquals(Challenge.WWW_AUTHENTICATE, answer.headers().get("WWW-Authenticate"), uri);
        }
        assertEquals(401, send(request(HttpMethod.POST, "/admin/v1/slots/0/drain", null)).status());
        assertEquals(List.of(), admin.calls);
    }

    @Test
    void probesStayOpen() throws Exception {
        assertEquals(200, send(request(HttpMethod.GET, "/health", null)).status());
        assertEquals(200, send(request(HttpMethod.GET, "/ready", null)).status());
    }

    @Test
    void aClientAllowedAdminIsServed() throws Exception {
        assertEquals(2, send(signed("ops-1", HttpMethod.GET, "/admin/v1/slots", null)).json().get("slots").size());
        assertEquals("up 1\n", send(signed("ops-1", HttpMethod.GET, "/metrics", null)).text());
        assertEquals(200, send(signed("ops-1", HttpMethod.GET, "/ui/", null)).status());
        Answer drained = send(signed("ops-1", HttpMethod.POST, "/admin/v1/slots/0/drain", null));
        assertEquals("out_of_service", drained.json().get("state").asText());
        assertEquals(List.of("drain 0"), admin.calls);
    }

    @Test
    void aClientWithoutAdminIs403AndNothingHappens() throws Exception {
        assertEquals(403, send(signed("lab-1", HttpMethod.POST, "/admin/v1/slots/0/drain", null)).status());
        assertEquals(403, send(signed("lab-1", HttpMethod.GET, "/admin/v1/slots", null)).status());
        assertEquals(List.of(), admin.calls);
    }

    @Test
    void adminOnOneSlotActsOnThatSlotOnly() throws Exception {
        assertEquals(200, send(signed("one-1", HttpMethod.POST, "/admin/v1/slots/1/drain", null)).status());
        assertEquals(403, send(signed("one-1", HttpMethod.POST, "/admin/v1/slots/0/drain", null)).status());
        assertEquals(List.of("drain 1"), admin.calls);
    }

    @Test
    void aSignatureForAnotherRequestIsRefused() throws Exception {
        FullHttpRequest elsewhere = signed("ops-1", HttpMethod.POST, "/admin/v1/slots/1/drain", null);
        elsewhere.setUri("/admin/v1/slots/0/drain");
        assertEquals(401, send(elsewhere).status());
        FullHttpRequest replayed = signed("ops-1", HttpMethod.GET, "/admin/v1/slots", null);
        assertEquals(200, send(replayed.copy()).status());
        assertEquals(401, send(replayed).status());
        assertEquals(List.of(), admin.calls);
    }

    @Test
    void aRequestFromAnotherSiteIsRefusedBeforeAnythingElse() throws Exception {
        FullHttpRequest crossSite = signed("ops-1", HttpMethod.POST, "/admin/v1/slots/0/drain", null);
        crossSite.headers().set("Origin", "https://evil.example");
        assertEquals(403, send(crossSite).status());
        FullHttpRequest sameSite = signed("ops-1", HttpMethod.POST, "/admin/v1/slots/0/drain", null);
        sameSite.headers().set("Origin", "http://" + HOST);
        assertEquals(200, send(sameSite).status());
        assertEquals(List.of("drain 0"), admin.calls);
    }

    @Test
    void registrationCreateShowQrListCancel() throws Exception {
        Answer created = send(signed("ops-1", HttpMethod.POST, "/admin/v1/devices/registrations",
                "{\"client\": \"alice-phone\", \"ttl\": 120}"));
        assertEquals(201, created.status(), created.text());
        JsonNode registration = created.json();
        String serial = registration.get("serial").asText();
        assertEquals("alice-phone", registration.get("client").asText());
        assertEquals(120, registration.get("ttl").asInt());
        assertEquals("dev-" + serial, registration.get("key_id").asText());
        assertEquals("https://gw.test:8443/admin/v1/devices/finalize", registration.get("finalize_url").asText());
        assertTrue(registration.get("enrollment_url").asText().startsWith("simgate-enroll://register?serial=" + serial));
        assertEquals("/admin/v1/devices/registrations/" + serial, created.headers().get("Location"));

        Answer qr = send(signed("ops-1", HttpMethod.GET, "/admin/v1/devices/registrations/" + serial + "/qr.png", null));
        assertEquals("image/png", qr.headers().get("Content-Type"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(qr.body(), 4));

        JsonNode pending = send(signed("ops-1", HttpMethod.GET, "/admin/v1/devices/registrations", null)).json();
        assertEquals(serial, pending.get("registrations").get(0).get("serial").asText());
        assertEquals(serial, send(signed("ops-1", HttpMethod.GET, "/admin/v1/devices/registrations/" + serial, null))
                .json().get("serial").asText());

        assertEquals(200, send(signed("ops-1", HttpMethod.DELETE, "/admin/v1/devices/registrations/" + serial, null)).status());
        assertEquals(404, send(signed("ops-1", HttpMethod.DELETE, "/admin/v1/devices/registrations/" + serial, null)).status());
        assertEquals(404, send(signed("ops-1", HttpMethod.GET, "/admin/v1/devices/registrations/" + serial + "/qr.png", null))
                .status());
        assertEquals(0, registry.pending().size());
    }

    @Test
    void aRegistrationWithAPassphraseSaysSoAndNeverShowsIt() throws Exception {
        Answer created = send(signed("ops-1", HttpMethod.POST, "/admin/v1/devices/registrations",
                "{\"client\": \"edge-7\", \"passphrase\": \"correct horse\"}"));
        assertEquals(201, created.status());
        assertTrue(created.json().get("passphrase").asBoolean());
        assertEquals(600, created.json().get("ttl").asInt());
        assertTrue(!created.text().contains("correct horse"));
    }

    @Test
    void aBadRegistrationIs400NamingTheField() throws Exception {
        Answer noClient = send(signed("ops-1", HttpMethod.POST, "/admin/v1/devices/registrations", "{\"ttl\": 60}"));
        assertEquals(400, noClient.status());
        assertTrue(noClient.json().get("error").get("message").asText().startsWith("client"));
        Answer badName = send(signed("ops-1", HttpMethod.POST, "/admin/v1/devices/registrations",
                "{\"client\": \"no spaces|here\"}"));
        assertEquals(400, badName.status());
        assertTrue(!badName.text().contains("no spaces"));
        assertEquals(400, send(signed("ops-1", HttpMethod.POST, "/admin/v1/devices/registrations",
                "{\"client\": \"a\", \"ttl\": 999999}")).status());
        assertEquals(400, send(signed("ops-1", HttpMethod.POST, "/admin/v1/devices/registrations", "not json")).status());
        assertEquals(0, registry.pending().size());
    }

    @Test
    void aTamperedRegistrationBodyIsRefused() throws Exception {
        FullHttpRequest request = signed("ops-1", HttpMethod.POST, "/admin/v1/devices/registrations",
                "{\"client\": \"alice-phone\"}");
        request.content().clear().writeBytes("{\"client\": \"mallory-pc\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, send(request).status());
        assertEquals(0, registry.pending().size());
    }

    @Test
    void devicesListAndRevoke() throws Exception {
        assertEquals(0, send(signed("ops-1", HttpMethod.GET, "/admin/v1/devices", null)).json().get("devices").size());
        assertEquals(404, send(signed("ops-1", HttpMethod.POST, "/admin/v1/devices/dev-SGDEV00000000/revoke", null)).status());
        assertEquals(404, send(signed("ops-1", HttpMethod.DELETE, "/admin/v1/devices/dev-SGDEV00000000", null)).status());
        assertEquals(405, send(signed("ops-1", HttpMethod.GET, "/admin/v1/devices/dev-SGDEV00000000/revoke", null)).status());
        assertEquals(404, send(signed("ops-1", HttpMethod.GET, "/admin/v1/devices/someone", null)).status());
    }

    @Test
    void withoutAuthenticationTheDeviceRoutesAre404() throws Exception {
        EmbeddedChannel off = new EmbeddedChannel(new ManagementHandler(admin, null));
        off.writeInbound(request(HttpMethod.GET, "/admin/v1/devices", null));
        off.runPendingTasks();
        FullHttpResponse response = off.readOutbound();
        assertNotNull(response);
        assertEquals(404, response.status().code());
        assertTrue(response.content().toString(StandardCharsets.UTF_8).contains("simgate.auth.required"));
        response.release();
    }

    @Test
    void withoutAuthenticationARequestFromAnotherSiteIsStillRefused() throws Exception {
        EmbeddedChannel off = new EmbeddedChannel(new ManagementHandler(admin, null));
        for (String origin : List.of("https://evil.example", "null", "http://mgmt.test:8081", "https://" + HOST)) {
            FullHttpRequest crossSite = request(HttpMethod.POST, "/admin/v1/slots/0/drain", null);
            crossSite.headers().set("Origin", origin);
            off.writeInbound(crossSite);
            FullHttpResponse refused = off.readOutbound();
            assertEquals(403, refused.status().code(), origin);
            refused.release();
        }
        assertEquals(List.of(), admin.calls);
        for (String origin : List.of("http://mgmt.test", "HTTP://MGMT.TEST:80", "http://mgmt.test/")) {
            FullHttpRequest sameSite = request(HttpMethod.POST, "/admin/v1/slots/0/undrain", null);
            sameSite.headers().set("Origin", origin);
            off.writeInbound(sameSite);
            FullHttpResponse served = off.readOutbound();
            assertEquals(200, served.status().code(), origin);
            served.release();
        }
        FullHttpRequest curl = request(HttpMethod.POST, "/admin/v1/slots/0/drain", null);
        off.writeInbound(curl);
        FullHttpResponse served = off.readOutbound();
        assertEquals(200, served.status().code());
        served.release();
        assertEquals(List.of("undrain 0", "undrain 0", "undrain 0", "drain 0"), admin.calls);
    }
}
