package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each listener's connection budget over real sockets, from 127.0.0.1, .2 and .3 (all loopback on
 * Linux): one address at its limit, then the whole listener; the connection over the limit is
 * closed before anything is read, while established connections, the other REST listener and the
 * management listener's {@code /health} keep answering.
 */
class ConnectionLimitsTest {
    @TempDir
    Path dir;
    private RunningGateway gateway;
    private final List<RawConnection> open = new ArrayList<>();

    private void start() throws IOException {
        gateway = RunningGateway.start(dir, "simgate.rest { max-connections = 12, max-connections-per-address = 6, "
                + "request-read-timeout = 60s }\n" + RunningGateway.slots(TestCard.SET_1.inSlot(0, "", "")));
    }

    @AfterEach
    void stop() throws IOException {
        for (RawConnection connection : open) {
            connection.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private RawConnection connect(String from) throws IOException {
        RawConnection connection = RawConnection.from(InetAddress.getByName(from), gateway.httpAddress());
        open.add(connection);
        return connection;
    }

    private static int health(RawConnection connection) throws IOException {
        return connection.write(RawConnection.get("/health")).read().status();
    }

    /** An established keep-alive connection: it has had its answer. */
    private RawConnection established(String from) throws IOException {
        RawConnection connection = connect(from);
        assertEquals(200, health(connection));
        return connection;
    }

    /** True when the listener closed this connection unread: a request on it gets no answer at all. */
    private static boolean closedUnread(RawConnection connection) throws IOException {
        try {
            connection.write(RawConnection.get("/health"));
        } catch (SocketException closed) {
            return true;
        }
        return connection.readUntilClosed().isEmpty();
    }

    private double refusals(String listener, String reason) {
        Matcher m = Pattern.compile("^simgate_listener_refusals_total\\{listener=\"" + listener + "\",reason=\""
                + reason + "\"\\} (\\S+)$", Pattern.MULTILINE).matcher(gateway.gateway().scrapeMetrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private void assertTheRestStillAnswers() throws IOException {
        try (RawConnection management = RawConnection.to(gateway.gateway().managementAddress())) {
            assertEquals(200, health(management), "/health on the management listener");
        }
        try (RawConnection https = gateway.connectHttps()) {
            assertEquals(200, health(https), "the HTTPS listener has its own budget");
        }
    }

    @Test
    void oneAddressAtItsLimitIsRefusedTheNextWhileEverythingElseAnswers() throws Exception {
        start();
        List<RawConnection> established = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            established.add(established("127.0.0.1"));
        }
        assertTrue(closedUnread(connect("127.0.0.1")), "the 7th connection from 127.0.0.1");
        assertEquals(1, refusals("http", "address_full"));

        assertEquals(200, health(connect("127.0.0.2")), "another address still gets in");
        assertTheRestStillAnswers();
        for (RawConnection connection : established) {
            assertEquals(200, health(connection), "established connections keep being served");
        }
    }

    @Test
    void aFullListenerRefusesTheNextWhileEverythingElseAnswersAndAClosedOneMakesRoom() throws Exception {
        start();
        List<RawConnection> established = new ArrayList<>();
        for (String from : List.of("127.0.0.1", "127.0.0.2")) {
            for (int i = 0; i < 6; i++) {
                established.add(established(from));
            }
        }
        assertTrue(closedUnread(connect("127.0.0.3")), "the 13th connection");
        assertEquals(1, refusals("http", "listener_full"));
        assertTheRestStillAnswers();
        for (RawConnection connection : established) {
            assertEquals(200, health(connection));
        }

        established.get(0).close();
        long deadline = System.nanoTime() + 30_000_000_000L;
        boolean admitted = false;
        while (!admitted && System.nanoTime() < deadline) {
            RawConnection next = connect("127.0.0.3");
            try {
                admitted = health(next) == 200;
            } catch (IOException refusedStill) {
                Thread.sleep(50); // the close is counted when the gateway has seen it
            }
        }
        assertTrue(admitted, "a closed connection makes room");
    }

    /** The default budgets let 256 keep-alive connections from one address in (scripts/bench-rest's 256). */
    @Test
    void theDefaultsTake256ConnectionsFromOneAddress() throws Exception {
        gateway = RunningGateway.start(dir, RunningGateway.slots(TestCard.SET_1.inSlot(0, "", "")));
        for (int i = 0; i < 256; i++) {
            established("127.0.0.1");
        }
        assertTrue(closedUnread(connect("127.0.0.1")), "the 257th");
        assertEquals(200, health(connect("127.0.0.2")));
    }
}
