package io.commercebus.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators watch the routes in Hawtio: headless Chromium logs in to the console the bus serves and
 * finds every flow's route with its live exchange count. Without the login neither the console nor its
 * Jolokia agent answers. The screenshot is left in target/.
 */
class HawtioConsoleTest {

    static final String PASSWORD = "pw-Hawtio-4b2d";

    @TempDir
    Path dir;

    @Test
    void hawtioShowsEveryRouteWithLiveExchangeCounts() throws Exception {
        HeadlessChromium.require();
        int port = TestBus.freePort();
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.hawtio.enabled", "true");
        settings.put("bus.hawtio.port", Integer.toString(port));
        settings.put("bus.security.password", PASSWORD);
        try (TestBus bus = TestBus.start(settings)) {
            // Jolokia can start and stop routes: nothing of Hawtio answers without the login
            String hawtio = "http://127.0.0.1:" + port + "/hawtio/";
            assertThat(status(hawtio + "jolokia/version", null)).isEqualTo(401);
            assertThat(status(hawtio + "camel/routes", null)).isEqualTo(401);
            assertThat(status(hawtio + "jolokia/version", TestBus.basic("admin", "guess"))).isEqualTo(401);
            assertThat(status(hawtio + "jolokia/version", TestBus.basic("admin", PASSWORD))).isEqualTo(200);

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
                // the operator's login, sent with every request of the page as the browser does once it is typed in
                browser.executeCdpCommand("Network.enable", Map.of());
                browser.executeCdpCommand("Network.setExtraHTTPHeaders",
                        Map.of("headers", Map.of("Authorization", TestBus.basic("admin", PASSWORD))));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get("http://127.0.0.1:" + port + "/hawtio/camel/routes");
                // the Camel tree lists the routes in their groups: 'scheduled' (the leader of several instances runs
                // them) and 'default'
                for (String group : List.of("scheduled", "default")) {
                    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//li[@role='treeitem' and contains(@id,"
                            + "'-folder-routes-folder-" + group + "-folder')]/div//button[contains(@class,'node-toggle')]"))).click();
                }
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

    private static int status(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
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
