package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refunds as WooCommerce makes them: never more than remains, through the payment gateway unless told not to,
 * restocking the lines they name, the whole order refunded once nothing remains, order.updated after each.
 */
class WooCommerceRefundsTest {

    /** 3 mugs at 12.99 (tax 3.22) and 5.00 shipping (tax 0.41), paid by card: 47.60. */
    static final String MUGS = "{\"payment_method\": \"stripe\", \"transaction_id\": \"pi_3Mug\", \"set_paid\": true,"
            + " \"line_items\": [{\"sku\": \"MUG-11OZ\", \"quantity\": 3}],"
            + " \"shipping_lines\": [{\"method_id\": \"flat_rate\", \"method_title\": \"Flat rate\", \"total\": \"5.00\"}]}";

    @Test
    void aLineRefundTakesBackItsMoneyRestocksAndShowsOnTheOrder() throws Exception {
        try (TestStore store = new TestStore()) {
            JsonNode order = create(store, MUGS);
            int id = order.get("id").asInt();
            int line = order.get("line_items").get(0).get("id").asInt();
            int mugs = store.sandbox.stock("MUG-11OZ");

            HttpResponse<String> response = store.send("POST", "/orders/" + id + "/refunds", "{\"reason\": \"Chipped\","
                    + " \"line_items\": [{\"id\": " + line + ", \"quantity\": 1, \"refund_total\": 12.99,"
                    + " \"refund_tax\": [{\"id\": 1, \"refund_total\": 1.07}]}]}");
            JsonNode refund = TestStore.json(response);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(response.headers().firstValue("Location")).hasValue(store.sandbox.baseUrl() + WooCommerceSandbox.API_PATH
                    + "/orders/" + id + "/refunds/" + refund.get("id").asInt());
            // without an amount WooCommerce adds up the lines' totals and taxes
            assertThat(refund.get("amount").asText()).isEqualTo("14.06");
            assertThat(refund.get("reason").asText()).isEqualTo("Chipped");
            assertThat(refund.get("refunded_payment").asBoolean()).as("Stripe refunds through its API").isTrue();
            assertThat(refund.get("id").asInt()).as("refunds share the orders' ids").isGreaterThan(id);
            JsonNode item = refund.get("line_items").get(0);
            assertThat(item.get("quantity").asInt()).isEqualTo(-1);
            assertThat(item.get("total").asText()).isEqualTo("-12.99");
            assertThat(item.get("total_tax").asText()).isEqualTo("-1.07");
            assertThat(item.get("sku").asText()).isEqualTo("MUG-11OZ");
            assertThat(item.get("meta_data").get(0).get("key").asText()).isEqualTo("_refunded_item_id");
            assertThat(item.get("meta_data").get(0).get("value").asText()).isEqualTo(Integer.toString(line));
            assertThat(refund.get("tax_lines").get(0).get("tax_total").asText()).isEqualTo("-1.07");

            assertThat(store.sandbox.stock("MUG-11OZ")).as("api_restock is true by default").isEqualTo(mugs + 1);
            JsonNode after = TestStore.json(store.get("/orders/" + id));
            assertThat(after.get("status").asText()).isEqualTo("processing");
            assertThat(after.get("refunds")).hasSize(1);
            assertThat(after.get("refunds").get(0).get("id").asInt()).isEqualTo(refund.get("id").asInt());
            assertThat(after.get("refunds").get(0).get("total").asText()).isEqualTo("-14.06");
            assertThat(after.get("refunds").get(0).get("reason").asText()).isEqualTo("Chipped");
            assertThat(after.get("date_modified").asText()).isGreaterThanOrEqualTo(order.get("date_modified").asText());
            assertThat(meta(after.get("line_items").get(0), "_reduced_stock")).isEqualTo("2");
            assertThat(meta(after.get("line_items").get(0), "_restock_refunded_items")).isEqualTo("1");
            assertThat(store.sandbox.notes(id)).extracting(n -> n.get("note").asText())
                    .contains("Item #77 stock increased from " + mugs + " to " + (mugs + 1) + ".");

            // cancelling now gives back only what is still reduced
            store.send("PUT", "/orders/" + id, "{\"status\": \"cancelled\"}");
            assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(mugs + 3);
        }
    }

