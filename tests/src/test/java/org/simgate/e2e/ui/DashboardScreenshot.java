package org.simgate.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes docs/dashboard.png: the dashboard of four slots under live traffic in a 1400-pixel window,
 * one drained and one without its card. Not part of the suite (its name is no test's); run by hand:
 * {@code mvn -B -o verify -pl tests -am -Dtest=DashboardScreenshot -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsimgate.screenshot=$PWD/docs/dashboard.png}
 */
class DashboardScreenshot {
    @TempDir
    Path dir;

    @Test
    @EnabledIfSystemProperty(named = "simgate.screenshot", matches = ".+")
    void take() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path target = Path.of(System.getProperty("simgate.screenshot"));
        try (DashboardGateway gateway = DashboardGateway.start(4)) {
            ChromeDriver browser = HeadlessChromium.start(dir, 1400, 600);
            ExecutorService clients = Executors.newFixedThreadPool(3);
            AtomicBoolean running = new AtomicBoolean(true);
            try {
                gateway.send(gateway.management("/admin/v1/slots/2/drain"));
                gateway.card(3).setInserted(false);
                gateway.authenticate(3);
                for (int slot : new int[] {0, 0, 1}) {
                    clients.submit(() -> {
                        while (running.get()) {
                            gateway.authenticate(slot);
                            if (slot == 1) {
                                sleep(4); // a slower client on sim B
                            }
                        }
                    });
                }
                browser.get(gateway.management("/ui/").toString());
                Thread.sleep(Duration.ofSeconds(Long.getLong("simgate.screenshot.seconds", 30)).toMillis());
                new WebDriverWait(browser, Duration.ofSeconds(5))
                        .until(b -> b.findElements(By.cssSelector("#slots tbody tr")).size() == 4);
                Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
                Files.createDirectories(target.toAbsolutePath().getParent());
                Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                running.set(false);
                clients.shutdown();
                assertEquals(true, clients.awaitTermination(20, TimeUnit.SECONDS));
                browser.quit();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
