package org.simgate.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.protocol.remsim.RemsimBankFront;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.simulator.remsim.RemsimServer;

/**
 * The dashboard shows a remsim slot's links and mapping under its transport, every fact on hover:
 * a remsim client slot connected to the in-repo RSPRO server, with no bank slot mapped to it yet. The
 * same gateway is a remsim bank lending slot 0: the header shows the bank's server link, slot 0 whom it
 * is lent to; once the server maps bank slot 0 to the client slot, slot 0 shows that client connected.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemsimDashboardTest {
    private static final Duration PATIENT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static RemsimServer server;
    private static Gateway gateway;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        server = RemsimServer.start(RemsimServer.Settings.forTests(0, KeepaliveTimers.OSMO_REMSIM));
        gateway = Gateway.start(GatewayConfig.from(ConfigFactory.parseString(
                "simgate { http.port = 0, https.enabled = false, line.port = 0, management.port = 0, slots = [\n"
                        + "{ id = 0, name = \"lent\", transport = simcard, allow-apdu = true, simcard {"
                        + " imsi = \"001010000000001\", iccid = \"8988211000000000011\","
                        + " k = \"465b5ce8b199b49faa5f0a2ee238a6bc\", opc = \"cd63cb71954a9f4e48a5994e37a02baf\" } }\n"
                        + "{ id = 7, name = \"borrowed\", transport = remsim, remsim { server = \"127.0.0.1:"
                        + server.rsproPort() + "\", client-id = 9, max-reconnect-delay = 500ms } }\n]\n"
                        + "remsim.bankd { enabled = true, server = \"127.0.0.1:" + server.rsproPort()
                        + "\", port = 0, slots = [0] } }")
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
        server.tellClientsBankPort(gateway.addresses().stream().filter(b -> b.name().equals(RemsimBankFront.NAME))
                .map(b -> ((InetSocketAddress) b.address()).getPort()).findFirst().orElseThrow());
        browser = HeadlessChromium.start(dir, 1400, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theTransportCellShowsTheLinksAndHoverShowsEveryFact() {
        browser.get(URI.create("http://127.0.0.1:" + gateway.managementAddress().getPort() + "/ui/").toString());
        By links = By.cssSelector("#slots tbody tr[data-slot='7'] td.transport .links");
        new WebDriverWait(browser, PATIENT, Duration.ofMillis(50)).withMessage("the links line shows the server up")
                .ignoring(StaleElementReferenceException.class).ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(b -> b.findElement(links).getText().equals("server up, bank down"));
        String title = fresh(() -> browser.findElement(links).getAttribute("title"));
        assertTrue(title.contains("server: 127.0.0.1:" + server.rsproPort()), title);
        assertTrue(title.contains("client: 9:0"), title);
        assertTrue(title.contains("mapping: –"), title);
        assertEquals("remsim", fresh(() -> browser.findElement(
                By.cssSelector("#slots tbody tr[data-slot='7'] td.transport div")).getText()));
    }

    @Test
    @Order(2)
    void theHeaderShowsTheBanksServerLinkAndTheLentSlotItsClient() throws Exception {
        browser.get(URI.create("http://127.0.0.1:" + gateway.managementAddress().getPort() + "/ui/").toString());
        By serverLink = By.cssSelector("header #links .front-link[data-front='remsim-bankd'][data-link='server']");
        By lent = By.cssSelector("#slots tbody tr[data-slot='0'] td.transport .lent");
        until("the header shows the bank's server link connected",
                b -> b.findElement(serverLink).getText().equals("remsim-bankd server: connected"));
        String title = fresh(() -> browser.findElement(serverLink).getAttribute("title"));
        assertTrue(title.contains("peer: 127.0.0.1:" + server.rsproPort()), title);
        assertTrue(title.contains("as: bank 1"), title);
        assertTrue(title.contains("problem: –"), title);
        until("slot 0 is lent to nobody yet",
                b -> b.findElement(lent).getText().equals("lent as bank 1 slot 0 · not mapped"));

        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.restBase() + "/slotmaps"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"bank\":{\"bankId\":1,\"slotNr\":0},"
                        + "\"client\":{\"clientId\":9,\"slotNr\":0}}")).build(), HttpResponse.BodyHandlers.discarding());
        until("slot 0 shows slot 7's client connected",
                b -> b.findElement(lent).getText().equals("lent as bank 1 slot 0 · client 9:0 connected"));
        String facts = fresh(() -> browser.findElement(lent).getAttribute("title"));
        assertTrue(facts.contains("front: remsim-bankd"), facts);
        assertTrue(facts.matches("(?s).*peer: 127\\.0\\.0\\.1:\\d+.*"), facts);
        until("slot 7 has the card through the bank", b -> b.findElement(
                By.cssSelector("#slots tbody tr[data-slot='7'] td.transport .links")).getText().startsWith("server up, bank up"));
    }

    private static void until(String what, java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(browser, PATIENT, Duration.ofMillis(50)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(condition::apply);
    }

    private static <T> T fresh(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (StaleElementReferenceException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }
}
