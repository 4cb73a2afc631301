package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Item fulfillments from Sales Orders: stock, the order's status, refusals, transforms, cancellation, the warehouse. */
class NetSuiteFulfilmentTest {

    NetSuiteSandbox sandbox;
    NetSuiteCalls calls;
    String customer;
    String mug;
    String cap;

    @BeforeEach
    void start() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        calls = new NetSuiteCalls(sandbox);
        customer = calls.customer("ship@example.com");
        mug = calls.itemId("MUG-11OZ");
        cap = calls.itemId("CAP-ONE");
        sandbox.setStock("MUG-11OZ", 1, BigDecimal.valueOf(20));
        sandbox.setStock("CAP-ONE", 1, BigDecimal.valueOf(10));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void twoPartialFulfilmentsMoveStockAndTheOrdersStatusAndOverFulfilmentIsRefused() {
        Instant t0 = Instant.parse("2026-11-23T16:00:00Z");
        sandbox.setClock(Clock.fixed(t0, ZoneOffset.UTC));
        String so = calls.upsert("salesOrder", "SO-SHIP", order(line(mug, 3), line(cap, 1)), "item").createdId();
        JsonNode created = calls.record("salesOrder", so);
        assertThat(created.at("/status/id").asText()).isEqualTo("B");
        assertThat(created.at("/orderStatus/refName").asText()).isEqualTo("Pending Fulfillment");
        assertThat(created.at("/item/items/0/line").asInt()).isEqualTo(1);
        assertThat(created.at("/item/items/1/line").asInt()).isEqualTo(2);
        assertThat(level("MUG-11OZ")).containsExactly(bd(20), bd(3), bd(17));

        // the first shipment: 2 mugs by UPS Ground, with a tracking number
        sandbox.setClock(Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC));
        String first = sandbox.fulfill("SO-SHIP", Map.of("MUG-11OZ", bd(2)), "103", List.of("1Z999AA10123456784"));
        JsonNode fulfilment = calls.record("itemFulfillment", first);
        assertThat(fulfilment.at("/createdFrom/id").asText()).isEqualTo(so);
        assertThat(fulfilment.at("/createdFrom/refName").asText()).isEqualTo("Sales Order #SO" + so);
        assertThat(fulfilment.at("/entity/id").asText()).isEqualTo(customer);
        assertThat(fulfilment.at("/shipStatus/id").asText()).isEqualTo("C");
        assertThat(fulfilment.at("/shipStatus/refName").asText()).isEqualTo("Shipped");
        assertThat(fulfilment.at("/shipMethod/refName").asText()).isEqualTo("UPS Ground");
        assertThat(fulfilment.at("/shipCarrier/id").asText()).isEqualTo("ups");
        assertThat(fulfilment.at("/package/items/0/packageTrackingNumber").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(fulfilment.at("/item/items")).hasSize(1);
        JsonNode shipped = fulfilment.at("/item/items/0");
        assertThat(shipped.get("orderLine").asInt()).isEqualTo(1);
        assertThat(shipped.at("/item/id").asText()).isEqualTo(mug);
        assertThat(shipped.get("quantity").asInt()).isEqualTo(2);
        assertThat(shipped.at("/location/id").asText()).isEqualTo("1");
        assertThat(shipped.get("itemReceive").asBoolean()).isTrue();
        assertThat(fulfilment.get("tranDate").asText()).isEqualTo("2026-11-23");

        // on hand −2 and the commitment consumed: available is unchanged, and so is the time it last changed
        assertThat(level("MUG-11OZ")).containsExactly(bd(18), bd(1), bd(17));
        assertThat(sandbox.stock("MUG-11OZ").get(0).lastQuantityAvailableChange()).isEqualTo(t0);
        JsonNode partly = calls.record("salesOrder", so);
        assertThat(partly.at("/item/items/0/quantityFulfilled").asInt()).isEqualTo(2);
        assertThat(partly.at("/item/items/0/quantityCommitted").asInt()).isEqualTo(1);
        assertThat(partly.at("/status/id").asText()).isEqualTo("E");
        assertThat(partly.at("/status/refName").asText()).isEqualTo("Pending Billing/Partially Fulfilled");
        assertThat(partly.get("lastModifiedDate").asText()).isEqualTo("2026-11-23T16:01:00Z");

        // more than is left of the line is refused, and changes nothing
        NetSuiteCalls.Answer over = calls.create("itemFulfillment", fulfilmentBody(so, 1, 2));
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.errorCode()).isEqualTo("USER_ERROR");
        assertThat(over.detail()).contains("more than is left of line 1");
        assertThat(level("MUG-11OZ")).containsExactly(bd(18), bd(1), bd(17));

