package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BigCommerce refunds reach NetSuite end to end: a Return Authorization from the order's Sales Order, an
 * Item Receipt restocking exactly the returned units at the store's restock location, a Credit Memo for
 * exactly what BigCommerce refunded, and a Customer Refund of the money paid back; a refund of an order
 * not in NetSuite yet waits for it.
 */
class BigCommerceRefundsTest {

    /** Not the order's location (1): the restock goes where the setting says. */
    static final int RESTOCK = 2;

    @TempDir
    static Path dir;
    static TestBus bus;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.store.demo.refunds.location", Integer.toString(RESTOCK));
        bus = TestBus.start(settings);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void oneOfThreeUnitsRefundedIsReceivedBackCreditedAndPaidBack() {
        var store = bus.store();
        var netsuite = bus.netsuite();
        int order = store.placeOrder(Orders.order("rhea.refund@example.com", "Rhea", 77, 3, 81, 1));
        bus.awaitSettled(List.of(order), Duration.ofSeconds(30));
        JsonNode so = netsuite.recordByExternalId("salesOrder", "BC-demo-" + order);
        int mugLine = productId(order, "MUG-11OZ");
        Map<Integer, BigDecimal> mugsBefore = onHand(netsuite, "MUG-11OZ");

        ObjectNode items = items("PRODUCT", mugLine, 1, null);
        JsonNode quote = store.refundQuote(order, items);
        int refund = store.refund(order, paidBack(items, quote));
        JsonNode refunded = store.refunds(order).get(0);
        BigDecimal tax = refunded.get("total_tax").decimalValue().setScale(2);
        BigDecimal total = refunded.get("total_amount").decimalValue();
        assertThat(tax).isPositive();

        RecordKey key = new RecordKey("bigcommerce", "demo", "refund", Integer.toString(refund));
        bus.awaitState(key, RecordState.DELIVERED);
        String externalId = "BC-demo-R" + refund;

        JsonNode ra = netsuite.recordByExternalId("returnAuthorization", externalId + "-RA");
        assertThat(ra.at("/createdFrom/id").asText()).isEqualTo(so.get("id").asText());
        assertThat(lines(ra)).containsExactly(Map.entry("MUG-11OZ", "1 × 12.99"), Map.entry("SALES-TAX", "1 × " + tax));
        assertThat(ra.at("/item/items/0/location/id").asText()).isEqualTo(Integer.toString(RESTOCK));

        // exactly one mug back on hand, at the restock location
        JsonNode receipt = netsuite.recordByExternalId("itemReceipt", externalId + "-IR");
        assertThat(receipt.at("/item/items")).hasSize(1);
        assertThat(receipt.at("/item/items/0/quantity").decimalValue()).isEqualByComparingTo("1");
        assertThat(receipt.at("/item/items/0/location/id").asText()).isEqualTo(Integer.toString(RESTOCK));
        Map<Integer, BigDecimal> mugsAfter = onHand(netsuite, "MUG-11OZ");
        mugsBefore.forEach((location, before) -> assertThat(mugsAfter.get(location)).as("location %s", location)
                .isEqualByComparingTo(location == RESTOCK ? before.add(BigDecimal.ONE) : before));

        // the credit memo is that unit's amount and tax, and the customer refund the money paid back
        JsonNode memo = netsuite.recordByExternalId("creditMemo", externalId);
        assertThat(lines(memo)).containsExactly(Map.entry("MUG-11OZ", "1 × 12.99"), Map.entry("SALES-TAX", "1 × " + tax));
        assertThat(memo.get("total").decimalValue()).isEqualByComparingTo(total)
                .isEqualByComparingTo(new BigDecimal("12.99").add(tax));
        assertThat(bus.record(key).netsuiteId()).isEqualTo(memo.get("id").asText());
        JsonNode customerRefund = netsuite.recordByExternalId("customerRefund", externalId + "-CR");
        assertThat(customerRefund.get("total").decimalValue()).isEqualByComparingTo(total);
        assertThat(customerRefund.at("/account/id").asText()).isEqualTo("4");
        assertThat(customerRefund.at("/apply/items/0/doc/id").asText()).isEqualTo(memo.get("id").asText());
        assertThat(memo.get("amountRemaining").decimalValue()).isZero();

        // the webhook delivered again changes nothing
        String hook = Json.mapper().createObjectNode().put("scope", "store/order/refund/created").put("store_id", "1001")
                .put("created_at", System.currentTimeMillis() / 1000).put("producer", "stores/demo1")
                .set("data", Json.mapper().createObjectNode().put("type", "order").put("id", order)
                        .set("refund", Json.mapper().createObjectNode().put("refund_id", refund))).toString();
        JsonNode answer = bus.json(bus.post("/webhooks/bigcommerce/demo", hook, "X-Commerce-Bus-Secret", TestBus.WEBHOOK_SECRET,
                "Content-Type", "application/json"));
        assertThat(answer.get("refund").asText()).isEqualTo(Integer.toString(refund));
        bus.awaitState(key, RecordState.DELIVERED);
        assertThat(netsuite.records("creditMemo").stream().filter(r -> externalId.equals(r.path("externalId").asText())))
                .hasSize(1);
        assertThat(netsuite.records("customerRefund").stream().filter(r -> (externalId + "-CR").equals(r.path("externalId").asText())))
                .hasSize(1);
        assertThat(onHand(netsuite, "MUG-11OZ")).isEqualTo(mugsAfter);
    }

