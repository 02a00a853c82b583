package org.simgate.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real headless Chromium: every configured slot is on the page, a simulated card
 * taken out and put back shows within two seconds without a reload, and a slot is drained and put
 * back from the page's buttons. Each test uses its own slot.
 */
class DashboardBrowserTest {
    /** What the issue promises: a slot's change is on the page within two seconds. */
    private static final Duration LIVE = Duration.ofSeconds(2);
    private static final Duration PATIENT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static DashboardGateway gateway;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        gateway = DashboardGateway.start(4);
        browser = HeadlessChromium.start(dir, 1400, 600);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void open() {
        browser.get(gateway.management("/ui").toString()); // the address an operator types: redirected to /ui/
        waitUntil(PATIENT, "every slot is listed", () -> rows().size() == 4);
    }

    private static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#slots tbody tr"));
    }

    private static WebElement row(int slot) {
        return browser.findElement(By.cssSelector("#slots tbody tr[data-slot='" + slot + "']"));
    }

    private static String state(int slot) {
        return row(slot).findElement(By.cssSelector("td[data-state]")).getAttribute("data-state");
    }

    private static String cell(int slot, int column) {
        return row(slot).findElements(By.tagName("td")).get(column).getText();
    }

    private static void waitUntil(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(50)).withMessage(what).until(b -> condition.getAsBoolean());
    }

    @Test
    void everyConfiguredSlotIsListedWithItsStateAndActions() {
        assertTrue(browser.getCurrentUrl().endsWith("/ui/"), browser.getCurrentUrl());
        assertEquals("simgate slots", browser.getTitle());
        waitUntil(PATIENT, "the page says it is live",
                () -> browser.findElement(By.id("connection")).getText().equals("live"));
        for (int slot = 0; slot < 4; slot++) {
            String name = "sim " + (char) ('A' + slot);
            assertTrue(cell(slot, 0).contains(name), cell(slot, 0));
            assertEquals("simcard", cell(slot, 1));
            assertEquals("present", state(slot));
            assertEquals("3b9f96801fc78031e073fe21136773696d67617465b8", cell(slot, 3));
            List<String> actions = row(slot).findElements(By.tagName("button")).stream()
                    .map(b -> b.getAttribute("data-action")).toList();
            assertEquals(List.of("drain", "reset", "reread"), actions);
        }
    }

    @Test
    void aCardTakenOutAndPutBackShowsWithinTwoSecondsWithoutAReload() {
        browser.executeScript("window.simgateTestMarker = 'the same page'");
        gateway.card(1).setInserted(false);
        // a simcard slot hears of its card when it next uses it: here, a client's request
        assertEquals(410, gateway.authenticate(1));
        waitUntil(LIVE, "slot 1 shows no card", () -> state(1).equals("no_card"));
        assertTrue(cell(1, 2).contains("no card"), cell(1, 2));
        assertTrue(cell(1, 6).startsWith("no card"), "the last outcome: " + cell(1, 6));

        gateway.card(1).setInserted(true);
        assertEquals(200, gateway.authenticate(1));
        waitUntil(LIVE, "slot 1 shows its card again", () -> state(1).equals("present"));
        assertTrue(cell(1, 6).startsWith("success"), cell(1, 6));
        assertEquals("the same page", browser.executeScript("return window.simgateTestMarker"), "the page was reloaded");
    }

    @Test
    void aSlotIsDrainedAndPutBackFromThePageAndBothAreAudited() {
        ListAppender<ILoggingEvent> audit = captureAudit();
        try {
            browser.executeScript("window.simgateTestMarker = 'the same page'");
            row(2).findElement(By.cssSelector("button[data-action='drain']")).click();
            waitUntil(LIVE, "slot 2 shows out of service", () -> state(2).equals("out_of_service"));
            waitUntil(PATIENT, "the page tells the answer",
                    () -> browser.findElement(By.id("notice")).getText().contains("drain slot 2 (sim C): done"));
            assertEquals(503, gateway.authenticate(2), "a drained slot refuses work");
            assertEquals(200, gateway.authenticate(3), "its neighbours do not");

            row(2).findElement(By.cssSelector("button[data-action='undrain']")).click();
            waitUntil(LIVE, "slot 2 is back", () -> state(2).equals("present"));
            assertEquals(200, gateway.authenticate(2));
            assertEquals(1, row(2).findElements(By.cssSelector("button[data-action='drain']")).size());
            assertEquals("the same page", browser.executeScript("return window.simgateTestMarker"));

            waitUntil(PATIENT, "both actions are audited", () -> audit.list.size() >= 2);
            assertTrue(audit.list.get(0).getFormattedMessage().contains("slot=2 action=drain outcome=ok"));
            assertTrue(audit.list.get(1).getFormattedMessage().contains("slot=2 action=undrain outcome=ok"));
        } finally {
            releaseAudit(audit);
        }
    }

    @Test
    void reReadShowsTheMaskedIdentityAndAFailedActionSaysWhy() {
        row(3).findElement(By.cssSelector("button[data-action='reread']")).click();
        waitUntil(PATIENT, "slot 3's identity", () -> cell(3, 5).equals("00101********01"));
        assertEquals("898821***********11", cell(3, 4));
        String page = browser.getPageSource();
        assertFalse(page.contains(DashboardGateway.IMSI) || page.contains(DashboardGateway.ICCID),
                "the page never holds a whole IMSI or ICCID");

        gateway.card(3).setInserted(false);
        try {
            row(3).findElement(By.cssSelector("button[data-action='reset']")).click();
            waitUntil(PATIENT, "the page tells the failure", () -> browser.findElement(By.id("notice")).getText()
                    .contains("reset slot 3 (sim D): failed (HTTP 410)"));
            waitUntil(LIVE, "slot 3 shows no card", () -> state(3).equals("no_card"));
        } finally {
            gateway.card(3).setInserted(true);
        }
        row(3).findElement(By.cssSelector("button[data-action='reset']")).click();
        waitUntil(LIVE, "slot 3 has its card back", () -> state(3).equals("present"));
    }

    @Test
    void trafficShowsAsRatesLatencyAndTheLastOutcome() {
        long until = System.currentTimeMillis() + 1500;
        while (System.currentTimeMillis() < until) {
            assertEquals(200, gateway.authenticate(0));
        }
        // rates and latencies count whole seconds: the last one shows within the next
        waitUntil(PATIENT, "slot 0's rate", () -> !cell(0, 7).equals("0") && !cell(0, 7).equals("–"));
        assertFalse(cell(0, 9).equals("–"), "p50 / p99: " + cell(0, 9));
        assertTrue(cell(0, 9).matches(".+ (µs|ms) / .+ (µs|ms)"), cell(0, 9));
        assertTrue(cell(0, 6).startsWith("success"), cell(0, 6));
        assertFalse(row(0).findElements(By.cssSelector("svg.trend path")).isEmpty(), "the trend has a line");
    }

    private static ListAppender<ILoggingEvent> captureAudit() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger audit = logging.getLogger("simgate.audit");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.setContext(logging);
        lines.start();
        audit.addAppender(lines);
        audit.setLevel(Level.INFO);
        audit.setAdditive(false);
        return lines;
    }

    private static void releaseAudit(ListAppender<ILoggingEvent> lines) {
        Logger audit = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("simgate.audit");
        audit.detachAppender(lines);
        audit.setLevel(null);
        audit.setAdditive(true);
    }
}
