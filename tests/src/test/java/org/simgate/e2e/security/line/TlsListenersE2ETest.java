package org.simgate.e2e.security.line;

import org.simgate.e2e.security.TestPki;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tls = true on the line and management listeners: TLS with the https certificate, nothing in the clear. */
class TlsListenersE2ETest {
    @TempDir
    Path dir;

    @Test
    void theManagementAndLineListenersSpeakTlsWithTheHttpsCertificate() throws Exception {
        try (AuthGateway gateway = AuthGateway.start(dir, Instant.now(),
                "simgate.line.tls = true\nsimgate.management.tls = true\n")) {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TestPki.clientContext(gateway.serverCertificate(), null))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + gateway.gateway().managementAddress().getPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());

            try (LineConnection line = LineConnection.tls(gateway.gateway().lineAddress(),
                    TestPki.clientContext(gateway.serverCertificate(), null))) {
                assertEquals(">AUTH:OK\n@@\n", line.auth(gateway.authLine("lab-1", AuthGateway.LAB)));
            }
            try (LineConnection plain = LineConnection.to(gateway.gateway().lineAddress())) {
                plain.send(gateway.authLine("lab-1", AuthGateway.LAB) + "\n");
                assertThrows(java.io.IOException.class, plain::answer, "no answer in the clear");
            }
        }
    }
}