    @Test
    void refundingWhatRemainsMakesTheOrderRefundedAndMoreIsRefused() throws Exception {
        try (TestStore store = new TestStore()) {
            JsonNode order = create(store, MUGS);
            int id = order.get("id").asInt();
            String path = "/orders/" + id + "/refunds";

            assertThat(store.send("POST", path, "{\"amount\": \"40.00\", \"api_restock\": false}").statusCode()).isEqualTo(201);
            assertThat(store.sandbox.status(id)).isEqualTo("processing");
            assertError(store.send("POST", path, "{\"amount\": \"7.61\"}"), 500, "woocommerce_rest_cannot_create_order_refund",
                    "Invalid refund amount.");
            assertError(store.send("POST", path, "{\"amount\": \"-1\"}"), 400, "woocommerce_rest_invalid_order_refund",
                    "Refund amount must be greater than zero.");
            assertError(store.send("POST", path, "{\"amount\": 7.6}"), 400, "rest_invalid_param", "Invalid parameter(s): amount");
            assertError(store.send("POST", "/orders/4242/refunds", "{\"amount\": \"1\"}"), 404, "woocommerce_rest_invalid_order_id",
                    "Invalid order ID.");

            JsonNode last = TestStore.json(store.send("POST", path, "{\"amount\": \"7.60\"}"));

            assertThat(last.get("amount").asText()).isEqualTo("7.60");
            assertThat(store.sandbox.status(id)).isEqualTo("refunded");
            assertThat(store.sandbox.refunds(id)).extracting(r -> r.get("amount").asText()).containsExactly("7.60", "40.00");
            assertThat(store.sandbox.notes(id).get(0).get("note").asText()).isEqualTo("Order status changed from Processing to Refunded.");
            assertError(store.send("POST", path, "{\"amount\": \"0.01\"}"), 500, "woocommerce_rest_cannot_create_order_refund",
                    "Invalid refund amount.");
        }
    }

    @Test
    void aGatewayThatCannotRefundRefusesUnlessTheRefundIsManual() throws Exception {
        try (TestStore store = new TestStore()) {
            int bankTransfer = create(store, "{\"payment_method\": \"bacs\", \"status\": \"on-hold\","
                    + " \"line_items\": [{\"sku\": \"CAP-ONE\", \"quantity\": 1}]}").get("id").asInt();
            int unknownGateway = create(store, "{\"set_paid\": true, \"line_items\": [{\"sku\": \"CAP-ONE\", \"quantity\": 1}]}")
                    .get("id").asInt();

            assertError(store.send("POST", "/orders/" + bankTransfer + "/refunds", "{\"amount\": \"5\"}"), 500,
                    "woocommerce_rest_cannot_create_order_refund", "The payment gateway for this order does not support automatic refunds.");
            assertError(store.send("POST", "/orders/" + unknownGateway + "/refunds", "{\"amount\": \"5\"}"), 500,
                    "woocommerce_rest_cannot_create_order_refund", "The payment gateway for this order does not exist.");
            assertThat(store.sandbox.refunds(bankTransfer)).isEmpty();

            JsonNode manual = TestStore.json(store.send("POST", "/orders/" + bankTransfer + "/refunds",
                    "{\"amount\": \"5\", \"api_refund\": false}"));
            assertThat(manual.get("amount").asText()).isEqualTo("5.00");
            assertThat(manual.get("refunded_payment").asBoolean()).isFalse();
        }
    }

