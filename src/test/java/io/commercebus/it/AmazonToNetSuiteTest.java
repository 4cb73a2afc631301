package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.sandbox.amazon.AmazonSandbox;
import io.commercebus.sandbox.amazon.NewOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Amazon orders through the SP-API sandbox: seller-fulfilled ones become Sales Orders once paid,
 * FBA ones Cash Sales in the FBA location once shipped, cancellations close what was imported.
 */
class AmazonToNetSuiteTest {

    @TempDir
    static Path dir;
    static TestBus bus;
    static AmazonSandbox amazon;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.store.amazon-demo.poll.period", "300ms");
        bus = TestBus.start(settings);
        amazon = bus.amazon();
        // the poll runs every 300 ms here; Amazon's own plan (a request a minute after a burst of 20)
        // would hold it back, and the client follows the rate the sandbox reports
        amazon.setUsagePlan("getOrders", 50, 100);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    static RecordKey key(String orderId) {
        return new RecordKey("amazon", "amazon-demo", "order", orderId);
    }

    static NewOrder order(String channel, NewOrder.Line... lines) {
        return amazon.demoOrder().withChannel(channel).withStatus("Pending").withLines(List.of(lines));
    }

    @Test
    void aSellerFulfilledOrderWaitsForPaymentThenBecomesASalesOrderThatAddsUpToWhatTheBuyerPaid() {
        String id = amazon.placeOrder(order("MFN",
                NewOrder.Line.of("MUG-11OZ", 2).withShipping(new BigDecimal("4.99")).withPromotion("SAVE2", new BigDecimal("2.00")),
                NewOrder.Line.of("POSTER-A3", 1).withShipping(new BigDecimal("3.49")).withFreeShipping("FREESHIP")));
        bus.awaitState(key(id), RecordState.SKIPPED);
        assertThat(bus.record(key(id)).reason()).isEqualTo("AWAITING_PAYMENT");

        amazon.advance(id, "Unshipped");

        bus.awaitState(key(id), RecordState.DELIVERED);
        JsonNode so = bus.netsuite().recordByExternalId("salesOrder", "AMZ-amazon-demo-" + id);
        assertThat(so).isNotNull();
        assertThat(so.get("total").decimalValue())
                .isEqualByComparingTo(new BigDecimal(amazon.order(id).get("OrderTotal").get("Amount").asText()));
        assertThat(so.get("otherRefNum").asText()).isEqualTo(id);
    }

    @Test
    void anFbaOrderBecomesACashSaleInTheFbaLocationOnceAmazonShipsIt() {
        String id = amazon.placeOrder(order("AFN", NewOrder.Line.of("TEE-M-BLK", 3)));
        amazon.advance(id, "Unshipped");
        bus.awaitReason(key(id), "AWAITING_SHIPMENT");
        assertThat(bus.netsuite().recordByExternalId("cashSale", "AMZ-amazon-demo-" + id)).isNull();

        amazon.advance(id, "Shipped");

        bus.awaitState(key(id), RecordState.DELIVERED);
        JsonNode cashSale = bus.netsuite().recordByExternalId("cashSale", "AMZ-amazon-demo-" + id);
        assertThat(cashSale.get("location").get("id").asText()).isEqualTo("9");
        assertThat(cashSale.get("undepFunds").asBoolean()).isTrue();
        assertThat(cashSale.get("total").decimalValue())
                .isEqualByComparingTo(new BigDecimal(amazon.order(id).get("OrderTotal").get("Amount").asText()));
        assertThat(bus.netsuite().recordByExternalId("salesOrder", "AMZ-amazon-demo-" + id)).isNull();
    }

