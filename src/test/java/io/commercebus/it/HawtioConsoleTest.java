package io.commercebus.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators watch the routes in Hawtio: headless Chromium opens the console the bus serves and finds
 * every flow's route with its live exchange count. The screenshot is left in target/.
 */
class HawtioConsoleTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void hawtioShowsEveryRouteWithLiveExchangeCounts() throws Exception {
        requireBrowser();
        int port = TestBus.freePort();
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.hawtio.enabled", "true");
        settings.put("bus.hawtio.port", Integer.toString(port));
        try (TestBus bus = TestBus.start(settings)) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(bus.store().placeOrder(Orders.order("console" + i + "@example.com", "Cleo", 77, 1)));
            }
            bus.awaitSettled(ids, Duration.ofSeconds(30));
            // every route of every flow file, whichever marketplaces they serve
            List<String> routeIds = bus.bus().context().getRoutes().stream().map(org.apache.camel.Route::getRouteId).sorted().toList();
            assertThat(routeIds).contains("woocommerce-order-webhook", "amazon-order-poll", "walmart-order-poll",
                    "netsuite-delivery");

            ChromeDriver browser = browser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get("http://127.0.0.1:" + port + "/hawtio/camel/routes");
                // the Camel tree lists the routes
                for (String route : routeIds) {
                    wait.until(ExpectedConditions.presenceOfElementLocated(
                            By.xpath("//li[@role='treeitem']//button[normalize-space()='" + route + "']")));
                }
                // the routes folder shows the table of routes with their counts
                By folder = By.xpath("//button[contains(@class,'tree-view__node-text') and normalize-space()='routes']");
                wait.until(ExpectedConditions.elementToBeClickable(folder)).click();
                By table = By.cssSelector("[aria-label='camel-content-main'] table");
                wait.until(ExpectedConditions.presenceOfElementLocated(table));
                wait.until(d -> rowCells(d.findElement(table), "netsuite-delivery") != null);

                WebElement routes = browser.findElement(table);
                List<String> headers = routes.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText).toList();
                int total = headers.indexOf("Total");
                assertThat(total).as("columns %s", headers).isNotNegative();
                List<String> delivery = rowCells(routes, "netsuite-delivery");
                assertThat(Long.parseLong(delivery.get(total).trim())).isGreaterThanOrEqualTo(3);
                List<String> webhook = rowCells(routes, "bigcommerce-order-webhook");
                assertThat(Long.parseLong(webhook.get(total).trim())).isGreaterThanOrEqualTo(3);

                Path shot = Path.of("target/hawtio-routes.png");
                Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
            } finally {
                browser.quit();
            }
        }
    }

    private static List<String> rowCells(WebElement table, String route) {
        for (WebElement row : table.findElements(By.cssSelector("tbody tr"))) {
            List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            if (cells.contains(route)) {
                return cells;
            }
        }
        return null;
    }

    private ChromeDriver browser() throws Exception {
        // Selenium's bundled DevTools bindings are older than Debian's Chromium; we use none of them
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        // an explicit driver: Selenium Manager then has nothing to download
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Chromium comes from Debian's packages (.ci/run installs it); outside CI its absence skips the test. */
    private static void requireBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && !"true".equals(System.getenv("CI"))) {
            Assumptions.abort("Chromium not installed: apt-get install chromium chromium-driver");
        }
        assertThat(present).as("Chromium and chromedriver at " + CHROMIUM + ", " + CHROMEDRIVER).isTrue();
    }
}