    @Test
    void refundsAreReadListedAndDeleted() throws Exception {
        try (TestStore store = new TestStore()) {
            int id = create(store, MUGS).get("id").asInt();
            int other = create(store, MUGS).get("id").asInt();
            String path = "/orders/" + id + "/refunds";
            int first = TestStore.json(store.send("POST", path, "{\"amount\": \"1.00\", \"reason\": \"first\"}")).get("id").asInt();
            int second = TestStore.json(store.send("POST", path, "{\"amount\": \"2.00\"}")).get("id").asInt();

            HttpResponse<String> list = store.get(path);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.headers().firstValue("X-WP-Total")).hasValue("2");
            assertThat(TestStore.json(list)).extracting(r -> r.get("id").asInt()).containsExactly(second, first);
            assertThat(TestStore.json(store.get(path + "?order=asc"))).extracting(r -> r.get("id").asInt()).containsExactly(first, second);
            assertThat(TestStore.json(store.get(path + "?include=" + first))).hasSize(1);
            assertThat(TestStore.json(store.get("/orders/4242/refunds"))).as("the refunds query finds none").isEmpty();
            assertThat(TestStore.json(store.get(path + "/" + first)).get("reason").asText()).isEqualTo("first");

            assertError(store.get(path + "/999999"), 404, "woocommerce_rest_shop_order_refund_invalid_id", "Invalid ID.");
            assertError(store.get("/orders/" + other + "/refunds/" + first), 404, "woocommerce_rest_invalid_order_refund_id",
                    "Invalid order refund ID.");
            assertError(store.get("/orders/4242/refunds/" + first), 404, "woocommerce_rest_invalid_order_id", "Invalid order ID.");
            assertError(store.send("DELETE", path + "/" + first + "?force=false", null), 501, "woocommerce_rest_trash_not_supported",
                    "The shop_order_refund does not support trashing.");

            HttpResponse<String> deleted = store.send("DELETE", path + "/" + first, null);
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(TestStore.json(deleted).get("id").asInt()).isEqualTo(first);
            assertThat(store.sandbox.order(id).get("refunds")).extracting(r -> r.get("id").asInt()).containsExactly(second);
            assertError(store.get(path + "/" + first), 404, "woocommerce_rest_shop_order_refund_invalid_id", "Invalid ID.");
        }
    }

    @Test
    void aQuantityWithoutAmountsIsARefundOfNothingThatStillRestocks() throws Exception {
        try (TestStore store = new TestStore()) {
            JsonNode order = create(store, MUGS);
            int mugs = store.sandbox.stock("MUG-11OZ");
            String line = order.get("line_items").get(0).get("id").asText();

            // WooCommerce before 11.1 (and its compute_totals) takes no amount from a bare quantity
            JsonNode refund = TestStore.json(store.send("POST", "/orders/" + order.get("id").asInt() + "/refunds",
                    "{\"line_items\": [{\"id\": \"" + line + "\", \"quantity\": 2}], \"api_refund\": false}"));

            assertThat(refund.get("amount").asText()).isEqualTo("0.00");
            assertThat(refund.get("line_items").get(0).get("quantity").asInt()).isEqualTo(-2);
            assertThat(refund.get("line_items").get(0).get("total").asText()).isEqualTo("0.00");
            assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(mugs + 2);
            assertThat(store.sandbox.status(order.get("id").asInt())).isEqualTo("processing");
        }
    }

    @Test
    void refundingByStatusRefundsTheRestByHand() throws Exception {
        try (TestStore store = new TestStore()) {
            int id = create(store, MUGS).get("id").asInt();
            store.sandbox.refund(id, Json.mapper().readTree("{\"amount\": \"10.00\"}"));

            store.sandbox.updateOrder(id, Json.mapper().readTree("{\"status\": \"refunded\"}"));

            assertThat(store.sandbox.status(id)).isEqualTo("refunded");
            List<ObjectNode> refunds = store.sandbox.refunds(id);
            assertThat(refunds).extracting(r -> r.get("amount").asText()).containsExactly("37.60", "10.00");
            assertThat(refunds.get(0).get("reason").asText()).isEqualTo("Order fully refunded.");
            assertThat(refunds.get(0).get("refunded_payment").asBoolean()).isFalse();
            assertThat(store.sandbox.notes(id)).extracting(n -> n.get("note").asText()).startsWith(
                    "Order status changed from Processing to Refunded.",
                    "Order status set to refunded. To return funds to the customer you will need to issue a refund through your "
                            + "payment gateway.");
        }
    }

    @Test
    void theJavaRefundIsCheckedAsTheApisIs() throws Exception {
        try (TestStore store = new TestStore()) {
            int id = create(store, MUGS).get("id").asInt();

            int refund = store.sandbox.refund(id, Json.mapper().readTree("{\"amount\": \"47.60\", \"api_restock\": false}"));

            assertThat(store.sandbox.refunds(id).get(0).get("id").asInt()).isEqualTo(refund);
            assertThat(store.sandbox.status(id)).isEqualTo("refunded");
            assertThatThrownBy(() -> store.sandbox.refund(id, Json.mapper().readTree("{\"amount\": \"1\"}")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid refund amount.");
            assertThatThrownBy(() -> store.sandbox.refund(4242, Json.mapper().readTree("{}")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid order ID.");
            assertThatThrownBy(() -> store.sandbox.refunds(4242)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRefundAndItsDeletionEachDeliverOrderUpdatedOnce() throws Exception {
        try (TestStore store = new TestStore(); WebhookReceiver receiver = new WebhookReceiver()) {
            int id = create(store, MUGS).get("id").asInt();
            store.send("POST", "/webhooks", Json.mapper().writeValueAsString(Map.of("topic", "order.updated",
                    "delivery_url", receiver.url("/updated"), "secret", "s")));
            receiver.next(); // the ping

            int refund = TestStore.json(store.send("POST", "/orders/" + id + "/refunds", "{\"amount\": \"47.60\"}")).get("id").asInt();
            JsonNode delivered = Json.mapper().readTree(receiver.next().body());

            assertThat(delivered.get("status").asText()).isEqualTo("refunded");
            assertThat(delivered.get("refunds").get(0).get("id").asInt()).isEqualTo(refund);
            assertThat(receiver.poll(300)).as("one delivery per request, as WooCommerce's webhooks dedupe it").isNull();

            store.send("DELETE", "/orders/" + id + "/refunds/" + refund, null);
            assertThat(Json.mapper().readTree(receiver.next().body()).get("refunds")).isEmpty();
        }
    }

    @Test
    void completingAndCancellingAPaidOrderDeliverOrderUpdatedAndCancellingRestocks() throws Exception {
        try (TestStore store = new TestStore(); WebhookReceiver receiver = new WebhookReceiver()) {
            int mugs = store.sandbox.stock("MUG-11OZ");
            int id = create(store, MUGS).get("id").asInt();
            store.send("POST", "/webhooks", Json.mapper().writeValueAsString(Map.of("topic", "order.updated",
                    "delivery_url", receiver.url("/updated"), "secret", "s")));
            receiver.next();

            store.send("PUT", "/orders/" + id, "{\"status\": \"completed\"}");
            assertThat(Json.mapper().readTree(receiver.next().body()).get("status").asText()).isEqualTo("completed");
            assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(mugs - 3);

            store.send("PUT", "/orders/" + id, "{\"status\": \"cancelled\"}");
            assertThat(Json.mapper().readTree(receiver.next().body()).get("status").asText()).isEqualTo("cancelled");
            assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(mugs);
            assertThat(store.sandbox.notes(id)).extracting(n -> n.get("note").asText()).startsWith(
                    "Order status changed from Completed to Cancelled.",
                    "Stock levels increased: Coffee Mug 11oz (MUG-11OZ) " + (mugs - 3) + "&rarr;" + mugs);
        }
    }

    @Test
    void refundsAndNotesSurviveARestart(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("woocommerce.json");
        int id;
        int refund;
        try (TestStore store = new TestStore(List.of(), 5, state)) {
            id = create(store, MUGS).get("id").asInt();
            refund = store.sandbox.refund(id, Json.mapper().readTree("{\"amount\": \"5.00\"}"));
            store.send("POST", "/orders/" + id + "/notes", "{\"note\": \"Gift wrap it\"}");
        }
        try (TestStore store = new TestStore(List.of(), 5, state)) {
            assertThat(TestStore.json(store.get("/orders/" + id + "/refunds/" + refund)).get("amount").asText()).isEqualTo("5.00");
            assertThat(store.sandbox.notes(id).get(0).get("note").asText()).isEqualTo("Gift wrap it");
            assertError(store.send("POST", "/orders/" + id + "/refunds", "{\"amount\": \"42.61\"}"), 500,
                    "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.");
            int next = store.sandbox.placeOrder(store.sandbox.demoOrderBody());
            assertThat(next).as("the orders' sequence goes on past the refund").isGreaterThan(refund);
        }
    }

    static JsonNode create(TestStore store, String body) throws Exception {
        HttpResponse<String> response = store.send("POST", "/orders", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestStore.json(response);
    }

    static void assertError(HttpResponse<String> response, int status, String code, String message) throws Exception {
        JsonNode error = TestStore.json(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isEqualTo(message);
        assertThat(error.get("data").get("status").asInt()).isEqualTo(status);
    }

    private static String meta(JsonNode line, String key) {
        for (JsonNode entry : line.get("meta_data")) {
            if (entry.get("key").asText().equals(key)) {
                return entry.get("value").asText();
            }
        }
        return null;
    }
}
