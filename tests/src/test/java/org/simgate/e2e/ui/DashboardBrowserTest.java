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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real headless Chromium, in a laptop's 1400×900 window: every configured slot is
 * on the page with its actions in sight, a simulated card taken out and put back shows within two
 * seconds without a reload, and a slot is drained and put back from the page's buttons. Each test
 * uses its own slot.
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
        return fresh(() -> row(slot).findElement(By.cssSelector("td[data-state]")).getAttribute("data-state"));
    }

    /** The text of a slot's cell, e.g. {@code td.outcome}, or of an element in it ({@code td.identity .imsi}). */
    private static String cell(int slot, String css) {
        return fresh(() -> row(slot).findElement(By.cssSelector(css)).getText());
    }

    /**
     * Each snapshot the page receives (once a second, and on every change) renders its rows anew, so an
     * element found a moment ago may be gone when it is read: find it again.
     */
    private static void click(int slot, String action) {
        // a stale button was not clicked: finding it again and clicking never clicks twice
        fresh(() -> {
            row(slot).findElement(By.cssSelector("button[data-action='" + action + "']")).click();
            return action;
        });
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

    private static void waitUntil(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(50)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(b -> condition.getAsBoolean());
    }

    @Test
    void everyConfiguredSlotIsListedWithItsStateAndActions() {
        assertTrue(browser.getCurrentUrl().endsWith("/ui/"), browser.getCurrentUrl());
        assertEquals("simgate slots", browser.getTitle());
        waitUntil(PATIENT, "the page says it is live",
                () -> browser.findElement(By.id("connection")).getText().equals("live"));
        for (int slot = 0; slot < 4; slot++) {
            String name = "sim " + (char) ('A' + slot);
            assertTrue(cell(slot, "td.slot").contains(name), cell(slot, "td.slot"));
            assertTrue(cell(slot, "td.transport").startsWith("simcard\n"), cell(slot, "td.transport"));
            assertEquals("present", state(slot));
            int n = slot;
            By atr = By.cssSelector("td.transport .atr");
            assertEquals("3b9f96801fc78031e073fe21136773696d67617465b8",
                    fresh(() -> row(n).findElement(atr).getAttribute("textContent")));
            assertEquals("ATR 3b9f96801fc78031e073fe21136773696d67617465b8",
                    fresh(() -> row(n).findElement(atr).getAttribute("title")), "shortened on the page, whole on hover");
            List<String> actions = fresh(() -> row(n).findElements(By.tagName("button")).stream()
                    .map(b -> b.getAttribute("data-action")).toList());
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
        assertTrue(cell(1, "td[data-state]").contains("no card"), cell(1, "td[data-state]"));
        assertTrue(cell(1, "td.outcome").startsWith("no card"), "the last outcome: " + cell(1, "td.outcome"));
        assertHighlighted(1, "failed", "rgba(253, 231, 229, 1)");

        gateway.card(1).setInserted(true);
        assertEquals(200, gateway.authenticate(1));
        waitUntil(LIVE, "slot 1 shows its card again", () -> state(1).equals("present"));
        assertTrue(cell(1, "td.outcome").startsWith("success"), cell(1, "td.outcome"));
        assertEquals("the same page", browser.executeScript("return window.simgateTestMarker"), "the page was reloaded");
    }

    @Test
    void aSlotIsDrainedAndPutBackFromThePageAndBothAreAudited() {
        ListAppender<ILoggingEvent> audit = captureAudit();
        try {
            browser.executeScript("window.simgateTestMarker = 'the same page'");
            click(2, "drain");
            waitUntil(LIVE, "slot 2 shows out of service", () -> state(2).equals("out_of_service"));
            waitUntil(PATIENT, "the page tells the answer",
                    () -> browser.findElement(By.id("notice")).getText().contains("drain slot 2 (sim C): done"));
            assertEquals(503, gateway.authenticate(2), "a drained slot refuses work");
            assertEquals(200, gateway.authenticate(3), "its neighbours do not");

            click(2, "undrain");
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
        click(3, "reread");
        waitUntil(PATIENT, "slot 3's identity", () -> cell(3, "td.identity .imsi").equals("00101********01"));
        assertEquals("898821***********11", cell(3, "td.identity .iccid"));
        String page = browser.getPageSource();
        assertFalse(page.contains(DashboardGateway.IMSI) || page.contains(DashboardGateway.ICCID),
                "the page never holds a whole IMSI or ICCID");

        gateway.card(3).setInserted(false);
        try {
            click(3, "reset");
            waitUntil(PATIENT, "the page tells the failure", () -> browser.findElement(By.id("notice")).getText()
                    .contains("reset slot 3 (sim D): failed (HTTP 410)"));
            waitUntil(LIVE, "slot 3 shows no card", () -> state(3).equals("no_card"));
        } finally {
            gateway.card(3).setInserted(true);
        }
        click(3, "reset");
        waitUntil(LIVE, "slot 3 has its card back", () -> state(3).equals("present"));
    }

    @Test
    void trafficShowsAsRatesLatencyAndTheLastOutcome() {
        long until = System.currentTimeMillis() + 1500;
        while (System.currentTimeMillis() < until) {
            assertEquals(200, gateway.authenticate(0));
        }
        // rates and latencies count whole seconds: the last one shows within the next
        waitUntil(PATIENT, "slot 0's rate", () -> !cell(0, "td.auth").equals("0") && !cell(0, "td.auth").equals("–"));
        assertFalse(cell(0, "td.latency").equals("–"), "p50 / p99: " + cell(0, "td.latency"));
        assertTrue(cell(0, "td.latency").matches(".+ (µs|ms) / .+ (µs|ms)"), cell(0, "td.latency"));
        assertTrue(cell(0, "td.outcome").startsWith("success"), cell(0, "td.outcome"));
        assertHighlighted(0, "ok", "rgba(227, 246, 233, 1)");
        assertFalse(row(0).findElements(By.cssSelector("svg.trend path")).isEmpty(), "the trend has a line");
    }

    @Test
    void atALaptopsWidthEveryActionIsInSightWithoutScrollingSideways() {
        waitUntil(PATIENT, "the page is live", () -> browser.findElement(By.id("connection")).getText().equals("live"));
        // the table's own scroll box (where a too-wide table scrolls) and the page's
        assertEquals(0L, browser.executeScript(
                "const box = document.getElementById('slots').parentElement; return box.scrollWidth - box.clientWidth"),
                "the table is wider than its box: it scrolls sideways");
        assertEquals(0L, browser.executeScript(
                "return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)"),
                "the page scrolls sideways");
        for (int slot = 0; slot < 4; slot++) {
            // one script per row, so a snapshot that renders the rows anew cannot come in between
            assertEquals(List.of("drain", "reset", "reread"), browser.executeScript(
                    "const row = document.querySelector(`#slots tbody tr[data-slot='${arguments[0]}']`);"
                    + " return [...row.querySelectorAll('button')].filter(b => {"
                    + " const r = b.getBoundingClientRect();"
                    + " const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                    + " return r.left >= 0 && r.right <= document.documentElement.clientWidth && r.width > 0"
                    + " && (at === b || b.contains(at)); }).map(b => b.dataset.action)", slot),
                    "slot " + slot + "'s buttons in sight");
        }
    }

    @Test
    void identitiesShowWithoutAReReadOnceTheCardIsThere() {
        // slot 0's card is never re-read by these tests: the page alone must bring its identity
        waitUntil(PATIENT, "slot 0's identity", () -> cell(0, "td.identity .imsi").equals("00101********01"));
        assertEquals("898821***********11", cell(0, "td.identity .iccid"));
        assertFalse(browser.getPageSource().contains(DashboardGateway.IMSI), "masked");
    }

    @Test
    void aCardsRefusalStandsOutFromASuccess() {
        assertEquals(200, gateway.authenticateWithAWrongMac(3).statusCode());
        waitUntil(LIVE, "slot 3's last outcome", () -> cell(3, "td.outcome").startsWith("mac failure"));
        assertHighlighted(3, "refused", "rgba(255, 242, 214, 1)");
    }

    /** The slot's last outcome is marked as {@code kind} and shown on that kind's background colour. */
    private static void assertHighlighted(int slot, String kind, String background) {
        assertEquals(kind + " " + background, fresh(() -> {
            WebElement outcome = row(slot).findElement(By.cssSelector("td.outcome"));
            return outcome.getAttribute("data-outcome") + " "
                    + outcome.findElement(By.cssSelector(".result")).getCssValue("background-color");
        }));
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
