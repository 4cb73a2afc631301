package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.api.ReconciliationApi;
import io.commercebus.connector.woocommerce.WooCommerceShipments;
import io.commercebus.fulfillment.ShipmentPlan;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.reconciliation.MarketplaceOrder;
import io.commercebus.reconciliation.OrderSource;
import io.commercebus.reconciliation.ReconciliationReport;
import io.commercebus.sandbox.woocommerce.WooCommerceSandbox;
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
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After the order, WooCommerce side: NetSuite's fulfilments become customer notes with their tracking
 * (the order completed once shipped whole, never noted twice), a Sales Order cancelled in NetSuite
 * cancels the order, a refund becomes a credit memo of exactly what it refunded, and reconciliation
 * reads the store's orders.
 */
class WooCommerceAfterOrderTest {

    static final String STORE = "woo-demo";

    @TempDir
    static Path dir;
    static TestBus bus;
    static WooCommerceSandbox woo;

    @BeforeAll
    static void start() {
        bus = TestBus.start(TestBus.settings(dir));
        woo = bus.woocommerce();
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void eachFulfilmentIsOneNoteWithItsTrackingAndTheSecondCompletesTheOrder() {
        int id = woo.placeOrder(paidOrder("ship.me@example.com", "MUG-11OZ", 2, "CAP-ONE", 1));
        bus.awaitState(order(id), RecordState.DELIVERED);

        String first = bus.netsuite().fulfill(salesOrder(id), Map.of("MUG-11OZ", BigDecimal.valueOf(2)), "103",
                List.of("1Z999AA10123456784"));
        bus.awaitState(fulfillment(first), RecordState.DELIVERED);
        assertThat(shipmentNotes(id)).containsExactly("Shipped via UPS, tracking 1Z999AA10123456784: 2 × MUG-11OZ"
                + " [NetSuite fulfilment " + tranId(first) + "]");
        assertThat(woo.status(id)).isEqualTo("processing");

        String second = bus.netsuite().fulfill(salesOrder(id), null, "105", List.of("449044304137821"));
        bus.awaitState(fulfillment(second), RecordState.DELIVERED);
        await().atMost(Duration.ofSeconds(10)).until(() -> woo.status(id).equals("completed"));
        assertThat(shipmentNotes(id)).hasSize(2).first().asString()
                .isEqualTo("Shipped via FedEx, tracking 449044304137821: 1 × CAP-ONE [NetSuite fulfilment " + tranId(second) + "]");
        assertThat(woo.notes(id)).filteredOn(n -> n.path("note").asText().contains("[NetSuite fulfilment "))
                .allSatisfy(note -> assertThat(note.path("customer_note").asBoolean()).isTrue());

        // a re-run of a delivery (a crash after WooCommerce answered) and a fulfilment edited without a new
        // tracking number write no second note
        ShipmentPlan plan = Json.mapper().convertValue(Json.read(bus.record(fulfillment(first)).mapped()), ShipmentPlan.class);
        // the order mapping recorded WooCommerce's line item ids, which the plan names its lines by
        assertThat(plan.lines()).singleElement().extracting(ShipmentPlan.Line::lineId)
                .isEqualTo(line(woo.order(id), "MUG-11OZ").get("id").asText());
        bus.bus().bean("woocommerceShipments", WooCommerceShipments.class).ship(STORE, plan);
        bus.netsuite().setFulfillmentTracking(first, List.of("1Z999AA10123456784"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> shipmentNotes(id).size() == 2);
        assertThat(woo.status(id)).isEqualTo("completed");
        // the status WooCommerce changed maps to the Sales Order NetSuite has: no second write
        assertThat(bus.netsuite().writes("salesOrder", salesOrder(id))).isEqualTo(1);

        // a corrected tracking number reaches the buyer
        bus.netsuite().setFulfillmentTracking(first, List.of("1Z999AA10123456785"));
        await().atMost(Duration.ofSeconds(10)).until(() -> shipmentNotes(id).size() == 3);
        assertThat(shipmentNotes(id).get(0)).isEqualTo("Shipped via UPS, tracking 1Z999AA10123456785: 2 × MUG-11OZ"
                + " [NetSuite fulfilment " + tranId(first) + "]");
    }

    @Test
    void aRefundOfOneLineIsACreditMemoOfExactlyThatLineAndItsTaxWithTheMoneyPaidBack() {
        int id = woo.placeOrder(paidOrder("refund.me@example.com", "MUG-15OZ", 2, "POSTER-A3", 1));
        bus.awaitState(order(id), RecordState.DELIVERED);
        JsonNode mugs = line(woo.order(id), "MUG-15OZ");
        String tax = mugs.get("taxes").get(0).get("id").asText();
        // one of the two mugs: 14.99 and its 8.25 % tax
        ObjectNode request = Json.mapper().createObjectNode().put("reason", "Chipped").put("api_refund", true);
        request.putArray("line_items").addObject().put("id", mugs.get("id").asInt()).put("quantity", 1)
                .put("refund_total", "14.99").putArray("refund_tax").addObject().put("id", tax).put("refund_total", "1.24");
        int refund = woo.refund(id, request);

        RecordKey key = new RecordKey("woocommerce", STORE, "refund", id + "-" + refund);
        bus.awaitState(key, RecordState.DELIVERED);
        JsonNode memo = bus.netsuite().recordByExternalId("creditMemo", "WOO-" + STORE + "-R" + refund);
        assertThat(memo.get("total").decimalValue()).isEqualByComparingTo("16.23");
        List<JsonNode> lines = StreamSupport.stream(memo.get("item").get("items").spliterator(), false).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines(lines, "inventoryItem", "MUG-15OZ")).singleElement().satisfies(line -> {
            assertThat(line.get("quantity").decimalValue()).isEqualByComparingTo("1");
            assertThat(line.get("amount").decimalValue()).isEqualByComparingTo("14.99");
        });
        assertThat(lines(lines, "otherChargeSaleItem", "SALES-TAX")).singleElement()
                .satisfies(line -> assertThat(line.get("amount").decimalValue()).isEqualByComparingTo("1.24"));
        JsonNode paidBack = bus.netsuite().recordByExternalId("customerRefund", "WOO-" + STORE + "-R" + refund + "-CR");
        assertThat(paidBack.get("total").decimalValue()).isEqualByComparingTo("16.23");
        assertThat(paidBack.get("account").get("id").asText()).isEqualTo("5");
        // the order's later versions (the refund's own webhook, a poll) announce nothing new
        assertThat(bus.ledger().findAll("woocommerce", STORE, "refund", List.of(id + "-" + refund))).hasSize(1);
        assertThat(bus.record(order(id)).state()).isEqualTo(RecordState.DELIVERED);
    }

    @Test
    void aSalesOrderCancelledInNetSuiteCancelsTheOrder() {
        int id = woo.placeOrder(paidOrder("cancel.me@example.com", "SOCKS-3PK", 3));
        bus.awaitState(order(id), RecordState.DELIVERED);

        bus.netsuite().cancelSalesOrder(salesOrder(id));

        bus.awaitState(new RecordKey("woocommerce", STORE, "cancellation", Integer.toString(id)), RecordState.DELIVERED);
        assertThat(woo.status(id)).isEqualTo("cancelled");
        // WooCommerce's order.updated comes back as a cancelled order: the Sales Order, cancelled already, is left alone
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.record(order(id)).pendingStage() == null
                && bus.record(order(id)).payload().contains("\"cancelled\""));
        assertThat(bus.record(order(id)).state()).isEqualTo(RecordState.DELIVERED);
        assertThat(bus.netsuite().recordByExternalId("salesOrder", salesOrder(id)).get("status").get("id").asText())
                .isEqualTo("C");
    }

