package org.simgate.e2e.security.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.security.RawHttp;
import org.simgate.security.MutableClock;

/**
 * A request whose header fields do not parse is answered 400 on the management listener, as on
 * the REST listeners, and the connection closed (issue 18): before, Netty's stand-in for it kept
 * the request line, and {@code GET /health} with a broken header was served 200.
 */
class MalformedManagementRequestE2ETest {
    @TempDir
    Path dir;
    private AdminGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = AdminGateway.start(dir, new MutableClock(Instant.now()));
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void aBrokenHeaderIs400AndClosesTheConnection() throws Exception {
        String host = "127.0.0.1:" + gw.gateway.managementAddress().getPort();
        for (List<String> broken : List.of(List.of("Bad Name: 1"), List.of("X-Long: " + "a".repeat(9000)))) {
            try (RawHttp connection = RawHttp.to(gw.gateway.managementAddress())) {
                RawHttp.Response answer = connection.exchange(RawHttp.request("GET", "/health", host, broken, null));
                assertEquals(400, answer.status(), answer.body());
                assertTrue(answer.body().contains("malformed HTTP request"), answer.body());
                assertTrue(connection.closedByServer());
            }
        }
        try (RawHttp connection = RawHttp.to(gw.gateway.managementAddress())) {
            assertEquals(200, connection.exchange(RawHttp.request("GET", "/health", host, List.of(), null)).status());
        }
    }
}
