package org.simgate.e2e.security.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.Http;
import org.simgate.security.keys.SharedKey;
import org.simgate.security.line.AuthLineSigner;

/**
 * One key holder can no longer lock every client out through the nonce cache (issue 18, item 2),
 * over real sockets on the HTTP and line listeners. The gateway keeps 50 nonces for five keys
 * (lab-1, lab-0 expired but not revoked, reader-1, ci-1, and stranger-1 of a client with no
 * rights at all): each key's share is 10.
 */
class NonceSharesE2ETest {
    private static final int CACHE = 50;
    private static final int SHARE = 10;

    @TempDir
    static Path dir;
    static SecuredGateway gateway;
    static SignedHttp http;
    static final SharedKey STRANGER = SecuredGateway.key("stranger-1", "strangers", "stranger", 9, null);

    @BeforeAll
    static void start() throws Exception {
        gateway = SecuredGateway.start(dir, "nonce-cache-size = " + CACHE);
        gateway.writeKeys(SecuredGateway.group("lab", "lab-a", gateway.expired, gateway.lab)
                + SecuredGateway.group("reader", "reader", gateway.reader) + SecuredGateway.group("ci", "ci", gateway.ci)
                + SecuredGateway.group("strangers", "stranger", STRANGER));
        http = gateway.client();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (http.get(gateway.signer(STRANGER), info(0)).status() != 403) { // 401 until the key file is read again
            assertTrue(System.nanoTime() < deadline, "the gateway never read the new key file");
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static URI info(int slot) {
        return gateway.uri("http", "/sim-info-api/v1/slot/" + slot);
    }

    /** The line protocol's answer to one AUTH line, up to its {@code @@}. */
    private static String lineAuth(SharedKey key) throws IOException {
        InetSocketAddress line = gateway.gateway().lineAddress();
        try (Socket socket = new Socket(line.getAddress(), line.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write((AuthLineSigner.hmac(key, gateway.clock).line() + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int b;
            while (!answer.toString(StandardCharsets.US_ASCII).endsWith("@@\n") && (b = in.read()) >= 0) {
                answer.write(b);
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aClientWithNoRightsStoresNoNonceSoOthersAreNeverLockedOut() throws Exception {
        for (int i = 0; i < 3 * CACHE; i++) {
            Http.Response refused = http.get(gateway.signer(STRANGER), info(i % 2));
            assertEquals(403, refused.status(), "request " + i + ": " + refused.body());
        }
        assertEquals(">ERR:C086:this client may use no reader here\n@@\n", lineAuth(STRANGER));

        Http.Response served = http.get(gateway.signer(gateway.lab), info(0));
        assertEquals(200, served.status(), served.body());
        assertEquals(">AUTH:OK\n@@\n", lineAuth(gateway.lab));
    }

    @Test
    void aKeyOverItsShareIsRefused429WithRetryAfterAndTheOthersGoOn() throws Exception {
        Instant start = gateway.clock.instant();
        for (int i = 0; i < SHARE; i++) {
            Http.Response served = http.get(gateway.signer(gateway.reader), info(1));
            assertEquals(200, served.status(), "request " + i + ": " + served.body());
        }
        Http.Response refused = http.get(gateway.signer(gateway.reader), info(1));
        assertEquals(429, refused.status(), refused.body());
        // its oldest nonce was created now and stays a window (300 s) long
        assertEquals("301", refused.header("Retry-After"));
        assertTrue(refused.body().contains("nonce cache"), refused.body());
        assertEquals(">ERR:C087:301\n@@\n", lineAuth(gateway.reader), "the line protocol's rate-limited code");

        assertEquals(200, http.get(gateway.signer(gateway.lab), info(0)).status(), "another key is not held up");
        assertEquals(">AUTH:OK\n@@\n", lineAuth(gateway.lab));

        gateway.clock.set(start.plusSeconds(301));
        assertEquals(200, http.get(gateway.signer(gateway.reader), info(1)).status(), "once they left the window");
    }
}
