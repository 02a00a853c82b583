package org.simgate.protocol.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.protocol.rest.EmbeddedRest.get;
import static org.simgate.protocol.rest.EmbeddedRest.post;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.service.AuthResult;

/** The pipeline over real TCP, plain and TLS. */
class SocketTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final FakeSimService service = new FakeSimService();

    @Test
    void pipelinedAnswersKeepOrderWhenSlotsFinishOutOfOrder() throws Exception {
        service.hold = true;
        try (TestServer server = new TestServer(service, RestSettings.DEFAULTS, null);
             RawHttpClient client = new RawHttpClient(new Socket("127.0.0.1", server.port()))) {
            client.send(post("/sim-auth-api/v1/slot/0", SimAuthApiTest.BODY)
                    + post("/sim-auth-api/v1/slot/1", SimAuthApiTest.BODY)
                    + get("/health"));
            awaitHeld(2);
            CompletableFuture<AuthResult> slot0 = service.nextHeld();
            CompletableFuture<AuthResult> slot1 = service.nextHeld();

            // Each slot finishes on its own thread, slot 1 well before slot 0.
            Thread fast = new Thread(() -> slot1.complete(new AuthResult.SyncFailure(FakeSimService.AUTS)), "slot-1");
            fast.start();
            fast.join();
            Thread.sleep(100);
            Thread slow = new Thread(() -> slot0.complete(service.authResult), "slot-0");
            slow.start();

            RawHttpClient.Response first = client.read();
            RawHttpClient.Response second = client.read();
            RawHttpClient.Response third = client.read();
            assertTrue(first.body().startsWith("{\"successful_3g_authentication\""), first.body());
            assertTrue(second.body().startsWith("{\"synchronisation_failure\""), second.body());
            assertEquals("{\"status\":\"ok\"}", third.body());

            // The connection stays usable.
            service.hold = false;
            client.send(get("/sim-info-api/v1/slot/0"));
            assertEquals(200, client.read().status());
        }
    }

    @Test
    void httpsServesTheUsimHttpsApi(@TempDir Path dir) throws Exception {
        SslContext serverContext = SslContextBuilder.forServer(keyManagers(dir)).build();
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);

        try (TestServer server = new TestServer(service, RestSettings.DEFAULTS, serverContext);
             SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", server.port());
             RawHttpClient client = new RawHttpClient(socket)) {
            socket.startHandshake();

            RawHttpClient.Response imsi = client.send(get("/?type=imsi")).read();
            assertEquals("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 30\r\n\r\n", imsi.head());
            assertEquals("{\n\t\"imsi\": \"001010123456063\"\n}", imsi.body());

            RawHttpClient.Response auth = client.send(get("/?type=rand-autn&rand=" + UsimHttpsApiTest.RAND
                    + "&autn=" + UsimHttpsApiTest.AUTN)).read();
            assertEquals("{\n\t\"res\": \"A54211D5E3BA50BF\",\n\t\"ck\": \"B40BA9A3C58B2A05BBF0D987B21BF8CB\","
                    + "\n\t\"ik\": \"F769BCD751044604127672711C6D3441\"\n}", auth.body());
        }
    }

    @Test
    void aSlowClientIsClosedAfterTheIdleTimeout() throws Exception {
        RestSettings settings = new RestSettings(8192, Duration.ofMillis(300), 64);
        try (TestServer server = new TestServer(service, settings, null);
             RawHttpClient client = new RawHttpClient(new Socket("127.0.0.1", server.port()))) {
            client.send("POST /sim-auth-api/v1/slot/0 HTTP/1.1\r\nHost: x\r\nContent-Le");
            long start = System.nanoTime();

            int received = client.readToEnd();

            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(0, received, "closed without an answer");
            assertTrue(waited >= 250 && waited < 5000, "closed after " + waited + " ms");
        }
    }

    @Test
    void aHalfClosedClientGetsTheAnswerThenEof() throws Exception {
        service.hold = true;
        try (TestServer server = new TestServer(service, RestSettings.DEFAULTS, null);
             Socket socket = new Socket("127.0.0.1", server.port());
             RawHttpClient client = new RawHttpClient(socket)) {
            client.send(post("/sim-auth-api/v1/slot/1", SimAuthApiTest.BODY));
            socket.shutdownOutput();
            awaitHeld(1);
            Thread.sleep(50);
            CompletableFuture<AuthResult> future = service.nextHeld();
            new Thread(() -> future.complete(service.authResult), "slot-1").start();

            RawHttpClient.Response response = client.read();

            assertEquals(200, response.status());
            assertTrue(response.head().contains("connection: close"), response.head());
            assertEquals(0, client.readToEnd());
        }
    }

    @Test
    void garbageOverTcpIs400ThenClose() throws Exception {
        try (TestServer server = new TestServer(service, RestSettings.DEFAULTS, null);
             RawHttpClient client = new RawHttpClient(new Socket("127.0.0.1", server.port()))) {
            RawHttpClient.Response response = client.send("\u0000\u0001garbage that is not http\r\n\r\n").read();

            assertEquals(400, response.status());
            assertTrue(response.head().contains("connection: close"), response.head());
            assertEquals(0, client.readToEnd());
        }
    }

    private void awaitHeld(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (service.held.size() < count) {
            assertNotEquals(true, System.nanoTime() > deadline, "requests did not reach the service");
            Thread.sleep(5);
        }
    }

    /** A self-signed EC key made by the JDK's keytool: no extra dependency for tests. */
    private static KeyManagerFactory keyManagers(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "simgate", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, keytool.exitValue(), output);
        assertTrue(Files.size(store) > 0);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keyStore.load(in, PASSWORD);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore, PASSWORD);
        return factory;
    }
}
