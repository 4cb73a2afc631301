package io.commercebus.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators watch the routes in Hawtio: headless Chromium opens the console the bus serves and finds
 * every flow's route with its live exchange count. The screenshot is left in target/.
 */
class HawtioConsoleTest {

    @TempDir
    Path dir;

    @Test
    void hawtioShowsEveryRouteWithLiveExchangeCounts() throws Exception {
        HeadlessChromium.require();
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

            ChromeDriver browser = HeadlessChromium.start(dir);
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
}