    @Test
    void reconciliationReadsTheStoresOrdersWithWhatTheBuyerPaidAndWhetherNetSuiteShouldHaveThem() {
        Instant from = Instant.now().minusSeconds(1);
        int paid = woo.placeOrder(paidOrder("count.me@example.com", "MUG-11OZ", 1));
        ObjectNode unpaidBody = paidOrder("count.me@example.com", "CAP-ONE", 1);
        unpaidBody.put("set_paid", false).put("status", "pending");
        int unpaid = woo.placeOrder(unpaidBody);
        ObjectNode refundedBody = paidOrder("count.me@example.com", "POSTER-A3", 1);
        refundedBody.remove("shipping_lines");
        int refunded = woo.placeOrder(refundedBody);
        // refunded in full, paid back outside WooCommerce: the order becomes `refunded`
        JsonNode poster = line(woo.order(refunded), "POSTER-A3");
        ObjectNode whole = Json.mapper().createObjectNode().put("api_refund", false);
        whole.putArray("line_items").addObject().put("id", poster.get("id").asInt()).put("quantity", 1)
                .put("refund_total", poster.get("total").asText()).putArray("refund_tax").addObject()
                .put("id", poster.get("taxes").get(0).get("id").asText()).put("refund_total", poster.get("total_tax").asText());
        int refund = woo.refund(refunded, whole);
        assertThat(woo.status(refunded)).isEqualTo("refunded");
        Instant to = Instant.now().plusSeconds(1);

        OrderSource source = bus.bus().bean("woocommerceOrderSource", OrderSource.class);
        Map<String, MarketplaceOrder> orders = new LinkedHashMap<>();
        source.ordersCreated(STORE, from, to).forEach(o -> orders.put(o.id(), o));

        assertThat(orders.keySet()).contains(Integer.toString(paid), Integer.toString(unpaid), Integer.toString(refunded));
        MarketplaceOrder p = orders.get(Integer.toString(paid));
        assertThat(p.total()).isEqualByComparingTo(woo.order(paid).get("total").asText());
        assertThat(p.currency()).isEqualTo("USD");
        assertThat(p.expectedInNetSuite()).isTrue();
        assertThat(orders.get(Integer.toString(unpaid)).expectedInNetSuite()).isFalse();
        assertThat(orders.get(Integer.toString(refunded)).expectedInNetSuite()).isTrue();
        assertThat(source.ordersCreated(STORE, to, to.plusSeconds(60))).isEmpty();
        assertThat(source.order(STORE, Integer.toString(paid))).map(MarketplaceOrder::status).hasValue("processing");
        assertThat(source.order(STORE, "999999")).isEmpty();
        assertThat(source.externalIdPrefix(STORE)).isEqualTo("WOO-woo-demo-");
        // the refunded order was paid: it reaches NetSuite like the paid one, and its refund is a credit only
        bus.awaitState(order(refunded), RecordState.DELIVERED);
        bus.awaitState(new RecordKey("woocommerce", STORE, "refund", refunded + "-" + refund), RecordState.DELIVERED);
        assertThat(bus.netsuite().recordByExternalId("creditMemo", "WOO-" + STORE + "-R" + refund).get("total").decimalValue())
                .isEqualByComparingTo(woo.order(refunded).get("total").asText());
        assertThat(bus.netsuite().recordByExternalId("customerRefund", "WOO-" + STORE + "-R" + refund + "-CR")).isNull();

        // reconciliation finds NetSuite as the store says it should be
        bus.awaitState(order(paid), RecordState.DELIVERED);
        ReconciliationReport report = bus.bus().bean("reconciliationApi", ReconciliationApi.class).run(STORE, from.toString(),
                to.toString());
        assertThat(report.counts()).containsEntry("marketplaceOrders", 3).containsEntry("expectedInNetSuite", 2)
                .containsEntry("matched", 2);
        assertThat(report.gaps()).extracting(ReconciliationReport.GapView::reason).doesNotContain("ORDER_MISSING",
                "TOTAL_MISMATCH", "ORDER_EXTRA");
    }

