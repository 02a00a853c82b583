package org.simgate.e2e.security.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;
import org.simgate.gateway.Gateway;
import org.simgate.transport.Hex;

/**
 * Cross-protocol requests: a web page makes the browser POST to the line port with a line request
 * in the body. The connection is closed at the request line and the card never sees the AUTH: the
 * same challenge, sent afterwards by a real line client, is still fresh (a card that had answered it
 * would refuse it as a replay, with AUTS).
 */
@Timeout(30)
class LinePortHttpTest {
    private static final byte[] K = Hex.decode("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static final byte[] OPC = Hex.decode("cd63cb71954a9f4e48a5994e37a02baf");

    @TempDir
    Path dir;
    Gateway gateway;
    InetSocketAddress line;
    String request;
    AuthenticationVector vector;

    @BeforeEach
    void start() throws IOException {
        gateway = HostGateway.start(dir, "");
        line = gateway.lineAddress();
        byte[] rand = new byte[16];
        new SecureRandom().nextBytes(rand);
        vector = new AuthenticationCentre(Milenage.withOpc(K, OPC)).generate(rand, 1L << 5, new byte[2]);
        request = ">simgate slot 0|\n>1:AUTH:" + Hex.upper(vector.rand()) + ":" + Hex.upper(vector.autn()) + "|\n\n";
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aRealHttpClientsPostIsClosedAndItsBodyNeverReachesTheCard() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + line.getPort() + "/"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build();
        assertThrows(IOException.class, () -> client.send(post, HttpResponse.BodyHandlers.ofString()));

        theChallengeIsStillFresh();
    }

    /** As a browser sends it: request line, headers, the body; the server answers nothing and closes. */
    @Test
    void aBrowsersPostGetsNoAnswerAndTheCardNothing() throws Exception {
        try (Socket socket = new Socket(line.getHostString(), line.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            byte[] body = request.getBytes(StandardCharsets.US_ASCII);
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + line.getPort() + "\r\nContent-Type: text/plain\r\n"
                    + "Origin: http://attacker.example\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertEquals("", HostGateway.readAll(socket.getInputStream()), "closed without an answer");
        }
        theChallengeIsStillFresh();
    }

    private void theChallengeIsStillFresh() throws Exception {
        try (Socket socket = new Socket(line.getHostString(), line.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            String answer = HostGateway.readAll(socket.getInputStream());
            assertTrue(answer.startsWith(">1:" + Hex.upper(vector.xres()) + ":"), answer);
        }
    }
}