    @Test
    void aShippingOnlyRefundCreditsShippingAndItsTaxAndRestocksNothing() {
        var store = bus.store();
        var netsuite = bus.netsuite();
        int order = store.placeOrder(Orders.order("sam.shipping@example.com", "Sam", 96, 1));
        bus.awaitSettled(List.of(order), Duration.ofSeconds(30));
        Map<Integer, BigDecimal> capsBefore = onHand(netsuite, "CAP-ONE");
        int address = store.orderProducts(order).get(0).get("order_address_id").asInt();

        ObjectNode items = items("SHIPPING", address, null, new BigDecimal("5.00"));
        int refund = store.refund(order, paidBack(items, store.refundQuote(order, items)));
        JsonNode refunded = store.refunds(order).get(0);
        BigDecimal tax = refunded.get("total_tax").decimalValue().setScale(2);

        RecordKey key = new RecordKey("bigcommerce", "demo", "refund", Integer.toString(refund));
        bus.awaitState(key, RecordState.DELIVERED);
        String externalId = "BC-demo-R" + refund;
        JsonNode memo = netsuite.recordByExternalId("creditMemo", externalId);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("SHIPPING", "1 × 5.00");
        if (tax.signum() != 0) {
            expected.put("SALES-TAX", "1 × " + tax);
        }
        assertThat(lines(memo)).containsExactlyEntriesOf(expected);
        assertThat(memo.get("total").decimalValue()).isEqualByComparingTo(refunded.get("total_amount").decimalValue());
        assertThat(netsuite.recordByExternalId("itemReceipt", externalId + "-IR")).isNull();
        assertThat(onHand(netsuite, "CAP-ONE")).isEqualTo(capsBefore);
        assertThat(netsuite.recordByExternalId("customerRefund", externalId + "-CR").get("total").decimalValue())
                .isEqualByComparingTo(refunded.get("total_amount").decimalValue());
    }

    @Test
    void aRefundOfAnOrderNotInNetSuiteWaitsForItAndIsAppliedOnceTheOrderIsDelivered() {
        var store = bus.store();
        var netsuite = bus.netsuite();
        int order = store.placeOrder(Orders.withCustomProduct(Orders.order("hal.held@example.com", "Hal", 97, 1),
                "LOST-LAMP", "Lost lamp", "15.0000"));
        RecordKey orderKey = new RecordKey("bigcommerce", "demo", "order", Integer.toString(order));
        bus.awaitReason(orderKey, "UNKNOWN_SKU");

        ObjectNode items = items("PRODUCT", productId(order, "LOST-LAMP"), 1, null);
        int refund = store.refund(order, paidBack(items, store.refundQuote(order, items)));
        RecordKey key = new RecordKey("bigcommerce", "demo", "refund", Integer.toString(refund));
        bus.awaitState(key, RecordState.HELD);
        assertThat(bus.record(key).reason()).isEqualTo("AWAITING_ORDER");
        assertThat(netsuite.recordByExternalId("returnAuthorization", "BC-demo-R" + refund + "-RA")).isNull();

        // the item is made and the order replayed: the refund goes on by itself
        bus.awaitSettled(List.of(order), Duration.ofSeconds(30));
        netsuite.createItem("inventoryItem", "LOST-LAMP", "Lost lamp");
        assertThat(bus.post("/api/dead-letters/" + bus.record(orderKey).id() + "/replay", "").statusCode()).isEqualTo(200);
        bus.awaitState(orderKey, RecordState.DELIVERED);
        bus.awaitState(key, RecordState.DELIVERED);
        JsonNode memo = netsuite.recordByExternalId("creditMemo", "BC-demo-R" + refund);
        assertThat(lines(memo)).containsKey("LOST-LAMP");
        assertThat(memo.get("total").decimalValue()).isEqualByComparingTo(store.refunds(order).get(0).get("total_amount").decimalValue());
        assertThat(netsuite.recordByExternalId("itemReceipt", "BC-demo-R" + refund + "-IR").at("/item/items/0/location/id").asText())
                .isEqualTo(Integer.toString(RESTOCK));
        assertThat(onHand(netsuite, "LOST-LAMP").get(RESTOCK)).isEqualByComparingTo("1");
    }

