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

    /** A browser with a client certificate reaches the dashboard and admin API; without one it must sign. */
    @Test
    void aClientCertificateOfAnAdminOpensTheManagementListenerWithoutASignature() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        try (AuthGateway gateway = AuthGateway.start(dir, Instant.now(), "simgate.management.tls = true\n"
                + "simgate.auth.client-ca = " + com.typesafe.config.ConfigUtil.quoteString(pki.caPem().toString()) + "\n"
                + "simgate.auth.clients.operator { slots = \"*\", operations = [admin] }\n")) {
            String base = "https://127.0.0.1:" + gateway.gateway().managementAddress().getPort();
            HttpClient operator = HttpClient.newBuilder()
                    .sslContext(TestPki.clientContext(gateway.serverCertificate(), pki.client("operator")))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpClient labClient = HttpClient.newBuilder()
                    .sslContext(TestPki.clientContext(gateway.serverCertificate(), pki.client("lab-a")))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpClient anonymous = HttpClient.newBuilder()
                    .sslContext(TestPki.clientContext(gateway.serverCertificate(), null))
                    .connectTimeout(Duration.ofSeconds(5)).build();

            assertEquals(200, status(operator, base + "/admin/v1/slots"));
            assertEquals(200, status(operator, base + "/ui/"));
            assertEquals(403, status(labClient, base + "/admin/v1/slots"), "a client without admin");
            assertEquals(401, status(anonymous, base + "/admin/v1/slots"), "no certificate, no signature");
            assertEquals(200, status(anonymous, base + "/health"));
        }
    }

    private static int status(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
