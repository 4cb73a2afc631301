package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.api.ReconciliationApi;
import io.commercebus.connector.bigcommerce.BigCommerceShipments;
import io.commercebus.fulfillment.ShipmentPlan;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.reconciliation.ReconciliationReport;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * BigCommerce after the order, end to end: NetSuite's fulfilments become the store's shipments (exactly
 * their products, quantities and carriers, never twice), a cancellation on either side reaches the
 * other once, without coming back, and reconciliation reads the store's orders through the connector.
 */
class BigCommerceShipmentsAndCancellationsTest {

    @TempDir
    static Path dir;
    static TestBus bus;

    @BeforeAll
    static void start() {
        bus = TestBus.start(dir);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void twoFulfilmentsBecomeExactlyTwoShipmentsWithTheirProductsQuantitiesAndCarriers() {
        var store = bus.store();
        var netsuite = bus.netsuite();
        int order = store.placeOrder(Orders.order("shirley.shipped@example.com", "Shirley", 77, 2, 81, 1, 90, 3));
        bus.awaitSettled(List.of(order), Duration.ofSeconds(30));
        assertThat(bus.record(order).state()).isEqualTo(RecordState.DELIVERED);
        Map<String, Integer> productBySku = store.orderProducts(order).stream()
                .collect(Collectors.toMap(p -> p.get("sku").asText(), p -> p.get("id").asInt()));

        // lines 1 and 2 by UPS Ground (103), line 3 by FedEx 2Day (105) with two parcels
        String ups = netsuite.fulfill("BC-demo-" + order, Map.of("MUG-11OZ", BigDecimal.valueOf(2), "POSTER-A2", BigDecimal.ONE),
                "103", List.of("1ZUPS0001"));
        await().atMost(Duration.ofSeconds(20)).until(() -> store.shipments(order).size() == 1);
        ObjectNode first = store.shipments(order).get(0);
        assertThat(items(first)).containsExactlyInAnyOrderEntriesOf(Map.of(productBySku.get("MUG-11OZ"), 2,
                productBySku.get("POSTER-A2"), 1));
        assertThat(first.get("shipping_provider").asText()).isEqualTo("ups");
        assertThat(first.get("tracking_carrier").asText()).isEqualTo("ups");
        assertThat(first.get("tracking_number").asText()).isEqualTo("1ZUPS0001");
        String upsTranId = netsuite.record("itemFulfillment", ups).get("tranId").asText();
        assertThat(first.get("comments").asText()).isEqualTo("NetSuite fulfilment " + upsTranId);
        assertThat(first.get("order_address_id").asInt()).isEqualTo(store.orderProducts(order).get(0).get("order_address_id").asInt());
        assertThat(store.order(order).get("status_id").asInt()).isEqualTo(3);
        RecordKey upsKey = new RecordKey("bigcommerce", "demo", "fulfillment", ups);
        bus.awaitState(upsKey, RecordState.DELIVERED);

        String fedex = netsuite.fulfill("BC-demo-" + order, Map.of("TEE-M-BLK", BigDecimal.valueOf(3)), "105",
                List.of("FDX0001", "FDX0002"));
        await().atMost(Duration.ofSeconds(20)).until(() -> store.shipments(order).size() == 2);
        ObjectNode second = store.shipments(order).get(1);
        assertThat(items(second)).containsExactlyEntriesOf(Map.of(productBySku.get("TEE-M-BLK"), 3));
        assertThat(second.get("shipping_provider").asText()).isEqualTo("fedex");
        assertThat(second.get("tracking_number").asText()).isEqualTo("FDX0001");
        assertThat(second.get("comments").asText()).isEqualTo("NetSuite fulfilment "
                + netsuite.record("itemFulfillment", fedex).get("tranId").asText() + "; more tracking numbers: FDX0002");
        assertThat(store.order(order).get("status_id").asInt()).isEqualTo(2);
        RecordKey fedexKey = new RecordKey("bigcommerce", "demo", "fulfillment", fedex);
        bus.awaitState(fedexKey, RecordState.DELIVERED);
        assertThat(bus.record(fedexKey).netsuiteId()).isEqualTo(fedex);

        // a later edit of the first fulfilment is staged again: its shipment's tracking is updated, no shipment added
        netsuite.setFulfillmentTracking(ups, List.of("1ZUPS0001", "1ZUPS0002"));
        await().atMost(Duration.ofSeconds(20)).until(() -> store.shipments(order).get(0).get("comments").asText()
                .endsWith("; more tracking numbers: 1ZUPS0002"));
        bus.awaitState(upsKey, RecordState.DELIVERED);

        // delivering a plan again, as after a crash before the ledger recorded the shipment, finds the one made
        ShipmentPlan plan = Json.mapper().convertValue(Json.read(bus.record(fedexKey).mapped()), ShipmentPlan.class);
        bus.bus().bean("bigcommerceShipments", BigCommerceShipments.class).ship("demo", plan);
        assertThat(store.shipments(order)).hasSize(2);
        assertThat(store.orderProducts(order)).allSatisfy(p -> assertThat(p.get("quantity_shipped").asInt())
                .isEqualTo(p.get("quantity").asInt()));
        assertThat(store.order(order).get("status_id").asInt()).isEqualTo(2);
    }

    @Test
    void aSalesOrderCancelledInNetSuiteCancelsTheOrderOnceAndNothingComesBack() throws Exception {
        var store = bus.store();
        var netsuite = bus.netsuite();
        int order = store.placeOrder(Orders.order("carl.cancelled@example.com", "Carl", 78, 1));
        bus.awaitSettled(List.of(order), Duration.ofSeconds(30));
        long cancelsBefore = store.requests("PUT /v2/orders/{order_id}");

        netsuite.cancelSalesOrder("BC-demo-" + order);
        RecordKey key = new RecordKey("bigcommerce", "demo", "cancellation", Integer.toString(order));
        bus.awaitState(key, RecordState.DELIVERED);
        assertThat(store.order(order).get("status_id").asInt()).isEqualTo(5);
        assertThat(bus.record(key).netsuiteExternalId()).isEqualTo("BC-demo-" + order);

        // BigCommerce's webhooks bring the cancelled order back: it closes nothing, NetSuite's order is cancelled
        await().atMost(Duration.ofSeconds(20)).until(() -> bus.record(order).payload().contains("\"status_id\":5")
                && bus.record(order).pendingStage() == null);
        Thread.sleep(1000);
        assertThat(bus.record(order).state()).isEqualTo(RecordState.DELIVERED);
        assertThat(netsuite.recordByExternalId("salesOrder", "BC-demo-" + order).at("/status/id").asText()).isEqualTo("C");
        assertThat(netsuite.writes("salesOrder", "BC-demo-" + order)).isEqualTo(1);
        assertThat(store.requests("PUT /v2/orders/{order_id}") - cancelsBefore).isEqualTo(1);
        assertThat(bus.record(key).attempts()).isZero();
    }

    @Test
    void anOrderCancelledInBigCommerceAfterImportClosesItsSalesOrderAndIsNotSentBack() throws Exception {
        var store = bus.store();
        var netsuite = bus.netsuite();
        int order = store.placeOrder(Orders.order("bea.cancelled@example.com", "Bea", 82, 2, 96, 1));
        bus.awaitSettled(List.of(order), Duration.ofSeconds(30));
        long cancelsBefore = store.requests("PUT /v2/orders/{order_id}");

        store.setOrderStatus(order, 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode so = netsuite.recordByExternalId("salesOrder", "BC-demo-" + order);
            return so.at("/status/id").asText().equals("H");
        });
        JsonNode so = netsuite.recordByExternalId("salesOrder", "BC-demo-" + order);
        assertThat(so.at("/item/items")).isNotEmpty().allSatisfy(line -> assertThat(line.get("isClosed").asBoolean()).isTrue());
        bus.awaitState(new RecordKey("bigcommerce", "demo", "order", Integer.toString(order)), RecordState.DELIVERED);

        // closed is not cancelled: NetSuite's cancellation intake stages nothing, the store is not called
        Thread.sleep(1500);
        assertThat(bus.ledger().find(new RecordKey("bigcommerce", "demo", "cancellation", Integer.toString(order)))).isEmpty();
        assertThat(store.requests("PUT /v2/orders/{order_id}")).isEqualTo(cancelsBefore);
        assertThat(store.order(order).get("status_id").asInt()).isEqualTo(5);
    }