        // the rest: every line left, by the transform, the body naming nothing
        NetSuiteCalls.Answer rest = calls.send("POST", "/services/rest/record/v1/salesOrder/" + so
                + "/!transform/itemFulfillment", Map.of("memo", "the rest"));
        String second = rest.createdId();
        assertThat(rest.location()).endsWith("/services/rest/record/v1/itemFulfillment/" + second);
        assertThat(calls.record("itemFulfillment", second).at("/item/items")).extracting(l -> l.get("quantity").asInt())
                .containsExactly(1, 1);
        assertThat(level("MUG-11OZ")).containsExactly(bd(17), bd(0), bd(17));
        assertThat(level("CAP-ONE")).containsExactly(bd(9), bd(0), bd(9));
        JsonNode done = calls.record("salesOrder", so);
        assertThat(done.at("/status/id").asText()).isEqualTo("F");
        assertThat(done.at("/status/refName").asText()).isEqualTo("Pending Billing");

        // nothing left: NetSuite cannot initialise another fulfilment
        NetSuiteCalls.Answer nothing = calls.send("POST", "/services/rest/record/v1/salesOrder/" + so
                + "/!transform/itemFulfillment", Map.of());
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.errorCode()).isEqualTo("INVALID_INITIALIZE_REF");

        // a fulfilled line cannot be taken off the order
        NetSuiteCalls.Answer shrink = calls.upsert("salesOrder", "SO-SHIP", order(line(mug, 1)), "item");
        assertThat(shrink.status()).isEqualTo(400);
        assertThat(shrink.detail()).contains("has been fulfilled");
    }

    @Test
    void aTransformTakesTheLinesTheBodyChangesSkipsOrMovesAndRefusesClosedLinesAndOtherTypes() {
        String so = calls.upsert("salesOrder", "SO-T", order(line(mug, 4), line(cap, 2)), "item").createdId();
        sandbox.setStock("MUG-11OZ", 2, BigDecimal.valueOf(5));

        // as the Help Center's sample: orderLine 1 partly from another location, orderLine 2 left out
        ObjectNode body = calls.json.createObjectNode();
        ArrayNode items = body.putObject("item").putArray("items");
        items.addObject().put("orderLine", 1).put("quantity", 1).putObject("location").put("id", "2");
        items.addObject().put("orderLine", 2).put("itemreceive", false);
        body.putObject("package").putArray("items").addObject().put("packageTrackingNumber", "9400100000000000000001")
                .put("packageWeight", 0.6).put("packageDescr", "one mug");
        String id = calls.send("POST", "/services/rest/record/v1/salesorder/" + so + "/!transform/itemfulfillment", body)
                .createdId();
        JsonNode fulfilment = calls.record("itemFulfillment", id);
        assertThat(fulfilment.at("/item/items")).hasSize(1);
        assertThat(fulfilment.at("/item/items/0/location/id").asText()).isEqualTo("2");
        assertThat(fulfilment.at("/package/items/0/packageDescr").asText()).isEqualTo("one mug");
        // the stock left the East Warehouse; the Main Warehouse commitment shrank to the 3 left
        assertThat(sandbox.stock("MUG-11OZ").get(1).quantityOnHand()).isEqualByComparingTo("4");
        assertThat(level("MUG-11OZ")).containsExactly(bd(20), bd(3), bd(17));

        // a closed line cannot be fulfilled
        ObjectNode close = calls.json.createObjectNode();
        close.putObject("item").putArray("items").addObject().put("line", 2).put("isClosed", true);
        calls.patch("salesOrder", so, close, null).createdId();
        NetSuiteCalls.Answer closed = calls.create("itemFulfillment", fulfilmentBody(so, 2, 1));
        assertThat(closed.status()).isEqualTo(400);
        assertThat(closed.detail()).contains("closed");

        // only a Sales Order becomes an item fulfillment
        String cs = calls.upsert("cashSale", "CS-T", order(line(cap, 1)), "item").createdId();
        NetSuiteCalls.Answer wrong = calls.send("POST", "/services/rest/record/v1/cashSale/" + cs
                + "/!transform/itemFulfillment", Map.of());
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorCode()).isEqualTo("INVALID_RCRD_TRANSFRM");
        ObjectNode fromCashSale = fulfilmentBody(cs, 1, 1);
        assertThat(calls.create("itemFulfillment", fromCashSale).detail()).contains("createdFrom");

        // a transform whose body carries an external id already used is refused as a duplicate
        ObjectNode named = calls.json.createObjectNode().put("externalId", "IF-ONCE");
        calls.send("POST", "/services/rest/record/v1/salesOrder/" + so + "/!transform/itemFulfillment", named).createdId();
        NetSuiteCalls.Answer twice = calls.send("POST", "/services/rest/record/v1/salesOrder/" + so
                + "/!transform/itemFulfillment", named);
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.detail()).contains("external id IF-ONCE already exists");
    }

    @Test
    void trackingAddedLaterMovesLastModifiedAndPickedShipmentsMoveNoStockUntilShipped() {
        Instant t0 = Instant.parse("2026-11-23T16:00:00Z");
        sandbox.setClock(Clock.fixed(t0, ZoneOffset.UTC));
        String so = calls.upsert("salesOrder", "SO-PICK", order(line(mug, 2)), "item").createdId();
        ObjectNode picked = fulfilmentBody(so, 1, 2);
        picked.putObject("shipStatus").put("id", "A");
        String id = calls.create("itemFulfillment", picked).createdId();
        assertThat(level("MUG-11OZ")).containsExactly(bd(20), bd(2), bd(18));
        JsonNode order = calls.record("salesOrder", so);
        assertThat(order.at("/item/items/0/quantityPicked").asInt()).isEqualTo(2);
        assertThat(order.at("/item/items/0/quantityFulfilled").asInt()).isZero();
        assertThat(order.at("/status/id").asText()).isEqualTo("B");

        sandbox.setClock(Clock.fixed(t0.plusSeconds(300), ZoneOffset.UTC));
        ObjectNode ship = calls.json.createObjectNode();
        ship.putObject("shipStatus").put("id", "C");
        calls.patch("itemFulfillment", id, ship, null).createdId();
        assertThat(level("MUG-11OZ")).containsExactly(bd(18), bd(0), bd(18));
        assertThat(calls.record("salesOrder", so).at("/status/id").asText()).isEqualTo("F");

        sandbox.setClock(Clock.fixed(t0.plusSeconds(600), ZoneOffset.UTC));
        sandbox.setFulfillmentTracking(id, List.of("1ZAAA", "1ZBBB"));
        JsonNode tracked = calls.record("itemFulfillment", id);
        assertThat(tracked.at("/package/items")).extracting(p -> p.get("packageTrackingNumber").asText())
                .containsExactly("1ZAAA", "1ZBBB");
        assertThat(tracked.get("lastModifiedDate").asText()).isEqualTo("2026-11-23T16:10:00Z");
        assertThat(tracked.get("createdDate").asText()).isEqualTo("2026-11-23T16:00:00Z");
    }

    @Test
    void aCancelledOrderReleasesItsCommitmentsAndOnlyAnUnfulfilledOneCanBeCancelled() {
        Instant t0 = Instant.parse("2026-11-23T16:00:00Z");
        sandbox.setClock(Clock.fixed(t0, ZoneOffset.UTC));
        String so = calls.upsert("salesOrder", "SO-CANCEL", order(line(mug, 5)), "item").createdId();
        assertThat(level("MUG-11OZ")).containsExactly(bd(20), bd(5), bd(15));
        sandbox.setClock(Clock.fixed(t0.plusSeconds(120), ZoneOffset.UTC));
        assertThat(calls.control("POST", "/sandbox/sales-orders/cancel", Map.of("externalId", "SO-CANCEL")).status())
                .isEqualTo(204);
        JsonNode cancelled = calls.record("salesOrder", so);
        assertThat(cancelled.at("/status/id").asText()).isEqualTo("C");
        assertThat(cancelled.at("/status/refName").asText()).isEqualTo("Cancelled");
        assertThat(cancelled.at("/item/items/0/isClosed").asBoolean()).isTrue();
        assertThat(cancelled.get("lastModifiedDate").asText()).isEqualTo("2026-11-23T16:02:00Z");
        assertThat(level("MUG-11OZ")).containsExactly(bd(20), bd(0), bd(20));
        assertThat(calls.query("SELECT status FROM transaction WHERE externalid = 'SO-CANCEL' AND status = 'SalesOrd:C'"))
                .containsExactly(Map.of("status", "C"));
        // saved again, it stays cancelled and commits nothing
        calls.upsert("salesOrder", "SO-CANCEL", order(line(mug, 5)), "item").createdId();
        assertThat(calls.record("salesOrder", so).at("/status/id").asText()).isEqualTo("C");
        assertThat(level("MUG-11OZ")).containsExactly(bd(20), bd(0), bd(20));
        assertThat(calls.send("POST", "/services/rest/record/v1/salesOrder/" + so + "/!transform/itemFulfillment",
                Map.of()).errorCode()).isEqualTo("INVALID_INITIALIZE_REF");

        calls.upsert("salesOrder", "SO-HALF", order(line(mug, 2)), "item").createdId();
        sandbox.fulfill("SO-HALF", Map.of("MUG-11OZ", bd(1)), null, List.of());
        NetSuiteCalls.Answer refused = calls.control("POST", "/sandbox/sales-orders/cancel", Map.of("externalId", "SO-HALF"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).contains("has been fulfilled");
    }

    @Test
    void closingLinesOfAPartlyFulfilledOrderReleasesOnlyTheOpenRemainder() {
        String so = calls.upsert("salesOrder", "SO-CLOSE", order(line(mug, 4), line(cap, 2)), "item").createdId();
        sandbox.fulfill("SO-CLOSE", Map.of("MUG-11OZ", bd(1)), "105", List.of("123456789012"));
        assertThat(level("MUG-11OZ")).containsExactly(bd(19), bd(3), bd(16));

        // what the bus does for an order cancelled in the store: read the order, send its lines back closed
        JsonNode read = calls.record("salesOrder", so);
        ArrayNode closed = calls.json.createArrayNode();
        read.at("/item/items").forEach(l -> closed.add(((ObjectNode) l.deepCopy()).put("isClosed", true)));
        ObjectNode body = calls.json.createObjectNode();
        body.putObject("item").set("items", closed);
        calls.patch("salesOrder", so, body, "item").createdId();

        JsonNode after = calls.record("salesOrder", so);
        assertThat(after.at("/item/items")).hasSize(2);
        assertThat(after.at("/item/items/0/quantityFulfilled").asInt()).isEqualTo(1);
        assertThat(level("MUG-11OZ")).containsExactly(bd(19), bd(0), bd(19));
        assertThat(level("CAP-ONE")).containsExactly(bd(10), bd(0), bd(10));
        // something was fulfilled, nothing billed: Pending Billing; an order closed with nothing fulfilled is Closed
        assertThat(after.at("/status/id").asText()).isEqualTo("F");
        String other = calls.upsert("salesOrder", "SO-CLOSED", order(line(cap, 1)), "item").createdId();
        ObjectNode closeAll = calls.json.createObjectNode();
        closeAll.putObject("item").putArray("items").addObject().put("line", 1).put("isClosed", true);
        calls.patch("salesOrder", other, closeAll, null).createdId();
        assertThat(calls.record("salesOrder", other).at("/status/refName").asText()).isEqualTo("Closed");
    }

    @Test
    void fulfilmentsComeByTheControlAndTheWarehouseShipsWaitingOrdersByItself() {
        calls.upsert("salesOrder", "SO-CTL", order(line(mug, 2)), "item").createdId();
        NetSuiteCalls.Answer made = calls.control("POST", "/sandbox/fulfillments", Map.of("salesOrder", "SO-CTL",
                "lines", Map.of("MUG-11OZ", 1), "shipMethod", "103", "trackingNumbers", List.of("1ZCTL")));
        assertThat(made.status()).isEqualTo(201);
        assertThat(calls.record("itemFulfillment", made.body().get("id").asText()).at("/item/items/0/quantity").asInt())
                .isEqualTo(1);
        assertThat(calls.control("POST", "/sandbox/fulfillments", Map.of("salesOrder", "SO-CTL",
                "lines", Map.of("MUG-11OZ", 5))).status()).isEqualTo(400);
        assertThat(calls.control("POST", "/sandbox/fulfillments", Map.of("salesOrder", "NO-SUCH")).status()).isEqualTo(400);

        ObjectNode big = order(line(mug, 3), line(cap, 2));
        big.putObject("shipMethod").put("id", "103");
        String waiting = calls.upsert("salesOrder", "SO-WAIT", big, "item").createdId();
        sandbox.startShipping(Duration.ofMillis(200), 1.0, 42);
        try {
            await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                    assertThat(calls.record("salesOrder", waiting).at("/status/id").asText()).isEqualTo("F"));
        } finally {
            sandbox.stopShipping();
        }
        List<Map<String, String>> shipments = calls.query("SELECT transaction FROM transactionline WHERE createdfrom = "
                + waiting + " AND mainline = 'T'");
        // split in two: the first half of the five units, then the rest
        assertThat(shipments).hasSize(2);
        for (Map<String, String> row : shipments) {
            JsonNode shipment = calls.record("itemFulfillment", row.get("transaction"));
            assertThat(shipment.at("/shipMethod/id").asText()).isEqualTo("103");
            assertThat(shipment.at("/package/items/0/packageTrackingNumber").asText()).startsWith("1Z").hasSize(18);
        }
        assertThat(calls.record("salesOrder", "eid:SO-CTL").at("/status/id").asText()).isEqualTo("F");
    }

    // ---------------------------------------------------------------- helpers

    private ObjectNode order(ObjectNode... lines) {
        ObjectNode order = calls.json.createObjectNode();
        order.putObject("entity").put("id", customer);
        order.putObject("location").put("id", "1");
        ArrayNode items = order.putObject("item").putArray("items");
        for (ObjectNode line : lines) {
            items.add(line);
        }
        return order;
    }

    private ObjectNode line(String item, int quantity) {
        ObjectNode line = calls.json.createObjectNode();
        line.putObject("item").put("id", item);
        line.put("quantity", quantity);
        line.put("rate", new BigDecimal("9.99"));
        return line;
    }

    private ObjectNode fulfilmentBody(String createdFrom, int orderLine, int quantity) {
        ObjectNode body = calls.json.createObjectNode();
        body.putObject("createdFrom").put("id", createdFrom);
        body.putObject("item").putArray("items").addObject().put("orderLine", orderLine).put("quantity", quantity);
        return body;
    }

    /** On hand, committed, available at the Main Warehouse. */
    private List<BigDecimal> level(String item) {
        NetSuiteSandbox.StockLevel level = sandbox.stock(item).get(0);
        return List.of(strip(level.quantityOnHand()), strip(level.quantityCommitted()), strip(level.quantityAvailable()));
    }

    private static BigDecimal strip(BigDecimal v) {
        return BigDecimal.valueOf(v.intValueExact());
    }

    private static BigDecimal bd(int v) {
        return BigDecimal.valueOf(v);
    }
}
