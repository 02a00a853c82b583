package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.transport.Hex.lower;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.simgate.aka.AuthenticationVector;

/**
 * On the default config (authentication off, loopback), a web page open in the operator's browser
 * must not reach a card: over real sockets, exactly what a browser sends for a page of
 * https://evil.example (a {@code text/plain} form or {@code no-cors} fetch POST, an {@code <img>}
 * GET) is refused 403 on the HTTP and HTTPS listeners, and the card never hears of it — its SQN
 * state is untouched (the same AUTN still succeeds afterwards) and the slot operation counters do
 * not move. Clients that are not browsers send neither {@code Origin} nor {@code Sec-Fetch-*} and
 * are served.
 */
class CrossSiteBrowserRequestsTest {
    private static final String REFUSAL = "{\"error\":{\"message\":\"refused: the browser marks this request as sent by "
            + "a web page of another site (Origin, Sec-Fetch-Site); web pages may not use the cards. Clients that are "
            + "not browsers send neither header\"}}";
    /** VERIFY PIN1 with a wrong PIN: a page sending it on every view blocks a physical SIM. */
    private static final String WRONG_PIN = "0020000108FFFFFFFFFFFFFFFF";
    private static final String USER_AGENT = "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
            + "Gecko) Chrome/131.0.0.0 Safari/537.36";

