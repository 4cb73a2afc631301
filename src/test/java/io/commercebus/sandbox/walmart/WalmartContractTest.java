package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.contract.JsonSchemaFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.commercebus.sandbox.walmart.WalmartCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox answers what Walmart's Orders API reference describes (as written down in orders.schema.json). */
class WalmartContractTest {

    static WalmartSandbox walmart;
    static WalmartCalls calls;
    static JsonSchemaFile schema;
    static String token;
    static String purchaseOrderId;

    @BeforeAll
    static void start() throws Exception {
        walmart = new WalmartSandbox(WalmartCalls.config()).start();
        calls = new WalmartCalls(walmart);
        schema = new JsonSchemaFile("/walmart/orders.schema.json");
        token = calls.token();
        walmart.placeDemoOrders(30);
        purchaseOrderId = walmart.placeOrder(walmart.demoPurchase());
        walmart.cancelLine(walmart.placeOrder(walmart.demoPurchase()), "1");
    }

    @AfterAll
    static void stop() {
        walmart.close();
    }

    @Test
    void releasedOrders() throws Exception {
        assertConforms("releasedOrders", "/v3/orders/released?limit=10&createdStartDate=2020-03-16");
    }

    @Test
    void allOrdersOfEveryShipNode() throws Exception {
        assertConforms("releasedOrders", "/v3/orders?limit=200");
        assertConforms("releasedOrders", "/v3/orders?shipNodeType=WFSFulfilled&createdStartDate=2020-03-16T10:30:15Z");
        assertConforms("releasedOrders", "/v3/orders?status=Cancelled");
    }

    @Test
    void anOrder() throws Exception {
        assertConforms("orderResponse", "/v3/orders/" + purchaseOrderId);
    }

    @Test
    void anAcknowledgedOrder() throws Exception {
        HttpResponse<String> response = calls.acknowledge(purchaseOrderId, token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(schema.validate("orderResponse", body(response))).as(response.body()).isEmpty();
    }

    @Test
    void errors() throws Exception {
        HttpResponse<String> response = calls.get("/v3/orders/released?createdStartDate=yesterday", token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(schema.validate("errors", body(response))).isEmpty();
        assertThat(schema.validate("errors", body(calls.get("/v3/orders/42", token)))).isEmpty();
    }

    @Test
    void theSchemaRejectsABodyThatBreaksTheReference() throws Exception {
        ObjectNode order = (ObjectNode) body(calls.get("/v3/orders/" + purchaseOrderId, token));
        JsonNode charge = order.at("/order/orderLines/orderLine/0/charges/charge/0");
        ((ObjectNode) charge.get("chargeAmount")).put("amount", charge.at("/chargeAmount/amount").asText());
        ((ObjectNode) charge).put("chargeType", "DISCOUNT");
        ((ObjectNode) order.get("order")).put("orderDate", "2024-05-01T10:00:00Z");
        ((ObjectNode) order.at("/order/orderLines/orderLine/0/orderLineQuantity")).put("amount", 1);

        assertThat(schema.validate("orderResponse", order))
                .extracting(m -> m.getInstanceLocation().toString())
                .contains("$.order.orderDate", "$.order.orderLines.orderLine[0].charges.charge[0].chargeType",
                        "$.order.orderLines.orderLine[0].charges.charge[0].chargeAmount.amount",
                        "$.order.orderLines.orderLine[0].orderLineQuantity.amount");
    }

    @Test
    void theSchemaHoldsAmountsToWholeCents() throws Exception {
        ObjectNode order = (ObjectNode) body(calls.get("/v3/orders/" + purchaseOrderId, token));
        ((ObjectNode) order.at("/order/orderLines/orderLine/0/charges/charge/0/chargeAmount")).put("amount", new java.math.BigDecimal("12.995"));

        assertThat(schema.validate("orderResponse", order)).isNotEmpty();
    }

    private void assertConforms(String definition, String pathAndQuery) throws Exception {
        HttpResponse<String> response = calls.get(pathAndQuery, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(schema.validate(definition, body(response))).as(response.body()).isEmpty();
    }
}
