package org.simgate.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.simgate.gateway.Gateway;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.rspro.ipa.KeepaliveTimers;
import org.simgate.simulator.remsim.RemsimServer;

/**
 * The dashboard shows a remsim slot's links and mapping under its transport, every fact on hover:
 * a remsim client slot connected to the in-repo RSPRO server, with no bank slot mapped to it yet.
 */
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
                        + "{ id = 7, name = \"borrowed\", transport = remsim, remsim { server = \"127.0.0.1:"
                        + server.rsproPort() + "\", client-id = 9 } }\n] }")
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve()));
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
