package org.simgate.protocol.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.protocol.ConnectionsByKey;
import org.simgate.security.Security;
import org.simgate.security.config.AuthConfig;
import org.simgate.security.registration.DeviceEnrollment;
import org.simgate.security.registration.DeviceRegistry;
import org.simgate.security.signature.RequestSigner;

/**
 * A management request signed with a device's P-384 key is verified off the event loop: the
 * connection waits for the verdict with its later requests behind it, answered in order; another
 * connection is served meanwhile; an HMAC-signed request never leaves the loop. Here the "other
 * thread" is a queue the test runs by hand.
 */
class DeviceSignedAdminTest {
    private static final String HOST = "mgmt.test";
    private static final String OPS_SECRET = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @TempDir
    Path dir;

    private final ManagementHandlerTest.FakeAdmin admin = new ManagementHandlerTest.FakeAdmin();
    private final Queue<Runnable> verifications = new ArrayDeque<>();
    private Security security;
    private RequestSigner device;
    private RequestSigner ops;
    private EmbeddedChannel channel;

    @BeforeEach
    void start() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.conf"),
                "groups.ops { client = ops, keys = [ { id = ops-1, secret = \"hex:" + OPS_SECRET + "\" } ] }\n");
        AuthConfig config = AuthConfig.fromRoot(ConfigFactory.parseString("""
                simgate.auth {
                  required = true
                  keys-file = "%s"
                  clients {
                    ops { slots = "*", operations = [admin] }
                    edge { slots = "*", operations = [admin] }
                  }
                }
                """.formatted(keys)));
        DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices"), URI.create("https://gw.test:8443"),
                Clock.systemUTC());
        security = Security.start(config, registry, Clock.systemUTC(), name -> null);
        DeviceEnrollment enrollment = DeviceEnrollment.start(registry.create("edge").enrollmentUrl());
        registry.finalizeRegistration(enrollment.finalizeRequest(null, null, null));
        device = RequestSigner.ecdsa(enrollment.keyId(), (ECPrivateKey) enrollment.privateKey(), Clock.systemUTC());
        ops = RequestSigner.hmac(security.sharedKeys().find("ops-1").orElseThrow(), Clock.systemUTC());
        channel = connection(verifications::add);
    }

    private EmbeddedChannel connection(Executor offLoop) {
        return new EmbeddedChannel(new ManagementHandler(admin, () -> "up 1\n", new DashboardStream(admin),
                new AdminGuard(security), new DeviceEndpoints(null, Runnable::run), new ConnectionsByKey(), offLoop));
    }

    @AfterEach
    void stop() {
        security.close();
        channel.finishAndReleaseAll();
    }

    private static FullHttpRequest get(RequestSigner signer, String path) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path,
                Unpooled.EMPTY_BUFFER);
        request.headers().set("Host", HOST);
        signer.sign("GET", "http://" + HOST + path, new byte[0]).forEach(request.headers()::set);
        return request;
    }

    /** The status of the next answer on {@code on}, or null when none is out. */
    private static Integer answered(EmbeddedChannel on) {
        on.runPendingTasks();
        FullHttpResponse response = on.readOutbound();
        if (response == null) {
            return null;
        }
        try {
            return response.status().code();
        } finally {
            response.release();
        }
    }

    @Test
    void aDeviceSignatureIsVerifiedOffTheLoopAndItsAnswerKeepsItsPlace() {
        channel.writeInbound(get(device, "/admin/v1/slots"));
        channel.writeInbound(get(ops, "/admin/v1/slots/0")); // pipelined behind it
        assertNull(answered(channel), "the device's request waits for its verification");
        assertEquals(1, verifications.size(), "the P-384 signature went to the verification threads");

        EmbeddedChannel other = connection(verifications::add);
        try {
            other.writeInbound(get(ops, "/admin/v1/slots"));
            assertEquals(200, answered(other), "another connection is not held up; its HMAC stays on the loop");
            assertEquals(1, verifications.size());
        } finally {
            other.finishAndReleaseAll();
        }

        verifications.poll().run();
        assertEquals(200, answered(channel), "the device's answer first");
        assertEquals(200, answered(channel), "then the request that waited behind it");
        assertNull(answered(channel));
    }

    @Test
    void aBadDeviceSignatureIs401AfterItsVerification() {
        FullHttpRequest request = get(device, "/admin/v1/slots");
        request.headers().set("Signature", "sig1=:" + "A".repeat(128) + ":");
        channel.writeInbound(request);
        assertNull(answered(channel));
        verifications.poll().run();
        assertEquals(401, answered(channel));
    }

    @Test
    void whenTheVerificationThreadsAreFullTheAnswerIs503() {
        EmbeddedChannel full = connection(task -> {
            throw new RejectedExecutionException("full");
        });
        try {
            full.writeInbound(get(device, "/admin/v1/slots"));
            full.runPendingTasks();
            FullHttpResponse response = full.readOutbound();
            assertEquals(503, response.status().code());
            assertEquals("1", response.headers().get("Retry-After"));
            response.release();
            full.writeInbound(get(ops, "/admin/v1/slots"));
            assertEquals(200, answered(full), "the connection goes on");
        } finally {
            full.finishAndReleaseAll();
        }
        assertTrue(verifications.isEmpty());
    }
}
