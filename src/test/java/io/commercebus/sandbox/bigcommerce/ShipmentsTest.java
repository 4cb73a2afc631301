package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.commercebus.sandbox.bigcommerce.TestStore.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order shipments over HTTP: a partial shipment makes the order Partially Shipped, the rest makes it
 * Shipped, each with its webhooks; what BigCommerce refuses is refused with v2's 400 and changes nothing;
 * an order can be cancelled whatever it was.
 */
class ShipmentsTest {

    static TestStore store;
    static WebhookInbox inbox;

    @BeforeAll
    static void start() throws Exception {
        store = new TestStore();
        inbox = new WebhookInbox().subscribe(store, "store/order/*", "store/shipment/*");
    }

    @AfterAll
    static void stop() {
        store.close();
        inbox.close();
    }

    @Test
    void aPartialShipmentThenTheRestMoveTheOrderToPartiallyShippedThenShipped() throws Exception {
        int order = store.order(20, "Mug:3:10.00", "Tee:1:24.00");
        JsonNode mug = product(order, 0);
        JsonNode tee = product(order, 1);
        int address = json(store.get("/v2/orders/" + order + "/shipping_addresses")).get(0).get("id").asInt();
        int later = store.order(0, "Pin:1:2.00");

        HttpResponse<String> first = store.post("/v2/orders/" + order + "/shipments", "{\"order_address_id\":" + address
                + ",\"tracking_number\":\"1Z999\",\"shipping_provider\":\"ups\",\"tracking_carrier\":\"ups\",\"items\":[{\"order_product_id\":"
                + mug.get("id").asInt() + ",\"quantity\":2}]}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode shipment = json(first);
        assertThat(shipment.get("order_id").asInt()).isEqualTo(order);
        assertThat(shipment.get("order_address_id").asInt()).isEqualTo(address);
        assertThat(shipment.get("customer_id").asInt()).isEqualTo(20);
        assertThat(shipment.get("tracking_number").asText()).isEqualTo("1Z999");
        assertThat(shipment.get("shipping_provider").asText()).isEqualTo("ups");
        assertThat(shipment.at("/items/0/order_product_id").asInt()).isEqualTo(mug.get("id").asInt());
        assertThat(shipment.at("/items/0/quantity").asInt()).isEqualTo(2);
        assertThat(shipment.at("/shipping_address/street_1").asText()).isEqualTo("1 Main St");
        assertThat(shipment.at("/billing_address/email").asText()).isEqualTo("ada@example.com");
        JsonNode partly = store.sandbox.order(order);
        assertThat(partly.get("status_id").asInt()).isEqualTo(3);
        assertThat(partly.get("status").asText()).isEqualTo("Partially Shipped");
        assertThat(partly.get("items_shipped").asInt()).isEqualTo(2);
        // modified after the later order: first by date_modified, as a poll for changes sees it
        assertThat(json(store.get("/v2/orders?sort=date_modified:desc&limit=2"))).extracting(o -> o.get("id").asInt())
                .containsExactly(order, later);
        assertThat(product(order, 0).get("quantity_shipped").asInt()).isEqualTo(2);
        assertThat(json(store.get("/v2/orders/" + order + "/shipping_addresses")).get(0).get("items_shipped").asInt()).isEqualTo(2);
        JsonNode created = inbox.about("store/shipment/created", order);
        assertThat(created.get("data")).isEqualTo(json("{\"type\":\"shipment\",\"id\":" + shipment.get("id").asInt()
                + ",\"orderId\":" + order + "}"));
        inbox.about("store/order/updated", order);
        assertThat(inbox.about("store/order/statusUpdated", order).at("/data/status"))
                .isEqualTo(json("{\"previous_status_id\":11,\"new_status_id\":3}"));

        HttpResponse<String> rest = store.post("/v2/orders/" + order + "/shipments", "{\"order_address_id\":\"" + address
                + "\",\"shipping_provider\":\"\",\"items\":[{\"order_product_id\":" + mug.get("id").asInt() + ",\"quantity\":1},"
                + "{\"order_product_id\":" + tee.get("id").asInt() + ",\"quantity\":1}]}");

        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(201);
        JsonNode shipped = store.sandbox.order(order);
        assertThat(shipped.get("status_id").asInt()).isEqualTo(2);
        assertThat(shipped.get("status").asText()).isEqualTo("Shipped");
        assertThat(shipped.get("items_shipped").asInt()).isEqualTo(4);
        assertThat(shipped.get("date_shipped").asText()).isNotEmpty();
        inbox.first("store/order/statusUpdated", b -> b.at("/data/id").asInt() == order && b.at("/data/status/new_status_id").asInt() == 2);
        assertThat(json(store.get("/v2/orders/" + order + "/shipments"))).hasSize(2);
        assertThat(json(store.get("/v2/orders/" + order + "/shipments/count")).get("count").asInt()).isEqualTo(2);
        assertThat(store.sandbox.shipments(order)).extracting(s -> s.get("id").asInt())
                .containsExactly(shipment.get("id").asInt(), json(rest).get("id").asInt());
        assertThat(json(store.get("/v2/orders/" + order + "/shipments/" + shipment.get("id").asInt())).get("tracking_number").asText())
                .isEqualTo("1Z999");
    }

    @Test
    void whatBigCommerceRefusesIsRefusedWithV2sErrorAndChangesNothing() throws Exception {
        int order = store.order(0, "Mug:2:10.00");
        int other = store.order(0, "Tee:1:24.00");
        int mug = product(order, 0).get("id").asInt();
        int tee = product(other, 0).get("id").asInt();
        String shipments = "/v2/orders/" + order + "/shipments";

        assertRefused(store.post(shipments, ship(order, mug, 3)), "left to ship");
        assertRefused(store.post(shipments, ship(order, tee, 1)), "order_product_id");
        assertRefused(store.post(shipments, ship(other, mug, 1)), "order_address_id");
        assertRefused(store.post(shipments, "{\"items\":[{\"order_product_id\":" + mug + ",\"quantity\":1}]}"),
                "The required field 'order_address_id' was not supplied.");
        assertRefused(store.post(shipments, "{\"order_address_id\":" + order + "}"), "The required field 'items' was not supplied.");
        assertRefused(store.post(shipments, "{\"order_address_id\":" + order + ",\"items\":[{\"order_product_id\":" + mug
                + ",\"product_id\":0,\"quantity\":1}]}"), "The field 'product_id' cannot be written to.");
        assertRefused(store.post(shipments, "{\"order_address_id\":" + order + ",\"shipping_provider\":\"dhl\",\"items\":[{"
                + "\"order_product_id\":" + mug + ",\"quantity\":1}]}"), "shipping_provider");
        assertRefused(store.post(shipments, "{\"order_address_id\":" + order + ",\"order_id\":1,\"items\":[{"
                + "\"order_product_id\":" + mug + ",\"quantity\":1}]}"), "The field 'order_id' cannot be written to.");

        assertThat(store.sandbox.shipments(order)).isEmpty();
        assertThat(store.sandbox.order(order).get("items_shipped").asInt()).isZero();
        assertThat(store.sandbox.order(order).get("status_id").asInt()).isEqualTo(11);

        int id = json(store.post(shipments, ship(order, mug, 1))).get("id").asInt();
        assertRefused(store.put(shipments + "/" + id, "{\"items\":[{\"order_product_id\":" + mug + ",\"quantity\":2}]}"),
                "The field 'items' cannot be written to.");
        assertRefused(store.post(shipments, ship(order, mug, 2)), "has 1 of 2 left to ship, not 2");
        assertThat(store.get(shipments + "/4242").statusCode()).isEqualTo(404);
        assertThat(store.get("/v2/orders/987654/shipments").statusCode()).isEqualTo(404);
        assertThat(json(store.get("/v2/orders/987654/shipments")).get(0).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aShipmentIsUpdatedAndDeletedAndDeletingLeavesTheOrderShipped() throws Exception {
        int order = store.order(20, "Mug:1:10.00");
        int mug = product(order, 0).get("id").asInt();
        int id = store.sandbox.createShipment(order, json(ship(order, mug, 1))).get("id").asInt();

        HttpResponse<String> updated = store.put("/v2/orders/" + order + "/shipments/" + id,
                "{\"tracking_number\":\"9400\",\"shipping_provider\":\"usps\",\"comments\":\"left at the door\"}");

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json(updated).get("tracking_number").asText()).isEqualTo("9400");
        assertThat(json(updated).get("comments").asText()).isEqualTo("left at the door");
        assertThat(json(updated).at("/items/0/quantity").asInt()).isEqualTo(1);
        assertThat(inbox.about("store/shipment/updated", order).at("/data/id").asInt()).isEqualTo(id);

        assertThat(store.delete("/v2/orders/" + order + "/shipments/" + id).statusCode()).isEqualTo(204);

        assertThat(store.sandbox.shipments(order)).isEmpty();
        assertThat(store.get("/v2/orders/" + order + "/shipments").statusCode()).isEqualTo(204);
        assertThat(product(order, 0).get("quantity_shipped").asInt()).isZero();
        assertThat(store.sandbox.order(order).get("items_shipped").asInt()).isZero();
        assertThat(store.sandbox.order(order).get("status_id").asInt()).isEqualTo(2);
        assertThat(inbox.about("store/shipment/deleted", order).at("/data/id").asInt()).isEqualTo(id);

        store.sandbox.createShipment(order, json(ship(order, mug, 1)));
        assertThat(store.delete("/v2/orders/" + order + "/shipments").statusCode()).isEqualTo(204);
        assertThat(json(store.get("/v2/orders/" + order + "/shipments/count")).get("count").asInt()).isZero();
    }

    @Test
    void anOrderIsCancelledWhateverItsStatusWithItsWebhooks() throws Exception {
        int order = store.order(20, "Mug:1:10.00");
        store.sandbox.createShipment(order, json(ship(order, product(order, 0).get("id").asInt(), 1)));

        HttpResponse<String> cancelled = store.put("/v2/orders/" + order, "{\"status_id\":5}");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("Cancelled");
        assertThat(store.sandbox.order(order).get("status_id").asInt()).isEqualTo(5);
        inbox.first("store/order/statusUpdated", b -> b.at("/data/id").asInt() == order
                && b.at("/data/status/previous_status_id").asInt() == 2 && b.at("/data/status/new_status_id").asInt() == 5);

        store.sandbox.setOrderStatus(order, 5);
        HttpResponse<String> unknown = store.put("/v2/orders/" + order, "{\"status_id\":42}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get(0).get("message").asText()).contains("status_id");
        // shipped, cancelled, and the same status again: three updates, of which two changed the status
        assertThat(inbox.all("store/order/updated", order, 300)).hasSize(3);
        assertThat(inbox.all("store/order/statusUpdated", order, 0)).hasSize(2);
    }

    private static JsonNode product(int order, int line) throws Exception {
        return json(store.get("/v2/orders/" + order + "/products")).get(line);
    }

    /** A shipment of one order product to the order's (only) address, whose id is the order's. */
    private static String ship(int addressOfOrder, int orderProduct, int quantity) {
        return "{\"order_address_id\":" + addressOfOrder + ",\"items\":[{\"order_product_id\":" + orderProduct + ",\"quantity\":" + quantity + "}]}";
    }

    private static void assertRefused(HttpResponse<String> response, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.isArray()).isTrue();
        assertThat(body.get(0).get("status").asInt()).isEqualTo(400);
        assertThat(body.get(0).get("message").asText()).contains(message);
    }
}
