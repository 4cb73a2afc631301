package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WooCommerce sandbox answers what WooCommerce's REST API v3 documentation describes. WooCommerce publishes
 * no OpenAPI definition or schema for {@code /wp-json/wc/v3}: the bodies are checked against our JSON Schema
 * written from the documentation's property tables ({@link OrdersSchema}).
 */
class WooCommerceContractTest {

    static TestStore store;
    static OrdersSchema schema;
    /** Paid, with line, shipping and fee taxes, a coupon and a fee. */
    static int paidId;
    static int unpaidId;

    @BeforeAll
    static void start() throws Exception {
        store = new TestStore();
        schema = new OrdersSchema();
        ObjectNode paid = store.sandbox.demoOrderBody();
        paid.put("status", "processing").put("set_paid", true);
        paid.putArray("coupon_lines").addObject().put("code", "WELCOME5");
        paid.putArray("fee_lines").addObject().put("name", "Gift wrapping").put("total", "4.95").put("tax_status", "taxable");
        paidId = store.sandbox.placeOrder(paid);
        ObjectNode unpaid = store.sandbox.demoOrderBody();
        unpaid.remove("set_paid");
        unpaid.put("status", "pending");
        unpaidId = store.sandbox.placeOrder(unpaid);
        store.sandbox.placeDemoOrders(12);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void retrieveAnOrder() throws Exception {
        HttpResponse<String> response = store.get("/orders/" + paidId);
        JsonNode order = TestStore.json(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(problems(schema.validate("order", order))).as(response.body()).isEmpty();
        // every kind of line is there to be checked
        for (String lines : List.of("line_items", "tax_lines", "shipping_lines", "fee_lines", "coupon_lines", "meta_data")) {
            assertThat(order.get(lines)).as(lines).isNotEmpty();
        }
        for (String lines : List.of("line_items", "shipping_lines", "fee_lines")) {
            assertThat(order.get(lines).get(0).get("taxes")).as(lines + "[0].taxes").isNotEmpty();
        }
        assertThat(order.get("date_paid").isTextual()).isTrue();
    }

    @Test
    void listOrdersPaidAndUnpaid() throws Exception {
        HttpResponse<String> response = store.get("/orders?per_page=100&modified_after=2020-01-01T00:00:00");
        JsonNode orders = TestStore.json(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(problems(schema.validate("orderList", orders))).as(response.body()).isEmpty();
        assertThat(orders).extracting(o -> o.get("id").asInt()).contains(paidId, unpaidId);
        assertThat(orders).extracting(o -> o.get("date_paid").isNull()).contains(true, false);
    }

    @Test
    void anUnpaidOrderHasNoPaymentDate() throws Exception {
        JsonNode unpaid = TestStore.json(store.get("/orders/" + unpaidId));

        assertThat(unpaid.get("date_paid").isNull()).isTrue();
        assertThat(unpaid.get("date_paid_gmt").isNull()).isTrue();
        assertThat(unpaid.get("needs_payment").asBoolean()).isTrue();
    }

    @Test
    void createAndRetrieveAWebhook() throws Exception {
        HttpResponse<String> created = store.send("POST", "/webhooks",
                "{\"name\":\"Bus\",\"topic\":\"order.updated\",\"delivery_url\":\"http://127.0.0.1:9/hooks\",\"secret\":\"s\"}");
        HttpResponse<String> response = store.get("/webhooks/" + TestStore.json(created).get("id").asInt());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(problems(schema.validate("webhook", TestStore.json(created)))).as(created.body()).isEmpty();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(problems(schema.validate("webhook", TestStore.json(response)))).as(response.body()).isEmpty();
    }

    @Test
    void anUnknownOrderIsAnError() throws Exception {
        HttpResponse<String> response = store.get("/orders/999999");
        JsonNode error = TestStore.json(response);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(problems(schema.validate("error", error))).as(response.body()).isEmpty();
        assertThat(error.get("code").asText()).isEqualTo("woocommerce_rest_shop_order_invalid_id");
        assertThat(error.get("data").get("status").asInt()).isEqualTo(404);
    }

    @Test
    void theSchemaCatchesATypeChangeAndAMissingProperty() throws Exception {
        ObjectNode order = (ObjectNode) TestStore.json(store.get("/orders/" + paidId));
        order.put("total", 12.5);
        ((ObjectNode) order.get("billing")).remove("email");
        ((ObjectNode) order.get("line_items").get(0)).put("quantity", "2");
        order.remove("shipping_lines");
        ObjectNode webhook = (ObjectNode) TestStore.json(store.send("POST", "/webhooks",
                "{\"topic\":\"order.created\",\"delivery_url\":\"http://127.0.0.1:9/hooks\"}"));
        webhook.put("secret", "shown");
        ObjectNode error = (ObjectNode) TestStore.json(store.get("/orders/999999"));
        ((ObjectNode) error.get("data")).put("status", "404");

        assertThat(problems(schema.validate("order", order))).containsExactlyInAnyOrder(
                "$.total: type", "$.billing: required email", "$.line_items[0].quantity: type", "$: required shipping_lines");
        assertThat(problems(schema.validate("webhook", webhook))).containsExactly("$.secret: false");
        assertThat(problems(schema.validate("error", error))).containsExactly("$.data.status: type");
    }

    @Test
    void theSchemaIsValidDraft202012() {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(problems(metaSchema.validate(schema.document()))).isEmpty();
    }

    /** Each problem as {@code <instance location>: <keyword>[ <missing property>]}, e.g. {@code $.billing: required email}. */
    private static List<String> problems(Set<ValidationMessage> messages) {
        return messages.stream()
                .map(m -> m.getInstanceLocation() + ": " + m.getType() + (m.getType().equals("required") ? " " + m.getProperty() : ""))
                .sorted().toList();
    }
}
