package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static io.commercebus.sandbox.bigcommerce.TestStore.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Shipments and refunds survive a restart, and take the store's access token and rate limit as the orders do. */
class AfterOrderStateAndLimitsTest {

    @Test
    void shipmentsAndRefundsSurviveARestartAndTheirIdsGoOn(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("bigcommerce.json");
        int order;
        int mug;
        int shipment;
        int refund;
        try (TestStore store = new TestStore(1000, state)) {
            order = store.order(20, "Mug:3:10.00");
            mug = json(store.get("/v2/orders/" + order + "/products")).get(0).get("id").asInt();
            shipment = store.sandbox.createShipment(order, json("{\"order_address_id\":" + order + ",\"tracking_number\":\"1Z9\","
                    + "\"items\":[{\"order_product_id\":" + mug + ",\"quantity\":2}]}")).get("id").asInt();
            refund = store.sandbox.refund(order, json("{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + mug + ",\"quantity\":2}],"
                    + "\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":21.65}]}"));
        }

        try (TestStore store = new TestStore(1000, state)) {
            assertThat(store.sandbox.shipments(order)).extracting(s -> s.get("tracking_number").asText()).containsExactly("1Z9");
            assertThat(store.sandbox.refunds(order)).extracting(r -> r.get("id").asInt()).containsExactly(refund);
            JsonNode restored = store.sandbox.order(order);
            assertThat(restored.get("status_id").asInt()).isEqualTo(14);
            assertThat(restored.get("items_shipped").asInt()).isEqualTo(2);
            assertThat(restored.get("refunded_amount").asText()).isEqualTo("21.6500");
            JsonNode line = store.sandbox.orderProducts(order).get(0);
            assertThat(line.get("quantity_shipped").asInt()).isEqualTo(2);
            assertThat(line.get("quantity_refunded").asInt()).isEqualTo(2);
            // what was refunded and shipped before the restart still counts
            assertThat(store.post("/v3/orders/" + order + "/payment_actions/refund_quotes", "{\"items\":[{\"item_type\":\"PRODUCT\","
                    + "\"item_id\":" + mug + ",\"quantity\":2}]}").statusCode()).isEqualTo(422);
            // the last mug: 10.00 and the rest of the line's 2.48 tax
            assertThat(json(store.post("/v3/orders/" + order + "/payment_actions/refund_quotes", "{\"items\":[{\"item_type\":\"PRODUCT\","
                    + "\"item_id\":" + mug + ",\"quantity\":1}]}")).at("/data/total_refund_amount").decimalValue()).isEqualByComparingTo("10.83");
            int next = store.sandbox.createShipment(order, json("{\"order_address_id\":" + order + ",\"items\":[{\"order_product_id\":"
                    + mug + ",\"quantity\":1}]}")).get("id").asInt();
            assertThat(next).isGreaterThan(shipment);
            assertThat(store.sandbox.refund(order, json("{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + mug + ",\"quantity\":1}],"
                    + "\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":10.83}]}"))).isGreaterThan(refund);
            // every mug refunded, the shipping not
            assertThat(store.sandbox.order(order).get("status_id").asInt()).isEqualTo(14);
            assertThat(store.sandbox.orderProducts(order).get(0).get("is_refunded").asBoolean()).isTrue();
            assertThat(store.sandbox.stats()).containsEntry("shipments", 2).containsEntry("refunds", 2);
        }
    }

    @Test
    void shipmentsAndRefundsNeedTheAccessTokenAndCountAgainstTheRateLimit() throws Exception {
        try (TestStore store = new TestStore(3, null)) {
            int order = store.order(20, "Mug:1:10.00");
            assertThat(store.send(store.request("/v2/orders/" + order + "/shipments").GET().build()).statusCode()).isEqualTo(401);
            assertThat(store.send(store.request("/v3/orders/payment_actions/refunds").GET().build()).statusCode()).isEqualTo(401);

            HttpResponse<String> shipments = store.get("/v2/orders/" + order + "/shipments");
            assertThat(shipments.statusCode()).isEqualTo(204);
            assertThat(shipments.headers().firstValue("X-Rate-Limit-Requests-Left")).hasValue("2");
            store.post("/v3/orders/" + order + "/payment_actions/refund_quotes", "{\"items\":[{\"item_type\":\"ORDER\",\"item_id\":" + order
                    + ",\"amount\":1}]}");
            HttpResponse<String> last = store.get("/v3/orders/" + order + "/payment_actions/refunds");
            assertThat(last.statusCode()).isEqualTo(200);
            assertThat(last.headers().firstValue("X-Rate-Limit-Requests-Left")).hasValue("0");

            HttpResponse<String> refused = store.post("/v3/orders/" + order + "/payment_actions/refunds", "{}");

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(store.sandbox.rateLimitedRequests()).isEqualTo(1);
            assertThat(store.sandbox.requests("GET /v2/orders/{order_id}/shipments")).isEqualTo(1);
            assertThat(store.sandbox.requests("POST /v3/orders/{order_id}/payment_actions/refund_quotes")).isEqualTo(1);
            assertThat(store.sandbox.requests("POST /v3/orders/{order_id}/payment_actions/refunds")).isZero();
        }
    }
}