    // ---------------------------------------------------------------- helpers

    static RecordKey order(int id) {
        return new RecordKey("woocommerce", STORE, "order", Integer.toString(id));
    }

    static RecordKey fulfillment(String id) {
        return new RecordKey("woocommerce", STORE, "fulfillment", id);
    }

    static String salesOrder(int id) {
        return "WOO-" + STORE + "-" + id;
    }

    static String tranId(String fulfillmentId) {
        return bus.netsuite().record("itemFulfillment", fulfillmentId).get("tranId").asText();
    }

    /** The bus's shipment notes of the order, newest first. */
    static List<String> shipmentNotes(int id) {
        return woo.notes(id).stream().map(n -> n.path("note").asText()).filter(n -> n.contains("[NetSuite fulfilment ")).toList();
    }

    /** The transaction lines of one NetSuite item, named by its item id. */
    static List<JsonNode> lines(List<JsonNode> items, String recordType, String itemId) {
        String internalId = bus.netsuite().records(recordType).stream().filter(r -> itemId.equals(r.path("itemId").asText()))
                .findFirst().orElseThrow().get("id").asText();
        return items.stream().filter(line -> internalId.equals(line.path("item").path("id").asText())).toList();
    }

    static JsonNode line(JsonNode order, String sku) {
        return StreamSupport.stream(order.get("line_items").spliterator(), false).filter(l -> sku.equals(l.path("sku").asText()))
                .findFirst().orElseThrow();
    }

    /** A paid card order of these SKUs and quantities, shipped by UPS Ground, without coupons or fees. */
    static ObjectNode paidOrder(String email, Object... skuAndQuantity) {
        ObjectNode body = woo.demoOrderBody();
        body.put("customer_id", 0).put("set_paid", true).put("status", "processing").put("payment_method", "stripe")
                .put("payment_method_title", "Credit Card (Stripe)").put("transaction_id", "ch_" + Math.abs(email.hashCode()));
        ((ObjectNode) body.get("billing")).put("email", email).put("company", "");
        body.remove("coupon_lines");
        body.remove("fee_lines");
        ArrayNode lines = body.putArray("line_items");
        for (int i = 0; i + 1 < skuAndQuantity.length; i += 2) {
            lines.addObject().put("sku", (String) skuAndQuantity[i]).put("quantity", (Integer) skuAndQuantity[i + 1]);
        }
        body.putArray("shipping_lines").addObject().put("method_id", "flat_rate").put("method_title", "UPS Ground")
                .put("total", "8.00");
        return body;
    }
}
