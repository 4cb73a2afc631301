package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.governance.ConcurrencyGovernor;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.sandbox.netsuite.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator watches: health and readiness with their details (readiness DOWN while the database
 * does not answer), the Prometheus metrics with the bus's own series after orders were delivered and
 * dead-lettered, and the status page listing records by state and finding an order by its number, over
 * HTTP and in headless Chromium.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityTest {

    private static final String HOSTILE_SKU = "MYSTERY-<b>BOX</b>";

    @TempDir
    static Path dir;
    static TestBus bus;
    static List<Integer> delivered = new ArrayList<>();
    static int dead;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.observe.status-page-size", "2");
        settings.put("bus.observe.metrics-refresh-period", "200");
        bus = TestBus.start(settings);
        var store = bus.store();
        for (String name : List.of("Ada", "Bea", "Cyd")) {
            delivered.add(store.placeOrder(Orders.order(name.toLowerCase() + ".observed@example.com", name, 77, 1)));
        }
        dead = store.placeOrder(Orders.withCustomProduct(Orders.order("una.unknown@example.com", "Una", 77, 1), HOSTILE_SKU,
                "Mystery box", "15.0000"));
        List<Integer> all = new ArrayList<>(delivered);
        all.add(dead);
        bus.awaitSettled(all, Duration.ofSeconds(60));
        assertThat(bus.record(dead).reason()).isEqualTo("UNKNOWN_SKU");
        delivered.forEach(id -> assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED));
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    @Order(1)
    void livenessAndReadinessAnswer200WithTheirChecks() {
        HttpResponse<String> live = bus.get("/observe/health/live");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(bus.json(live).path("status").asText()).isEqualTo("UP");
        assertThat(names(bus.json(live))).contains("context");

        HttpResponse<String> ready = bus.get("/observe/health/ready?data=true");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode readiness = bus.json(ready);
        assertThat(readiness.path("status").asText()).isEqualTo("UP");
        assertThat(names(readiness)).contains("context", "database", "mappings", "route:netsuite-delivery")
                .doesNotContain("kafka");
        assertThat(check(readiness, "database").path("data").path("schema.version").asText()).isNotEmpty();
        assertThat(check(readiness, "mappings").path("message").asText()).endsWith("mappings loaded");

        // Kafka is reported with everything else, not as a reason to take the instance out of service
        JsonNode all = bus.json(bus.get("/observe/health?data=true"));
        assertThat(check(all, "kafka").path("status").asText()).isEqualTo("UP");
        assertThat(check(all, "kafka").path("data").has("outbox.events")).isTrue();
    }

    @Test
    @Order(2)
    void metricsCarryTheBusSeriesWithTheirValues() {
        ConcurrencyGovernor governor = bus.bus().bean("governor", ConcurrencyGovernor.class);
        String account = governor.account();
        // one 429 from NetSuite: the governor counts it and the request goes through on its second try
        long throttledBefore = governor.throttledCount();
        bus.netsuite().addFault(Fault.next(Fault.Kind.THROTTLE, 1));
        int afterThrottle = bus.store().placeOrder(Orders.order("tia.throttled@example.com", "Tia", 77, 1));
        bus.awaitSettled(List.of(afterThrottle), Duration.ofSeconds(30));
        delivered.add(afterThrottle);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = metrics();
            Map<String, String> order = Map.of("marketplace", "bigcommerce", "store", "demo", "record_type", "order");
            assertThat(value(metrics, "commercebus_ledger_records", with(order, "state", "DELIVERED"))).isEqualTo(4.0);
            assertThat(value(metrics, "commercebus_ledger_records", with(order, "state", "DEAD"))).isEqualTo(1.0);
            assertThat(value(metrics, "commercebus_ledger_records", with(order, "state", "FAILED"))).isEqualTo(0.0);
            assertThat(value(metrics, "commercebus_dead_letters", with(order, "reason", "UNKNOWN_SKU"))).isEqualTo(1.0);
            assertThat(value(metrics, "commercebus_outbox_events", Map.of())).isNotNull();
        });
        String metrics = metrics();
        Map<String, String> ofAccount = Map.of("account", account);
        assertThat(value(metrics, "commercebus_netsuite_permits_limit", ofAccount)).isEqualTo(governor.limit());
        assertThat(value(metrics, "commercebus_netsuite_permits_in_use", ofAccount)).isNotNull();
        assertThat(value(metrics, "commercebus_netsuite_throttled_total", ofAccount)).isEqualTo(throttledBefore + 1);
        Map<String, String> upserts = Map.of("account", account, "kind", "upsert", "record_type", "salesOrder", "outcome", "ok");
        assertThat(value(metrics, "commercebus_netsuite_request_seconds_count", upserts)).isEqualTo(4.0);
        for (String quantile : List.of("0.5", "0.95", "0.99")) {
            assertThat(value(metrics, "commercebus_netsuite_request_seconds", with(upserts, "quantile", quantile)))
                    .as("p" + quantile).isPositive();
        }
        // the 429 was timed too, whichever request drew it
        assertThat(sum(metrics, "commercebus_netsuite_request_seconds_count", Map.of("outcome", "throttled"))).isEqualTo(1.0);
        // Camel's own, per route
        assertThat(metrics).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"netsuite-delivery\"");
    }

    @Test
    @Order(3)
    void theBacklogPerStageAndTheOpenGapsAreCounted() throws Exception {
        Instant from = Instant.now().minusSeconds(300);
        // delivery stopped: a new order waits, mapped, for its delivery
        bus.bus().context().getRouteController().stopRoute("netsuite-delivery");
        int waiting = bus.store().placeOrder(Orders.order("wes.waiting@example.com", "Wes", 77, 1));
        RecordKey key = new RecordKey("bigcommerce", "demo", "order", Integer.toString(waiting));
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.ledger().find(key).map(r -> r.state() == RecordState.MAPPED)
                .orElse(false));
        Map<String, String> order = Map.of("marketplace", "bigcommerce", "store", "demo", "record_type", "order");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(value(metrics(), "commercebus_backlog_records", with(order, "stage", "deliver"))).isEqualTo(1.0));
        // stopped routes make the instance unready
        HttpResponse<String> unready = bus.get("/observe/health/ready");
        assertThat(unready.statusCode()).isEqualTo(503);
        assertThat(names(bus.json(unready))).contains("route:netsuite-delivery");
        bus.bus().context().getRouteController().startRoute("netsuite-delivery");
        bus.awaitState(key, RecordState.DELIVERED);
        delivered.add(waiting);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(value(metrics(), "commercebus_backlog_records", with(order, "stage", "deliver"))).isEqualTo(0.0));
        assertThat(bus.get("/observe/health/ready").statusCode()).isEqualTo(200);

        // reconciliation finds the dead-lettered order missing in NetSuite: one open gap
        JsonNode report = bus.json(bus.post("/api/reconciliation/run?store=demo&from=" + from + "&to="
                + Instant.now().plusSeconds(60), ""));
        int missing = report.path("byReason").path("ORDER_MISSING").path("count").asInt();
        assertThat(missing).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(value(metrics(),
                "commercebus_reconciliation_gaps_open", Map.of("store", "demo", "reason", "ORDER_MISSING"))).isEqualTo(1.0));
    }

    @Test
    @Order(4)
    void theStatusPageListsRecordsByStateAPageAtATimeAndFindsAnOrderByItsNumber() throws Exception {
        HttpResponse<String> page = bus.get("/status");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Records by store", "<td>bigcommerce</td><td>demo</td>",
                "href=\"/status?state=DEAD&amp;marketplace=bigcommerce&amp;store=demo\"",
                "UNKNOWN_SKU", "POST /api/dead-letters/replay?reason=UNKNOWN_SKU");

        // DELIVERED holds five orders, two a page: newest first, links to older and newer ones
        HttpResponse<String> first = bus.get("/status?state=DELIVERED&store=demo");
        assertThat(first.body()).contains("Records in state DELIVERED", "1–2", "older →").doesNotContain("← newer");
        HttpResponse<String> second = bus.get("/status?state=DELIVERED&store=demo&offset=2");
        assertThat(second.body()).contains("3–4", "older →", "← newer");
        HttpResponse<String> last = bus.get("/status?state=DELIVERED&store=demo&offset=4");
        assertThat(last.body()).contains("5–5", "← newer").doesNotContain("older →");
        List<String> listed = new ArrayList<>();
        for (HttpResponse<String> p : List.of(first, second, last)) {
            Matcher m = Pattern.compile("<td>order</td><td>(\\d+)</td>").matcher(p.body());
            while (m.find()) {
                listed.add(m.group(1));
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(delivered.stream().map(String::valueOf).toList());

        // the dead letter: its reason and error, the hostile SKU escaped
        HttpResponse<String> deadPage = bus.get("/status?state=DEAD");
        assertThat(deadPage.body()).contains("<td>" + dead + "</td>", "UNKNOWN_SKU", "MYSTERY-&lt;b&gt;BOX&lt;/b&gt;")
                .doesNotContain(HOSTILE_SKU);

        // search by order number: state, attempts, NetSuite id and a link to the record
        int number = delivered.get(1);
        var record = bus.record(number);
        HttpResponse<String> found = bus.get("/status?order=" + number);
        assertThat(found.body()).contains("Records for order number " + number, "<td>DELIVERED</td>",
                "salesOrder " + record.netsuiteId(), "href=\"/api/records/" + record.id() + "\"");
        assertThat(bus.get("/status?order=%3Cscript%3Ealert(1)%3C%2Fscript%3E").body())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");

        HttpResponse<String> badState = bus.get("/status?state=LOST");
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.body()).contains("Unknown state 'LOST'", "DEAD");

        lookAt(number, record.netsuiteId());
    }

    @Test
    @Order(5)
    void readinessIsDownWhileTheDatabaseDoesNotAnswer() throws Exception {
        DataSource dataSource = bus.bus().bean("dataSource", DataSource.class);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // H2's exclusive mode: every other connection's statements wait until it ends
            s.execute("SET EXCLUSIVE 1");
            try {
                HttpResponse<String> ready = bus.get("/observe/health/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
                JsonNode database = check(bus.json(ready), "database");
                assertThat(database.path("status").asText()).isEqualTo("DOWN");
                assertThat(database.path("message").asText()).contains("did not answer within 2000 ms");
                // alive all the same: restarting the JVM would not bring the database back
                assertThat(bus.get("/observe/health/live").statusCode()).isEqualTo(200);
            } finally {
                s.execute("SET EXCLUSIVE 0");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.get("/observe/health/ready").statusCode() == 200);
    }

    /** The operator searches for an order in headless Chromium; the screenshot is left in target/. */
    private static void lookAt(int number, String netsuiteId) throws Exception {
        HeadlessChromium.require();
        ChromeDriver browser = HeadlessChromium.start(dir);
        try {
            browser.get(bus.get("/status").uri().toString());
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("commerce-bus status");
            browser.findElement(By.id("order")).sendKeys(Integer.toString(number));
            browser.findElement(By.cssSelector("form button")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("order=" + number));
            String text = browser.findElement(By.tagName("body")).getText();
            assertThat(text).contains("Records for order number " + number, "DELIVERED", "salesOrder " + netsuiteId);
            Files.write(Path.of("target/status-page.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    private static String metrics() {
        HttpResponse<String> response = bus.get("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the series with exactly these labels, or null when there is none. */
    private static Double value(String metrics, String name, Map<String, String> labels) {
        List<Double> values = series(metrics, name, labels::equals);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The sum of the series whose labels include these. */
    private static double sum(String metrics, String name, Map<String, String> labels) {
        return series(metrics, name, found -> found.entrySet().containsAll(labels.entrySet())).stream()
                .mapToDouble(Double::doubleValue).sum();
    }

    private static List<Double> series(String metrics, String name, Predicate<Map<String, String>> labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(metrics);
        List<Double> out = new ArrayList<>();
        while (m.find()) {
            Map<String, String> found = new HashMap<>();
            Matcher label = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(m.group(1) == null ? "" : m.group(1));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            if (labels.test(found)) {
                out.add(Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> out = new HashMap<>(labels);
        out.put(name, value);
        return out;
    }

    private static List<String> names(JsonNode health) {
        List<String> out = new ArrayList<>();
        health.path("checks").forEach(c -> out.add(c.path("name").asText()));
        return out;
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }
}
