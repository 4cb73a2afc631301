package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.netsuite.NetSuiteClient;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.payout.PayoutJournal;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Month-end from exceptions only: a deliberately missing order, a total drifted in NetSuite and a payout
 * that does not add up are each reported with their reason and amount, published to Kafka and shown on
 * the report page (looked at in headless Chromium, screenshot in target/); the order the bus never
 * received is fetched by reconciliation's repair and the gap resolves at the next run.
 */
class ReconciliationTest {

    @TempDir
    static Path dir;
    static TestBus bus;
    static Path payouts;

    @BeforeAll
    static void start() throws Exception {
        payouts = Files.createDirectories(dir.resolve("payouts"));
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.store.demo.payouts.dir", payouts.toString());
        bus = TestBus.start(settings);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void aMissingOrderADriftedTotalAndAnUnmatchedPayoutAreEachReportedWithTheirReasonAndAmount() throws Exception {
        Instant from = Instant.now().minusSeconds(60);
        var store = bus.store();
        int matched = store.placeOrder(Orders.order("rita.matched@example.com", "Rita", 77, 2));
        int drifted = store.placeOrder(Orders.order("dora.drifted@example.com", "Dora", 81, 1));
        bus.awaitSettled(List.of(matched, drifted), Duration.ofSeconds(30));
        assertThat(bus.record(drifted).state()).isEqualTo(RecordState.DELIVERED);

        // someone edits the Sales Order in NetSuite: its first line (one unit) now costs 5.00 more
        NetSuiteClient netsuite = bus.bus().bean("netsuite", NetSuiteClient.class);
        String salesOrder = bus.record(drifted).netsuiteId();
        JsonNode before = bus.netsuite().record("salesOrder", salesOrder);
        BigDecimal rate = new BigDecimal(before.at("/item/items/0/rate").asText()).add(new BigDecimal("5.00"));
        netsuite.patch("salesOrder", salesOrder, Map.of("item", Map.of("items", List.of(Map.of("line",
                before.at("/item/items/0/line").asInt(), "rate", rate, "amount", rate)))), null);
        assertThat(new BigDecimal(bus.netsuite().record("salesOrder", salesOrder).get("total").asText())
                .subtract(new BigDecimal(before.get("total").asText()))).isEqualByComparingTo("5.00");

        // an order the bus never hears of: its webhook is lost and the catch-up poll has not run since
        bus.bus().context().getRouteController().stopRoute("bigcommerce-order-catch-up");
        bus.bus().context().getRouteController().stopRoute("bigcommerce-order-webhook");
        int missing = store.placeOrder(Orders.order("mona.missing@example.com", "Mona", 90, 1));
        BigDecimal missingTotal = new BigDecimal(store.order(missing).get("total_inc_tax").asText());

        // the payment provider's payout: its lines come to 43.39 but it deposits 40.00
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        Files.writeString(payouts.resolve("po_recon.csv"), """
                automatic_payout_id,automatic_payout_effective_at,balance_transaction_id,currency,gross,fee,net,reporting_category,description,payment_metadata[order_id]
                po_recon,%s,txn_1,usd,45.00,1.61,43.39,charge,Order,%d
                po_recon,%s,txn_2,usd,-40.00,0.00,-40.00,payout,Payout,
                """.formatted(day, matched, day));
        RecordKey payout = new RecordKey("bigcommerce", "demo", "payout", "po_recon");
        bus.awaitReason(payout, PayoutJournal.PAYOUT_MISMATCH);
        assertThat(bus.record(payout).lastError()).contains("deposits 40.00 USD", "add up to 43.39", "difference of -3.39");
        assertThat(Files.exists(payouts.resolve("processed/po_recon.csv"))).isTrue();

        HttpResponse<String> response = bus.post("/api/reconciliation/run?store=demo&from=" + from + "&to="
                + Instant.now().plusSeconds(60), "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = bus.json(response);
        assertThat(report.path("counts").path("marketplaceOrders").asInt()).isEqualTo(3);
        assertThat(report.path("counts").path("matched").asInt()).isEqualTo(1);
        assertThat(report.path("gapCount").asInt()).isEqualTo(3);
        JsonNode missingGap = gap(report, "ORDER_MISSING");
        assertThat(missingGap.path("subject").asText()).isEqualTo(Integer.toString(missing));
        assertThat(missingGap.path("amount").decimalValue()).isEqualByComparingTo(missingTotal);
        assertThat(missingGap.path("detail").asText()).contains("never received", "announced it to the ledger");
        JsonNode driftGap = gap(report, "TOTAL_MISMATCH");
        assertThat(driftGap.path("subject").asText()).isEqualTo(Integer.toString(drifted));
        assertThat(driftGap.path("amount").decimalValue()).isEqualByComparingTo("-5.00");
        assertThat(driftGap.path("actual").decimalValue().subtract(driftGap.path("expected").decimalValue()))
                .isEqualByComparingTo("5.00");
        JsonNode payoutGap = gap(report, "PAYOUT_MISMATCH");
        assertThat(payoutGap.path("subject").asText()).isEqualTo("po_recon");
        assertThat(payoutGap.path("amount").decimalValue()).isEqualByComparingTo("-3.39");
        assertThat(report.path("byReason").path("ORDER_MISSING").path("count").asInt()).isEqualTo(1);

        // each gap is an event on Kafka, relayed from the outbox
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bus.events("commerce-bus.sync.reconciliation-gap"))
                .extracting(ConsumerRecord::key).contains("demo/ORDER_MISSING/" + missing, "demo/TOTAL_MISMATCH/" + drifted,
                        "demo/PAYOUT_MISMATCH/po_recon"));

        HttpResponse<String> page = bus.get("/reconciliation?store=demo");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Orders missing in NetSuite", "Order totals that differ", "Payouts that do not add up");
        lookAt(page);

        // repair: reconciliation announced the missing order, the bus fetched and delivered it; the next run resolves its gap
        bus.awaitState(new RecordKey("bigcommerce", "demo", "order", Integer.toString(missing)), RecordState.DELIVERED);
        JsonNode again = bus.json(bus.post("/api/reconciliation/run?store=demo&from=" + from + "&to="
                + Instant.now().plusSeconds(60), ""));
        assertThat(again.path("gapCount").asInt()).isEqualTo(2);
        assertThat(again.path("byReason").has("ORDER_MISSING")).isFalse();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bus.events(
                "commerce-bus.sync.reconciliation-resolved")).extracting(ConsumerRecord::key).contains("demo/ORDER_MISSING/" + missing));
        assertThat(bus.json(bus.get("/api/reconciliation/gaps?store=demo")).path("count").asInt()).isEqualTo(2);
    }

    @Test
    void aRunWithoutAStoreOrWithABadPeriodIsRefusedSayingWhatToSend() {
        HttpResponse<String> noStore = bus.post("/api/reconciliation/run", "");
        assertThat(noStore.statusCode()).isEqualTo(400);
        assertThat(bus.json(noStore).path("error").asText()).contains("?store=");
        assertThat(bus.post("/api/reconciliation/run?store=nowhere", "").statusCode()).isEqualTo(404);
        HttpResponse<String> badDate = bus.post("/api/reconciliation/run?store=demo&from=yesterday", "");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(bus.json(badDate).path("error").asText()).contains("2026-11-01");
        assertThat(bus.post("/api/reconciliation/run?store=demo&from=2026-11-02&to=2026-11-01", "").statusCode()).isEqualTo(400);
    }

    private static JsonNode gap(JsonNode report, String reason) {
        for (JsonNode g : report.path("gaps")) {
            if (g.path("reason").asText().equals(reason)) {
                return g;
            }
        }
        throw new AssertionError("no " + reason + " gap in " + report.path("gaps"));
    }

    /** Finance reads the page: headless Chromium renders it; the screenshot is left in target/. */
    private static void lookAt(HttpResponse<String> page) throws Exception {
        HeadlessChromium.require();
        ChromeDriver browser = HeadlessChromium.start(dir);
        try {
            browser.get(page.uri().toString());
            String text = browser.findElement(By.tagName("body")).getText();
            assertThat(text).contains("Reconciliation: store demo", "Orders missing in NetSuite", "Order totals that differ",
                    "Payouts that do not add up");
            assertThat(browser.findElements(By.cssSelector("table tbody tr")).size()).isGreaterThanOrEqualTo(6);
            Files.write(Path.of("target/reconciliation-report.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }
}
