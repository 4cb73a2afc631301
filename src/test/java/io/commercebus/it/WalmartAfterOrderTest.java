package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.api.ReconciliationApi;
import io.commercebus.connector.walmart.WalmartOrders;
import io.commercebus.connector.walmart.WalmartShipments;
import io.commercebus.fulfillment.ShipmentPlan;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.reconciliation.MarketplaceOrder;
import io.commercebus.reconciliation.OrderSource;
import io.commercebus.reconciliation.ReconciliationReport;
import io.commercebus.sandbox.walmart.Purchase;
import io.commercebus.sandbox.walmart.ShipNodeType;
import io.commercebus.sandbox.walmart.WalmartSandbox;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After the order, Walmart side: NetSuite's fulfilments ship exactly their lines and quantities with the
 * carrier and tracking number (never twice), a Sales Order cancelled in NetSuite cancels what is left of
 * the order, and reconciliation reads the seller's orders as the mappings do.
 */
class WalmartAfterOrderTest {

    static final String STORE = "walmart-demo";

    @TempDir
    static Path dir;
    static TestBus bus;
    static WalmartSandbox walmart;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.store.walmart-demo.poll.period", "300ms");
        bus = TestBus.start(settings);
        walmart = bus.walmart();
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void aPartialFulfilmentShipsItsLineWithTheTrackingAndTheNextOneTheRest() {
        String po = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("MUG-11OZ", 2),
                Purchase.Item.of("CAP-ONE", 1)));
        bus.awaitState(order(po), RecordState.DELIVERED);

        String first = bus.netsuite().fulfill(salesOrder(po), Map.of("MUG-11OZ", BigDecimal.valueOf(2)), "103",
                List.of("1Z999AA10123456784"));
        bus.awaitState(fulfillment(first), RecordState.DELIVERED);
        assertThat(walmart.lineStatus(po, "1")).isEqualTo("Shipped");
        assertThat(walmart.lineStatus(po, "2")).isEqualTo("Acknowledged");
        List<ObjectNode> shipments = walmart.shipments(po);
        assertThat(shipments).singleElement().satisfies(s -> {
            assertThat(s.get("lineNumber").asText()).isEqualTo("1");
            assertThat(s.get("quantity").asInt()).isEqualTo(2);
            assertThat(s.get("sellerOrderId").asText()).isEqualTo(tranId(first));
            assertThat(s.at("/trackingInfo/trackingNumber").asText()).isEqualTo("1Z999AA10123456784");
            assertThat(s.at("/trackingInfo/carrierName/carrier").asText()).isEqualTo("UPS");
            assertThat(s.at("/trackingInfo/methodCode").asText()).isEqualTo(walmart.order(po).at("/shippingInfo/methodCode").asText());
        });

        String second = bus.netsuite().fulfill(salesOrder(po), null, "105", List.of("449044304137821"));
        bus.awaitState(fulfillment(second), RecordState.DELIVERED);
        assertThat(walmart.lineStatus(po, "2")).isEqualTo("Shipped");
        assertThat(walmart.shipments(po)).hasSize(2).last().satisfies(s -> {
            assertThat(s.get("lineNumber").asText()).isEqualTo("2");
            assertThat(s.get("quantity").asInt()).isEqualTo(1);
            assertThat(s.at("/trackingInfo/carrierName/carrier").asText()).isEqualTo("FedEx");
            assertThat(s.at("/trackingInfo/trackingNumber").asText()).isEqualTo("449044304137821");
        });

        // a delivery run again (a crash after Walmart answered) ships nothing twice
        ShipmentPlan plan = Json.mapper().convertValue(Json.read(bus.record(fulfillment(first)).mapped()), ShipmentPlan.class);
        // the order mapping recorded Walmart's line numbers, which the plan names its lines by
        assertThat(plan.lines()).extracting(ShipmentPlan.Line::lineId, ShipmentPlan.Line::sku).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1", "MUG-11OZ"));
        bus.bus().bean("walmartShipments", WalmartShipments.class).ship(STORE, plan);
        assertThat(walmart.shipments(po)).hasSize(2);
        // the shipped order comes back through the modification poll and maps to the Sales Order NetSuite has
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.record(order(po)).payload().contains("449044304137821")
                && bus.record(order(po)).pendingStage() == null);
        assertThat(bus.record(order(po)).state()).isEqualTo(RecordState.DELIVERED);
    }

    @Test
    void aSalesOrderCancelledInNetSuiteCancelsEveryLineLeftOfTheOrder() {
        String po = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("POSTER-A3", 1),
                Purchase.Item.of("SOCKS-3PK", 3)));
        bus.awaitState(order(po), RecordState.DELIVERED);

        bus.netsuite().cancelSalesOrder(salesOrder(po));

        bus.awaitState(new RecordKey("walmart", STORE, "cancellation", po), RecordState.DELIVERED);
        assertThat(walmart.lineStatus(po, "1")).isEqualTo("Cancelled");
        assertThat(walmart.lineStatus(po, "2")).isEqualTo("Cancelled");
        assertThat(walmart.order(po).at("/orderLines/orderLine/1/orderLineStatuses/orderLineStatus/0/cancellationReason").asText())
                .isEqualTo("CUSTOMER_REQUESTED_SELLER_TO_CANCEL");
        assertThat(walmart.order(po).at("/orderLines/orderLine/1/orderLineStatuses/orderLineStatus/0/statusQuantity/amount")
                .asText()).isEqualTo("3");
        // nothing is left to cancel: a second delivery is a no-op
        bus.bus().bean("walmart", WalmartOrders.class).cancel(STORE, "{\"orderId\":\"" + po + "\"}");
        // the cancelled order comes back by the modification poll; the Sales Order, cancelled already, is left alone
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.record(order(po)).payload().contains("Cancelled")
                && bus.record(order(po)).pendingStage() == null);
        assertThat(bus.record(order(po)).state()).isEqualTo(RecordState.DELIVERED);
        assertThat(bus.netsuite().recordByExternalId("salesOrder", salesOrder(po)).at("/status/id").asText()).isEqualTo("C");
    }

    @Test
    void reconciliationReadsTheSellersOrdersAsTheMappingsDo() {
        Instant from = Instant.now().minusSeconds(1);
        String seller = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("MUG-15OZ", 2)
                .withShipping(new BigDecimal("5.99")), Purchase.Item.of("CAP-ONE", 1)));
        String partlyCancelled = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("TEE-M-BLK", 1),
                Purchase.Item.of("SOCKS-3PK", 1)));
        walmart.cancelLine(partlyCancelled, "2");
        String cancelled = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("POSTER-A2", 1)));
        walmart.cancelLine(cancelled, "1");
        String wfsWaiting = walmart.placeOrder(walmart.demoPurchase().fulfilledBy(ShipNodeType.WFS_FULFILLED)
                .withItems(Purchase.Item.of("TEE-L-BLK", 1)));
        String wfsShipped = walmart.placeOrder(walmart.demoPurchase().fulfilledBy(ShipNodeType.WFS_FULFILLED)
                .withItems(Purchase.Item.of("HOODIE-L", 1)));
        walmart.ship(wfsShipped);
        Instant to = Instant.now().plusSeconds(1);

        OrderSource source = bus.bus().bean("walmartOrderSource", OrderSource.class);
        Map<String, MarketplaceOrder> orders = new LinkedHashMap<>();
        source.ordersCreated(STORE, from, to).forEach(o -> orders.put(o.id(), o));

        assertThat(orders.keySet()).containsExactlyInAnyOrder(seller, partlyCancelled, cancelled, wfsWaiting, wfsShipped);
        for (String po : List.of(seller, partlyCancelled, wfsShipped)) {
            assertThat(orders.get(po).expectedInNetSuite()).as(po).isTrue();
            assertThat(orders.get(po).total()).as(po).isEqualByComparingTo(walmart.orderTotal(po));
            assertThat(orders.get(po).currency()).isEqualTo("USD");
        }
        assertThat(orders.get(cancelled).expectedInNetSuite()).isFalse();
        assertThat(orders.get(wfsWaiting).expectedInNetSuite()).isFalse();
        assertThat(orders.get(partlyCancelled).status()).contains("Cancelled");
        assertThat(source.ordersCreated(STORE, to, to.plusSeconds(60))).isEmpty();
        assertThat(source.order(STORE, seller)).map(MarketplaceOrder::total).hasValue(walmart.orderTotal(seller));
        assertThat(source.order(STORE, "999999999999999")).isEmpty();
        assertThat(source.externalIdPrefix(STORE)).isEqualTo("WMT-walmart-demo-");
        // what the source expects is what the mappings send
        bus.awaitState(order(seller), RecordState.DELIVERED);
        bus.awaitState(order(wfsShipped), RecordState.DELIVERED);
        bus.awaitState(order(partlyCancelled), RecordState.DELIVERED);
        JsonNode so = bus.netsuite().recordByExternalId("salesOrder", salesOrder(seller));
        assertThat(so.get("total").decimalValue()).isEqualByComparingTo(orders.get(seller).total());
        ReconciliationReport report = bus.bus().bean("reconciliationApi", ReconciliationApi.class).run(STORE, from.toString(),
                to.toString());
        assertThat(report.counts()).containsEntry("marketplaceOrders", 5).containsEntry("expectedInNetSuite", 3)
                .containsEntry("matched", 3);
        assertThat(report.gaps()).extracting(ReconciliationReport.GapView::reason).doesNotContain("ORDER_MISSING",
                "TOTAL_MISMATCH", "ORDER_EXTRA");
    }

    static RecordKey order(String po) {
        return new RecordKey("walmart", STORE, "order", po);
    }

    static RecordKey fulfillment(String id) {
        return new RecordKey("walmart", STORE, "fulfillment", id);
    }

    static String salesOrder(String po) {
        return "WMT-" + STORE + "-" + po;
    }

    static String tranId(String fulfillmentId) {
        return bus.netsuite().record("itemFulfillment", fulfillmentId).get("tranId").asText();
    }
}