    @Test
    void anOrderCancelledBeforeItReachedNetSuiteIsLeftOut() {
        var store = bus.store();
        ObjectNode body = Orders.order("cora.cancelled@example.com", "Cora", 97, 1);
        body.put("status_id", 5);
        int order = store.placeOrder(body);
        RecordKey key = new RecordKey("bigcommerce", "demo", "order", Integer.toString(order));
        bus.awaitReason(key, "CANCELLED_BEFORE_IMPORT");
        LedgerRecord record = bus.record(key);
        assertThat(record.state()).isEqualTo(RecordState.SKIPPED);
        assertThat(bus.netsuite().recordByExternalId("salesOrder", "BC-demo-" + order)).isNull();
    }

    @Test
    void reconciliationReadsTheStoresOrdersThroughTheConnector() throws Exception {
        var store = bus.store();
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Duration.between(Instant.now(), from).toMillis() + 20);
        int paid = store.placeOrder(Orders.order("rita.recon@example.com", "Rita", 91, 2));
        ObjectNode cancelledBody = Orders.order("rob.recon@example.com", "Rob", 92, 1);
        cancelledBody.put("status_id", 5);
        int cancelled = store.placeOrder(cancelledBody);
        bus.awaitSettled(List.of(paid, cancelled), Duration.ofSeconds(30));
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);

        ReconciliationReport report = bus.bus().bean("reconciliationApi", ReconciliationApi.class)
                .run("demo", from.toString(), to.toString());
        assertThat(report.counts()).containsEntry("marketplaceOrders", 2).containsEntry("expectedInNetSuite", 1)
                .containsEntry("matched", 1);
        assertThat(report.gaps()).extracting(ReconciliationReport.GapView::reason)
                .doesNotContain("ORDER_MISSING", "ORDER_EXTRA", "TOTAL_MISMATCH");
    }

    private static Map<Integer, Integer> items(JsonNode shipment) {
        Map<Integer, Integer> out = new java.util.LinkedHashMap<>();
        shipment.get("items").forEach(i -> out.merge(i.get("order_product_id").asInt(), i.get("quantity").asInt(), Integer::sum));
        return out;
    }
}