    @Test
    void theBusRegistersTheRefundWebhookAtStartAndRefusesOneWithoutARefund() throws Exception {
        HttpResponse<String> hooks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bus.store().apiUrl()
                + "/v3/hooks")).header("X-Auth-Token", "sandbox-access-token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bus.json(hooks).get("data")).anySatisfy(hook -> {
            assertThat(hook.get("scope").asText()).isEqualTo("store/order/refund/created");
            assertThat(hook.get("destination").asText()).endsWith("/webhooks/bigcommerce/demo");
            assertThat(hook.get("is_active").asBoolean()).isTrue();
        });

        String noRefund = bus.webhook("store/order/refund/created", 100, System.currentTimeMillis() / 1000);
        HttpResponse<String> refused = bus.post("/webhooks/bigcommerce/demo", noRefund, "X-Commerce-Bus-Secret",
                TestBus.WEBHOOK_SECRET, "Content-Type", "application/json");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("refund_id");
    }

    // ---------------------------------------------------------------- helpers

    private static int productId(int order, String sku) {
        return bus.store().orderProducts(order).stream().filter(p -> sku.equals(p.get("sku").asText())).findFirst()
                .orElseThrow().get("id").asInt();
    }

    /** {@code {"items": [one item]}}: a quantity for products, an amount for charges. */
    private static ObjectNode items(String type, int itemId, Integer quantity, BigDecimal amount) {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode item = body.putArray("items").addObject().put("item_type", type).put("item_id", itemId);
        if (quantity != null) {
            item.put("quantity", quantity);
        }
        if (amount != null) {
            item.put("amount", amount);
        }
        return body;
    }

    /** The refund request: the items, all of the quote's total back to the card. */
    private static ObjectNode paidBack(ObjectNode items, JsonNode quote) {
        ObjectNode body = items.deepCopy();
        body.putArray("payments").addObject().put("provider_id", "testgateway")
                .put("amount", quote.get("total_refund_amount").decimalValue()).put("offline", false);
        return body;
    }

    /** A transaction's lines as item name → "quantity × amount". */
    private static Map<String, String> lines(JsonNode transaction) {
        Map<String, String> out = new LinkedHashMap<>();
        NetSuiteSandbox netsuite = bus.netsuite();
        for (JsonNode line : transaction.at("/item/items")) {
            String item = line.at("/item/id").asText();
            String name = netsuite.records("inventoryItem").stream().filter(i -> item.equals(i.get("id").asText()))
                    .map(i -> i.get("itemId").asText()).findFirst()
                    .orElseGet(() -> netsuite.records("otherChargeSaleItem").stream().filter(i -> item.equals(i.get("id").asText()))
                            .map(i -> i.get("itemId").asText()).findFirst().orElse(item));
            out.put(name, line.path("quantity").decimalValue().stripTrailingZeros().toPlainString() + " × "
                    + line.get("amount").decimalValue().setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString());
        }
        return out;
    }

    private static Map<Integer, BigDecimal> onHand(NetSuiteSandbox netsuite, String sku) {
        Map<Integer, BigDecimal> out = new LinkedHashMap<>();
        netsuite.stock(sku).forEach(l -> out.put(l.location(), l.quantityOnHand() == null ? BigDecimal.ZERO : l.quantityOnHand()));
        return out;
    }
}
