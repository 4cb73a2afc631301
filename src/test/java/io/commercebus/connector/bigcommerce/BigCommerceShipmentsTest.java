package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.fulfillment.ShipmentPlan;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.RecordSkipped;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shipments and cancellations against the store sandbox: lines found by id or SKU, never made twice, refusals kept. */
class BigCommerceShipmentsTest {

    BigCommerceSandbox store;
    BigCommerceShipments shipments;
    BigCommerceOrders orders;

    @BeforeEach
    void start() {
        store = new BigCommerceSandbox(new BigCommerceSandbox.Config("127.0.0.1", 0, "ship1", "1001", "token", 1000,
                Duration.ofSeconds(30), 0, List.of(), new BigDecimal("0.0825"), 3, null)).start();
        BigCommerceClient client = new BigCommerceClient(new BigCommerceStore("shop", store.apiUrl(), "token", null),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Clock.systemUTC());
        shipments = new BigCommerceShipments(Map.of("shop", client));
        orders = new BigCommerceOrders(Map.of("shop", client), null, Map.of(), Duration.ZERO);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void anOrderMappedBeforeLineIdsIsShippedBySkuAndAPlanDeliveredAgainMakesNothingNew() {
        int order = order(77, 2, 81, 1);
        ShipmentPlan plan = new ShipmentPlan("4711", "IF4711", Integer.toString(order), "2026-05-01", "106", "",
                List.of(), List.of(new ShipmentPlan.Line(null, "MUG-11OZ", new BigDecimal("2.0"))), false);

        shipments.ship("shop", plan);
        shipments.ship("shop", plan);

        List<ObjectNode> made = store.shipments(order);
        assertThat(made).hasSize(1);
        assertThat(made.get(0).get("items")).hasSize(1);
        assertThat(made.get(0).at("/items/0/order_product_id").asInt()).isEqualTo(productId(order, "MUG-11OZ"));
        assertThat(made.get(0).at("/items/0/quantity").asInt()).isEqualTo(2);
        // local pickup: no carrier, no tracking
        assertThat(made.get(0).get("shipping_provider").asText()).isEmpty();
        assertThat(made.get(0).get("tracking_number").asText()).isEmpty();
        assertThat(made.get(0).get("comments").asText()).isEqualTo("NetSuite fulfilment IF4711");
        assertThat(store.order(order).get("status_id").asInt()).isEqualTo(3);

        // a fulfilment whose name begins like this one's is another fulfilment
        ShipmentPlan other = new ShipmentPlan("471", "IF471", Integer.toString(order), "2026-05-01", "103", "ups",
                List.of("1Z9"), List.of(new ShipmentPlan.Line(Integer.toString(productId(order, "POSTER-A2")), "POSTER-A2",
                BigDecimal.ONE)), true);
        shipments.ship("shop", other);
        assertThat(store.shipments(order)).hasSize(2);
        assertThat(store.order(order).get("status_id").asInt()).isEqualTo(2);
    }

    @Test
    void whatBigCommerceRefusesIsDeadLetteredWithItsAnswerAndAnUnknownLineIsNamed() {
        int order = order(77, 1);
        ShipmentPlan tooMany = new ShipmentPlan("1", "IF1", Integer.toString(order), null, "103", "ups", List.of("1Z1"),
                List.of(new ShipmentPlan.Line(Integer.toString(productId(order, "MUG-11OZ")), "MUG-11OZ", BigDecimal.valueOf(3))),
                true);
        assertThatThrownBy(() -> shipments.ship("shop", tooMany)).isInstanceOf(PermanentFailure.class)
                .hasFieldOrPropertyWithValue("reason", "MARKETPLACE_REJECTED").hasMessageContaining("400");
        ShipmentPlan stranger = new ShipmentPlan("2", "IF2", Integer.toString(order), null, "103", "ups", List.of(),
                List.of(new ShipmentPlan.Line(null, "HOODIE-L", BigDecimal.ONE)), true);
        assertThatThrownBy(() -> shipments.ship("shop", stranger)).isInstanceOf(PermanentFailure.class)
                .hasFieldOrPropertyWithValue("reason", "UNMATCHED_FULFILLMENT_LINE").hasMessageContaining("HOODIE-L");
        assertThat(store.shipments(order)).isEmpty();
    }

    @Test
    void aCancellationCancelsOnceAndLeavesAShippedOrderToAPerson() {
        int order = order(78, 1);
        String cancellation = "{\"orderId\":\"" + order + "\",\"salesOrderId\":\"120\",\"tranId\":\"SO120\",\"externalId\":\"BC-shop-"
                + order + "\"}";
        long puts = store.requests("PUT /v2/orders/{order_id}");
        orders.cancel("shop", cancellation);
        orders.cancel("shop", cancellation);
        assertThat(store.order(order).get("status_id").asInt()).isEqualTo(5);
        assertThat(store.requests("PUT /v2/orders/{order_id}") - puts).isEqualTo(1);

        int shipped = order(78, 1);
        store.createShipment(shipped, Json.read("{\"order_address_id\":" + shipped + ",\"items\":[{\"order_product_id\":"
                + productId(shipped, "MUG-15OZ") + ",\"quantity\":1}]}"));
        assertThatThrownBy(() -> orders.cancel("shop", cancellation.replace("\"" + order + "\"", "\"" + shipped + "\"")))
                .isInstanceOf(RecordSkipped.class).hasFieldOrPropertyWithValue("reason", "ORDER_SHIPPED");
        assertThat(store.order(shipped).get("status_id").asInt()).isEqualTo(2);
    }

    private int order(int... productIdAndQuantity) {
        ObjectNode body = store.demoOrderBody();
        var products = body.putArray("products");
        for (int i = 0; i + 1 < productIdAndQuantity.length; i += 2) {
            products.addObject().put("product_id", productIdAndQuantity[i]).put("quantity", productIdAndQuantity[i + 1]);
        }
        return store.placeOrder(body);
    }

    private int productId(int order, String sku) {
        return store.orderProducts(order).stream().filter(p -> sku.equals(p.get("sku").asText())).findFirst().orElseThrow()
                .get("id").asInt();
    }
}