    @Test
    void anOrderCancelledBeforeImportIsSkippedAndOneCancelledAfterImportClosesItsSalesOrder() {
        String early = amazon.placeOrder(order("MFN", NewOrder.Line.of("CAP-ONE", 1)));
        bus.awaitReason(key(early), "AWAITING_PAYMENT");
        amazon.advance(early, "Canceled");
        bus.awaitReason(key(early), "CANCELLED_BEFORE_IMPORT");

        String late = amazon.placeOrder(order("MFN", NewOrder.Line.of("CAP-ONE", 2), NewOrder.Line.of("SOCKS-3PK", 1)));
        amazon.advance(late, "Unshipped");
        bus.awaitState(key(late), RecordState.DELIVERED);
        amazon.advance(late, "Canceled");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode so = bus.netsuite().recordByExternalId("salesOrder", "AMZ-amazon-demo-" + late);
            assertThat(so.get("item").get("items")).hasSize(3).allSatisfy(line -> assertThat(line.path("isClosed").asBoolean()).isTrue());
        });
        // NetSuite shows the lines closed a moment before the ledger records the delivery
        bus.awaitState(key(late), RecordState.DELIVERED);
        assertThat(bus.netsuite().recordByExternalId("salesOrder", "AMZ-amazon-demo-" + early)).isNull();
    }

    @Test
    void everyAnonymisedBuyerLandsOnTheStoresSharedAmazonCustomer() {
        String a = amazon.placeOrder(order("MFN", NewOrder.Line.of("HOODIE-L", 1)).withBuyerEmail("a1b2c3d4e5f6g7h@marketplace.amazon.com"));
        String b = amazon.placeOrder(order("MFN", NewOrder.Line.of("HOODIE-L", 1)).withBuyerEmail("z9y8x7w6v5u4t3s@marketplace.amazon.com"));
        amazon.advance(a, "Unshipped");
        amazon.advance(b, "Unshipped");
        bus.awaitState(key(a), RecordState.DELIVERED);
        bus.awaitState(key(b), RecordState.DELIVERED);

        String entityA = bus.netsuite().recordByExternalId("salesOrder", "AMZ-amazon-demo-" + a).get("entity").get("id").asText();
        String entityB = bus.netsuite().recordByExternalId("salesOrder", "AMZ-amazon-demo-" + b).get("entity").get("id").asText();
        assertThat(entityB).isEqualTo(entityA);
        JsonNode shared = bus.netsuite().record("customer", entityA);
        assertThat(shared.get("companyName").asText()).isEqualTo("Amazon Sales");
        assertThat(shared.toString()).doesNotContain("marketplace.amazon.com");
    }

    @Test
    void anAmazonSkuUnknownToNetSuiteFailsLoudly() {
        String id = amazon.placeOrder(order("MFN", NewOrder.Line.custom("AMZ-ONLY-SKU", "Listing without an item",
                new BigDecimal("12.00"), 1)));
        amazon.advance(id, "Unshipped");

        bus.awaitState(key(id), RecordState.DEAD);
        assertThat(bus.record(key(id)).reason()).isEqualTo("UNKNOWN_SKU");
        assertThat(bus.record(key(id)).lastError()).contains("AMZ-ONLY-SKU");
    }

    @Test
    void aThrottlingStormOnlyDelaysTheOrders() {
        // Amazon answers getOrder and getOrderItems once a second at most, with no burst
        amazon.setUsagePlan("getOrder", 2, 1);
        amazon.setUsagePlan("getOrderItems", 2, 1);
        long throttledBefore = throttled();
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(amazon.placeOrder(order("MFN", NewOrder.Line.of("MUG-15OZ", 1))));
            }
            ids.forEach(id -> amazon.advance(id, "Unshipped"));

            bus.awaitSettledKeys(ids.stream().map(AmazonToNetSuiteTest::key).toList(), Duration.ofSeconds(90));
            ids.forEach(id -> assertThat(bus.record(key(id)).state()).as(id).isEqualTo(RecordState.DELIVERED));
            assertThat(throttled()).as("Amazon refused requests meanwhile").isGreaterThan(throttledBefore);
        } finally {
            amazon.setUsagePlan("getOrder", 0.5, 30);
            amazon.setUsagePlan("getOrderItems", 0.5, 30);
        }
    }

    private static long throttled() {
        return ((Number) amazon.stats().get("throttled")).longValue();
    }
}