    @TempDir
    static Path dir;
    static RunningGateway gateway;
    static final AtomicLong seq = new AtomicLong(1);

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir, RunningGateway.slots(TestCard.SET_1.inSlot(0, "allow-apdu = true", "")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static RawConnection connect(String scheme) throws IOException {
        return scheme.equals("https") ? gateway.connectHttps() : gateway.connectHttp();
    }

    private static InetSocketAddress address(String scheme) {
        return scheme.equals("https") ? gateway.httpsAddress() : gateway.httpAddress();
    }

    /** What Chrome sends for a page of evil.example that POSTs {@code body} as text/plain (a form, a no-cors fetch). */
    private static String crossSitePost(String scheme, String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + address(scheme).getPort() + "\r\n"
                + "Connection: keep-alive\r\nContent-Length: " + body.length() + "\r\n"
                + "Origin: https://evil.example\r\nContent-Type: text/plain;charset=UTF-8\r\n" + USER_AGENT + "\r\n"
                + "Accept: */*\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\nSec-Fetch-Dest: empty\r\n"
                + "Referer: https://evil.example/\r\nAccept-Language: en-US,en;q=0.9\r\n\r\n" + body;
    }

    /** What Chrome sends for {@code <img src="http://127.0.0.1:8000/…">} on a page of evil.example: no Origin. */
    private static String crossSiteImage(String scheme, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + address(scheme).getPort() + "\r\n"
                + "Connection: keep-alive\r\n" + USER_AGENT + "\r\n"
                + "Accept: image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8\r\n"
                + "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\nSec-Fetch-Dest: image\r\n"
                + "Referer: https://evil.example/\r\nAccept-Language: en-US,en;q=0.9\r\n\r\n";
    }

    private static void assertRefused(String scheme, String request) throws IOException {
        try (RawConnection connection = connect(scheme)) {
            RawConnection.Response answer = connection.write(request).read();
            assertEquals(403, answer.status(), answer.raw());
            assertEquals(REFUSAL, answer.body());
            assertEquals("application/json", answer.header("content-type"));
            assertEquals("", connection.readUntilClosed(), "closed after the refusal");
        }
    }

    private static String authBody(AuthenticationVector v) {
        return "{\"rand\":\"" + lower(v.rand()) + "\",\"autn\":\"" + lower(v.autn()) + "\"}";
    }

    /** Every slot-0 operation the REST listeners ran, by the metrics. */
    private static double slotOperations() {
        Matcher m = Pattern.compile("^simgate_slot_operations_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(gateway.gateway().scrapeMetrics());
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("slot=\"0\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** Counters are recorded as an answer completes, perhaps just after the client has it. */
    private static double slotOperationsOnceAtLeast(double expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        double now = slotOperations();
        while (now < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = slotOperations();
        }
        return now;
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http", "https"})
    void aCrossSiteTextPlainSimAuthPostNeverReachesTheCard(String scheme) throws Exception {
        AuthenticationVector challenge = TestCard.SET_1.challenge(TestCard.sqn(seq.getAndIncrement(), 0));
        assertRefused(scheme, crossSitePost(scheme, "/sim-auth-api/v1/slot/0", authBody(challenge)));
        // had the card seen that AUTN, its SQN would be used up and this would be a synchronisation failure
        try (RawConnection curl = connect(scheme)) {
            RawConnection.Response answer = curl.write(RawConnection.post("/sim-auth-api/v1/slot/0", authBody(challenge))).read();
            assertEquals(200, answer.status());
            assertEquals(SimAuthApiTest.success(challenge), answer.body());
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http", "https"})
    void anImageGetOfRandAutnNeverReachesTheCard(String scheme) throws Exception {
        AuthenticationVector challenge = TestCard.SET_1.challenge(TestCard.sqn(seq.getAndIncrement(), 0));
        String query = "/?type=rand-autn&rand=" + lower(challenge.rand()) + "&autn=" + lower(challenge.autn());
        assertRefused(scheme, crossSiteImage(scheme, query));
        try (RawConnection swu = connect(scheme)) {
            RawConnection.Response answer = swu.write(RawConnection.get(query)).read();
            assertEquals(200, answer.status());
            assertTrue(answer.body().contains("\"res\": \"" + lower(challenge.xres()).toUpperCase() + "\""), answer.body());
        }
    }

    /** A wrong PIN sent on every page view, by form POST or by image: refused, and no card operation at all. */
    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http", "https"})
    void noCardRouteRunsAnythingForAWebPage(String scheme) throws Exception {
        double before = slotOperations();
        assertRefused(scheme, crossSitePost(scheme, "/apdu-api/v1/slot/0", "{\"apdus\":[\"" + WRONG_PIN + "\"]}"));
        for (String path : List.of("/?type=apdu&hex=" + WRONG_PIN, "/?type=imsi", "/sim-info-api/v1/slot/0",
                "/api/v1/slots")) {
            assertRefused(scheme, crossSiteImage(scheme, path));
        }
        // a same-site page (another port of this host) is no more this listener's than evil.example
        assertRefused(scheme, RawConnection.get("/?type=imsi", "Sec-Fetch-Site: same-site", "Sec-Fetch-Mode: no-cors"));
        assertRefused(scheme, RawConnection.get("/?type=imsi", "Origin: http://127.0.0.1:8081"));

        // the counters are live: the one request of a client that is no browser is counted, and nothing else was
        try (RawConnection curl = connect(scheme)) {
            RawConnection.Response answer = curl.write(RawConnection.post("/apdu-api/v1/slot/0",
                    "{\"apdus\":[\"00A40004023F00\"]}")).read();
            assertEquals(200, answer.status(), answer.raw());
        }
        assertEquals(before + 1, slotOperationsOnceAtLeast(before + 1));
    }

    /** curl, pySim, SWu, strongSwan: neither Origin nor Sec-Fetch-*; every route serves them, on one connection. */
    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http", "https"})
    void clientsWithoutBrowserHeadersAreServed(String scheme) throws Exception {
        AuthenticationVector challenge = TestCard.SET_1.challenge(TestCard.sqn(seq.getAndIncrement(), 0));
        try (RawConnection client = connect(scheme)) {
            client.write(RawConnection.post("/sim-auth-api/v1/slot/0", authBody(challenge))
                    + RawConnection.get("/sim-info-api/v1/slot/0")
                    + RawConnection.get("/?type=imsi")
                    + RawConnection.post("/apdu-api/v1/slot/0", "{\"apdus\":[\"00A40004023F00\"]}")
                    + RawConnection.get("/api/v1/slots")
                    + RawConnection.get("/health"));
            assertEquals(SimAuthApiTest.success(challenge), client.read().body());
            assertEquals(TestCard.SET_1.simInfo(), client.read().body());
            assertEquals("{\n\t\"imsi\": \"001010000000001\"\n}", client.read().body());
            assertEquals("{\"responses\":[\"6116\"]}", client.read().body());
            assertEquals(200, client.read().status());
            assertEquals(200, client.read().status());
        }
    }

    /** The user typed the address, or the listener's own page asked: served. */
    @Test
    void theListenersOwnOriginAndATypedAddressAreServed() throws Exception {
        int port = gateway.httpAddress().getPort();
        try (RawConnection browser = connect("http")) {
            RawConnection.Response typed = browser.write("GET /?type=imsi HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nSec-Fetch-Site: none\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n\r\n").read();
            assertEquals(200, typed.status());
            RawConnection.Response own = browser.write("GET /?type=imsi HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nOrigin: http://127.0.0.1:" + port + "\r\nSec-Fetch-Site: same-origin\r\n\r\n").read();
            assertEquals(200, own.status());
        }
    }

    /** A status page of another site may poll health: it reaches no card. */
    @Test
    void healthAnswersAnySite() throws Exception {
        try (RawConnection page = connect("http")) {
            assertEquals(200, page.write(crossSiteImage("http", "/health")).read().status());
        }
    }

    /**
     * The management listener: a change the browser marks as cross-site by Sec-Fetch-Site alone (no
     * Origin) is refused as one naming another Origin is; the slot stays in service.
     */
    @Test
    void theManagementListenerRefusesAChangeMarkedCrossSiteBySecFetchSite() throws Exception {
        InetSocketAddress management = gateway.gateway().managementAddress();
        String host = "Host: 127.0.0.1:" + management.getPort();
        for (String site : List.of("cross-site", "same-site")) {
            try (RawConnection page = RawConnection.to(management)) {
                RawConnection.Response answer = page.write("POST /admin/v1/slots/0/drain HTTP/1.1\r\n" + host
                        + "\r\nSec-Fetch-Site: " + site + "\r\nSec-Fetch-Mode: no-cors\r\nContent-Length: 0\r\n\r\n").read();
                assertEquals(403, answer.status(), answer.raw());
                assertTrue(answer.body().contains("(Origin, Sec-Fetch-Site)"), answer.body());
            }
        }
        try (RawConnection curl = RawConnection.to(management)) {
            RawConnection.Response slots = curl.write("GET /admin/v1/slots HTTP/1.1\r\n" + host + "\r\n\r\n").read();
            assertTrue(slots.body().contains("\"state\":\"present\""), slots.body());
        }
    }
}
