package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.commercebus.sandbox.woocommerce.WooCommerceRefundsTest.MUGS;
import static io.commercebus.sandbox.woocommerce.WooCommerceRefundsTest.assertError;
import static io.commercebus.sandbox.woocommerce.WooCommerceRefundsTest.create;
import static org.assertj.core.api.Assertions.assertThat;

/** An order's notes: the merchant's, for the customer or not, and those WooCommerce writes itself. */
class WooCommerceNotesTest {

    @Test
    void notesAreAddedReadListedNewestFirstAndDeleted() throws Exception {
        try (TestStore store = new TestStore()) {
            int id = create(store, "{\"line_items\": [{\"sku\": \"SOCKS-3PK\", \"quantity\": 1}]}").get("id").asInt();
            String path = "/orders/" + id + "/notes";

            HttpResponse<String> created = store.send("POST", path, "{\"note\": \"Shipped with DHL\", \"customer_note\": true,"
                    + " \"added_by_user\": true}");
            JsonNode note = TestStore.json(created);
            int internal = TestStore.json(store.send("POST", path, "{\"note\": \"Check the address\"}")).get("id").asInt();

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.headers().firstValue("Location"))
                    .hasValue(store.sandbox.baseUrl() + WooCommerceSandbox.API_PATH + path + "/" + note.get("id").asInt());
            assertThat(note.get("note").asText()).isEqualTo("Shipped with DHL");
            assertThat(note.get("customer_note").asBoolean()).isTrue();
            assertThat(note.get("author").asText()).isEqualTo("admin");
            assertThat(note.has("added_by_user")).isFalse();
            assertThat(TestStore.json(store.get(path + "/" + internal)).get("author").asText()).isEqualTo("system");

            assertThat(TestStore.json(store.get(path))).extracting(n -> n.get("id").asInt()).containsExactly(internal, note.get("id").asInt());
            assertThat(TestStore.json(store.get(path + "?type=customer"))).extracting(n -> n.get("id").asInt())
                    .containsExactly(note.get("id").asInt());
            assertThat(TestStore.json(store.get(path + "?type=internal"))).extracting(n -> n.get("id").asInt()).containsExactly(internal);

            HttpResponse<String> deleted = store.send("DELETE", path + "/" + internal + "?force=true", null);
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(TestStore.json(deleted).get("note").asText()).isEqualTo("Check the address");
            assertThat(store.sandbox.notes(id)).hasSize(1);
        }
    }

    @Test
    void refusalsAreWooCommercesOwn() throws Exception {
        try (TestStore store = new TestStore()) {
            int id = create(store, "{\"line_items\": [{\"sku\": \"SOCKS-3PK\", \"quantity\": 1}]}").get("id").asInt();
            int other = create(store, "{\"line_items\": [{\"sku\": \"SOCKS-3PK\", \"quantity\": 1}]}").get("id").asInt();
            String path = "/orders/" + id + "/notes";
            int note = TestStore.json(store.send("POST", path, "{\"note\": \"x\"}")).get("id").asInt();

            HttpResponse<String> missing = store.send("POST", path, "{\"customer_note\": true}");
            assertError(missing, 400, "rest_missing_callback_param", "Missing parameter(s): note");
            assertThat(TestStore.json(missing).get("data").get("params").get(0).asText()).isEqualTo("note");
            assertError(store.send("POST", path, "{\"note\": 5, \"customer_note\": \"maybe\"}"), 400, "rest_invalid_param",
                    "Invalid parameter(s): note, customer_note");
            assertError(store.send("POST", "/orders/4242/notes", "{\"note\": \"x\"}"), 404, "woocommerce_rest_order_invalid_id",
                    "Invalid order ID.");
            assertError(store.get("/orders/4242/notes"), 404, "woocommerce_rest_shop_order_invalid_id", "Invalid order ID.");
            assertError(store.get("/orders/" + other + "/notes/" + note), 404, "woocommerce_rest_invalid_id", "Invalid resource ID.");
            assertError(store.get(path + "?type=mine"), 400, "rest_invalid_param", "Invalid parameter(s): type");
            // the notes controller answers with the webhooks controller's words
            assertError(store.send("DELETE", path + "/" + note, null), 501, "woocommerce_rest_trash_not_supported",
                    "Webhooks do not support trashing.");
            assertError(store.send(store.request(path).build()), 401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
            assertError(store.send("PUT", path + "/" + note, "{\"note\": \"y\"}"), 404, "rest_no_route",
                    "No route was found matching the URL and request method.");
        }
    }

    @Test
    void wooCommerceNotesStatusChangesAndStockLevels() throws Exception {
        try (TestStore store = new TestStore()) {
            int socks = store.sandbox.stock("SOCKS-3PK");
            JsonNode order = create(store, "{\"line_items\": [{\"sku\": \"SOCKS-3PK\", \"quantity\": 2}]}");
            int id = order.get("id").asInt();
            assertThat(store.sandbox.notes(id)).as("a new pending order has no notes").isEmpty();

            store.send("PUT", "/orders/" + id, "{\"status\": \"processing\"}");

            assertThat(store.sandbox.notes(id)).extracting(n -> n.get("note").asText()).containsExactly(
                    "Order status changed from Pending payment to Processing.",
                    "Stock levels reduced: Socks 3-pack (SOCKS-3PK) " + socks + "&rarr;" + (socks - 2));
            assertThat(store.sandbox.notes(id)).allSatisfy(n -> {
                assertThat(n.get("author").asText()).isEqualTo("system");
                assertThat(n.get("customer_note").asBoolean()).isFalse();
            });
            // a paid order placed at once notes the change from pending too
            int paid = create(store, MUGS).get("id").asInt();
            assertThat(store.sandbox.notes(paid).get(0).get("note").asText()).isEqualTo("Order status changed from Pending payment to Processing.");
        }
    }
}
