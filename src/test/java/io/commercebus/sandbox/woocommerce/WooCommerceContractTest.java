package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.contract.DocExamples;
import io.commercebus.contract.JsonShape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WooCommerce sandbox answers in the shapes of the REST API v3 documentation's examples
 * (WooCommerce publishes no OpenAPI definition). The documentation is read from
 * {@code -Dwoocommerce.specs=<dir>} (default {@code ../shared/specs/woocommerce}): the
 * {@code source/includes/wp-api-v3} pages of woocommerce/woocommerce-rest-api-docs.
 */
class WooCommerceContractTest {

    static final Path SPECS = Path.of(System.getProperty("woocommerce.specs", "../shared/specs/woocommerce"));
    static TestStore store;
    static int orderId;

    @BeforeAll
    static void start() throws Exception {
        store = new TestStore();
        ObjectNode body = store.sandbox.demoOrderBody();
        body.putArray("coupon_lines").addObject().put("code", "WELCOME5");
        body.putArray("fee_lines").addObject().put("name", "Gift wrapping").put("total", "4.95");
        orderId = store.sandbox.placeOrder(body);
        store.sandbox.placeDemoOrders(12);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void retrieveAnOrder() throws Exception {
        HttpResponse<String> response = store.get("/orders/" + orderId);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonShape.differences(example("_orders.md", "Retrieve an order"), TestStore.json(response)))
                .as(response.body()).isEmpty();
    }

    @Test
    void listAllOrders() throws Exception {
        // paid orders: the example shows a paid one, and an unpaid order's date_paid is null
        HttpResponse<String> response = store.get("/orders?status=processing,completed&modified_after=2020-01-01T00:00:00");

        assertThat(TestStore.json(response)).isNotEmpty();
        assertThat(JsonShape.differences(example("_orders.md", "List all orders"), TestStore.json(response)))
                .as(response.body()).isEmpty();
    }

    @Test
    void anUnpaidOrderHasNoPaymentDate() throws Exception {
        JsonNode unpaid = TestStore.json(store.get("/orders?status=pending,on-hold&per_page=1")).get(0);

        assertThat(unpaid.get("date_paid").isNull()).isTrue();
        assertThat(unpaid.get("date_paid_gmt").isNull()).isTrue();
        assertThat(unpaid.get("needs_payment").asBoolean()).isEqualTo(unpaid.get("status").asText().equals("pending"));
    }

    @Test
    void retrieveAWebhook() throws Exception {
        HttpResponse<String> created = store.send("POST", "/webhooks",
                "{\"name\":\"Bus\",\"topic\":\"order.updated\",\"delivery_url\":\"http://127.0.0.1:9/hooks\",\"secret\":\"s\"}");
        HttpResponse<String> response = store.get("/webhooks/" + TestStore.json(created).get("id").asInt());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonShape.differences(example("_webhooks.md", "Retrieve a webhook"), TestStore.json(response)))
                .as(response.body()).isEmpty();
    }

    @Test
    void anUnknownOrderIsAnError() throws Exception {
        HttpResponse<String> response = store.get("/orders/999999");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JsonShape.differences(example("_introduction.md", "Errors"), TestStore.json(response))).isEmpty();
        assertThat(TestStore.json(response).get("code").asText()).isEqualTo("woocommerce_rest_shop_order_invalid_id");
    }

    @Test
    void theShapeCheckCatchesATypeChangeAndAMissingProperty() throws Exception {
        ObjectNode order = (ObjectNode) TestStore.json(store.get("/orders/" + orderId));
        order.put("total", 12.5);
        ((ObjectNode) order.get("billing")).remove("email");
        ((ObjectNode) order.get("line_items").get(0)).put("quantity", "2");

        assertThat(JsonShape.differences(example("_orders.md", "Retrieve an order"), order))
                .containsExactlyInAnyOrder("$.total: string expected, was number", "$.billing.email: missing",
                        "$.line_items[0].quantity: number expected, was string");
    }

    /** The example, or a failure that says which documentation the check needs. */
    private static JsonNode example(String page, String heading) throws IOException {
        try {
            return DocExamples.example(SPECS.resolve(page), heading);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(e.getMessage() + ". The sandbox serves /wp-json/wc/v3: the check needs the "
                    + "wp-api-v3 pages of woocommerce/woocommerce-rest-api-docs (source/includes/wp-api-v3/" + page
                    + ") in " + SPECS + " or -Dwoocommerce.specs; the legacy wc-api v3 pages (source/includes/v3) describe "
                    + "another API", e);
        }
    }
}
