package org.simgate.e2e.security.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.gateway.Gateway;

/**
 * DNS rebinding over real sockets: a web page renames its host to 127.0.0.1 and the browser connects
 * to simgate's loopback listeners, still naming the page's host in Host. Each HTTP listener answers
 * 421 to that, and serves loopback names, allowed-hosts and the public URL's host.
 */
@Timeout(30)
class DnsRebindingTest {
    private static final String REFUSAL = "{\"error\":{\"message\":\"this listener does not serve the host named in "
            + "the Host header; allow it with %s.allowed-hosts\"}}";

    @TempDir
    Path dir;
    Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static void refused(String answer, String listener) {
        assertTrue(answer.startsWith("HTTP/1.1 421 Misdirected Request\r\n"), answer);
        assertTrue(answer.endsWith(REFUSAL.formatted(listener)), answer);
    }

    private static void served(String answer) {
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
    }

    @Test
    void theHttpListenerAnswersLoopbackNamesOnly() throws Exception {
        gateway = HostGateway.start(dir, "");
        InetSocketAddress http = gateway.httpAddress();
        refused(HostGateway.get(http, false, "/sim-info-api/v1/slot/0", "attacker.example:" + http.getPort()), "simgate.http");
        served(HostGateway.get(http, false, "/sim-info-api/v1/slot/0", "localhost:" + http.getPort()));
        served(HostGateway.get(http, false, "/sim-info-api/v1/slot/0", "127.0.0.1:" + http.getPort()));
    }

    @Test
    void theHttpsListenerAnswersLoopbackNamesOnly() throws Exception {
        gateway = HostGateway.start(dir, "");
        InetSocketAddress https = gateway.httpsAddress();
        refused(HostGateway.get(https, true, "/health", "attacker.example:" + https.getPort()), "simgate.https");
        served(HostGateway.get(https, true, "/health", "[::1]:" + https.getPort()));
    }

    @Test
    void theManagementListenerAndItsDashboardAnswerLoopbackNamesOnly() throws Exception {
        gateway = HostGateway.start(dir, "");
        InetSocketAddress management = gateway.managementAddress();
        refused(HostGateway.get(management, false, "/ui/", "attacker.example:" + management.getPort()),
                "simgate.management");
        refused(HostGateway.get(management, false, "/admin/v1/slots", "attacker.example"), "simgate.management");
        served(HostGateway.get(management, false, "/ui/", "localhost:" + management.getPort()));
    }

    @Test
    void allowedHostsAreServedOnTheirListenerOnly() throws Exception {
        gateway = HostGateway.start(dir, "simgate { http.allowed-hosts = [\"gw.example\", \"*.lab.example\"],"
                + " management.allowed-hosts = [\"ops.example\"] }");
        served(HostGateway.get(gateway.httpAddress(), false, "/health", "gw.example:8000"));
        served(HostGateway.get(gateway.httpAddress(), false, "/health", "a.lab.example"));
        refused(HostGateway.get(gateway.httpsAddress(), true, "/health", "gw.example"), "simgate.https");
        served(HostGateway.get(gateway.managementAddress(), false, "/health", "ops.example"));
        refused(HostGateway.get(gateway.managementAddress(), false, "/health", "gw.example"), "simgate.management");
    }

    /** Devices finalize at the public URL, on either REST listener (a proxy may forward to either). */
    @Test
    void thePublicUrlsHostIsServedOnTheRestListeners() throws Exception {
        gateway = HostGateway.start(dir, "simgate.auth { required = true, public-url = \"https://gw.test:8443\","
                + " devices-dir = \"" + dir.resolve("devices") + "\" }");
        served(HostGateway.get(gateway.httpsAddress(), true, "/health", "gw.test:8443"));
        served(HostGateway.get(gateway.httpAddress(), false, "/health", "gw.test"));
        refused(HostGateway.get(gateway.managementAddress(), false, "/health", "gw.test"), "simgate.management");
    }

    /** Beyond loopback simgate answers whatever name clients know it by, unless allowed-hosts says which. */
    @Test
    void aListenerBeyondLoopbackAnswersAnyHostUnlessHostsAreListed() throws Exception {
        gateway = HostGateway.start(dir, "simgate { auth.required = false, http.bind = \"0.0.0.0\","
                + " https { bind = \"0.0.0.0\", allowed-hosts = [\"gw.example\"] } }");
        InetSocketAddress http = new InetSocketAddress("127.0.0.1", gateway.httpAddress().getPort());
        InetSocketAddress https = new InetSocketAddress("127.0.0.1", gateway.httpsAddress().getPort());
        served(HostGateway.get(http, false, "/health", "anything.example"));
        served(HostGateway.get(https, true, "/health", "gw.example"));
        refused(HostGateway.get(https, true, "/health", "localhost"), "simgate.https");
    }

    @Test
    void theOneRefusalKeepsTheConnectionsEarlierAnswerFirst() throws Exception {
        gateway = HostGateway.start(dir, "");
        InetSocketAddress http = gateway.httpAddress();
        try (java.net.Socket socket = new java.net.Socket(http.getHostString(), http.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /sim-info-api/v1/slot/0 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /sim-info-api/v1/slot/0 HTTP/1.1\r\nHost: attacker.example\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answers = HostGateway.readAll(socket.getInputStream());
            assertTrue(answers.startsWith("HTTP/1.1 200 OK"), answers);
            assertTrue(answers.contains("\"imsi\":\"001010000000001\""), answers);
            assertEquals(2, answers.split("HTTP/1.1 ").length - 1, "the request after the refusal is not read: " + answers);
            refused(answers.substring(answers.indexOf("HTTP/1.1 421")), "simgate.http");
        }
    }
}
