package org.simgate.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;

/**
 * A real browser on a web page of another site: headless Chromium opens a page served from
 * http://127.0.0.2 (another site than the gateway's 127.0.0.1) whose images and no-cors fetches
 * point at the gateway's card routes — the attack of issue 18 on the default config (auth off).
 * Every one of those requests reaches the gateway and is refused; no card hears of any: the
 * page's AUTN is still fresh afterwards, and no slot operation was counted.
 */
class CrossSitePageTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] K = HEX.parseHex("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static final byte[] OPC = HEX.parseHex("cd63cb71954a9f4e48a5994e37a02baf");
    private static final String WRONG_PIN = "0020000108FFFFFFFFFFFFFFFF";
    /** The page's card requests: three images, two no-cors POSTs. */
    private static final int CARD_REQUESTS = 5;

    @TempDir
    static Path dir;
    private static DashboardGateway gateway;
    private static ChromeDriver browser;
    private static HttpServer attacker;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        gateway = DashboardGateway.start(1);
        browser = HeadlessChromium.start(dir, 800, 600);
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        attacker.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (attacker != null) {
            attacker.stop(0);
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static double metric(String name, String labels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(gateway.gateway().scrapeMetrics());
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Test
    void aPageOfAnotherSiteReachesNoCard() throws Exception {
        byte[] rand = new byte[16];
        new SecureRandom().nextBytes(rand);
        AuthenticationVector v = new AuthenticationCentre(Milenage.withOpc(K, OPC))
                .generate(rand, 1L << AuthenticationCentre.IND_BITS, new byte[2]);
        String gw = "http://127.0.0.1:" + gateway.gateway().httpAddress().getPort();
        String authBody = "{\"rand\":\"" + HEX.formatHex(v.rand()) + "\",\"autn\":\"" + HEX.formatHex(v.autn()) + "\"}";
        String page = "<!doctype html><title>loading</title><script>\n"
                + "let pending = " + CARD_REQUESTS + ";\n"
                + "function done() { if (--pending === 0) document.title = 'done'; }\n"
                + "</script>\n"
                + "<img onload=done() onerror=done() src='" + gw + "/?type=rand-autn&rand=" + HEX.formatHex(v.rand())
                + "&autn=" + HEX.formatHex(v.autn()) + "'>\n"
                + "<img onload=done() onerror=done() src='" + gw + "/?type=apdu&hex=" + WRONG_PIN + "'>\n"
                + "<img onload=done() onerror=done() src='" + gw + "/?type=imsi'>\n"
                + "<script>\n"
                + "for (const [path, body] of [['/sim-auth-api/v1/slot/0', '" + authBody + "'],\n"
                + "    ['/apdu-api/v1/slot/0', '{\"apdus\":[\"" + WRONG_PIN + "\"]}']]) {\n"
                + "  fetch('" + gw + "' + path, {method: 'POST', mode: 'no-cors', body: body,\n"
                + "      headers: {'Content-Type': 'text/plain'}}).then(done, done);\n"
                + "}\n"
                + "</script>\n";
        attacker.createContext("/", exchange -> {
            byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        double operationsBefore = metric("simgate_slot_operations_total", "slot=\"0\"");

        browser.get("http://127.0.0.2:" + attacker.getAddress().getPort() + "/");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"done".equals(browser.getTitle()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("done", browser.getTitle(), "the page's requests all ended");

        assertEquals(operationsBefore, metric("simgate_slot_operations_total", "slot=\"0\""), "no card operation");
        // the page's AUTN is still fresh: the card never saw it
        HttpResponse<String> auth = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw
                + "/sim-auth-api/v1/slot/0")).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(authBody)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, auth.statusCode());
        assertTrue(auth.body().startsWith("{\"successful_3g_authentication\":{\"res\":\"" + HEX.formatHex(v.xres())),
                auth.body());
        assertTrue(metric("simgate_listener_refusals_total", "reason=\"cross_site\"") >= CARD_REQUESTS,
                "every one of the page's card requests reached the gateway and was refused");
    }
}
