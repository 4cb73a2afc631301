package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.contract.JsonSchemaFile;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.commercebus.sandbox.walmart.WalmartCalls.body;
import static io.commercebus.sandbox.walmart.WalmartShippingTest.cancellation;
import static io.commercebus.sandbox.walmart.WalmartShippingTest.line;
import static io.commercebus.sandbox.walmart.WalmartShippingTest.shipment;
import static io.commercebus.sandbox.walmart.WalmartShippingTest.status;
import static io.commercebus.sandbox.walmart.WalmartShippingTest.tracking;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ship Order Lines and Cancel Order Lines as Walmart's Orders API reference describes them (orders.schema.json):
 * the answers are orders, the tests' requests are the reference's OrderShipment and OrderCancellation.
 */
class WalmartShippingContractTest {

    static WalmartSandbox walmart;
    static WalmartCalls calls;
    static JsonSchemaFile schema;
    static String token;
    static String purchaseOrderId;
    static String shipRequest;
    static HttpResponse<String> shipped;
    static String cancelRequest;
    static HttpResponse<String> cancelled;

    @BeforeAll
    static void start() throws Exception {
        walmart = new WalmartSandbox(WalmartCalls.config()).start();
        calls = new WalmartCalls(walmart);
        schema = new JsonSchemaFile("/walmart/orders.schema.json");
        token = calls.token();
        purchaseOrderId = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("CAP-ONE", 3), Purchase.Item.of("SOCKS-3PK", 1)));
        calls.acknowledge(purchaseOrderId, token);
        shipRequest = shipment(line("1", "SO-4711",
                status(1, tracking("{\"carrier\": \"USPS\"}", "Value", "9400110200881234567890", "https://tools.usps.com/go/TrackConfirmAction")),
                status(1, tracking("{\"otherCarrier\": \"Local Courier\"}", "OneDay", "LC-1", "https://courier.example/LC-1"))));
        shipped = calls.post("/v3/orders/" + purchaseOrderId + "/shipping", token, shipRequest);
        cancelRequest = cancellation("2", "SELLER_CANCEL_ADDRESS_NOT_SERVICEABLE", 1);
        cancelled = calls.post("/v3/orders/" + purchaseOrderId + "/cancel", token, cancelRequest);
    }

    @AfterAll
    static void stop() {
        walmart.close();
    }

    @Test
    void theShippingAnswerIsTheOrderWithItsTracking() throws Exception {
        assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(200);
        assertThat(schema.validate("orderResponse", body(shipped))).as(shipped.body()).isEmpty();
        assertThat(body(shipped).at("/order/orderLines/orderLine/0/orderLineStatuses/orderLineStatus")).hasSize(3);
    }

    @Test
    void theCancellationAnswerIsTheOrder() throws Exception {
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(schema.validate("orderResponse", body(cancelled))).as(cancelled.body()).isEmpty();
    }

    @Test
    void shippedAndCancelledOrdersStillConformInLists() throws Exception {
        HttpResponse<String> list = calls.get("/v3/orders?purchaseOrderId=" + purchaseOrderId, token);

        assertThat(schema.validate("releasedOrders", body(list))).as(list.body()).isEmpty();
    }

    @Test
    void theTestsRequestsAreTheReferences() throws Exception {
        assertThat(schema.validate("orderShipmentRequest", Json.mapper().readTree(shipRequest))).isEmpty();
        assertThat(schema.validate("orderCancellationRequest", Json.mapper().readTree(cancelRequest))).isEmpty();
    }

    @Test
    void refusalsAreWalmartErrorBodies() throws Exception {
        HttpResponse<String> refused = calls.post("/v3/orders/" + purchaseOrderId + "/shipping", token,
                shipment(line("1", "SO-4711", status(1, tracking("{\"carrier\": \"Pony\"}", "Value", "P", null)))));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(schema.validate("errors", body(refused))).isEmpty();
    }

    @Test
    void theSchemaRefusesWhatBreaksTheReference() throws Exception {
        ObjectNode request = (ObjectNode) Json.mapper().readTree(shipRequest);
        ObjectNode line = (ObjectNode) request.at("/orderShipment/orderLines/orderLine/0");
        line.remove("sellerOrderId");
        ObjectNode first = (ObjectNode) line.at("/orderLineStatuses/orderLineStatus/0");
        ((ObjectNode) first.get("trackingInfo")).put("methodCode", "Ground");
        ((ObjectNode) line.at("/orderLineStatuses/orderLineStatus/1/trackingInfo")).remove("trackingURL");
        ObjectNode cancel = (ObjectNode) Json.mapper().readTree(cancellation("2", "CHANGED_MIND", 1));
        JsonNode answer = body(shipped).deepCopy();
        ((ObjectNode) answer.at("/order/orderLines/orderLine/0/orderLineStatuses/orderLineStatus/1/trackingInfo/carrierName"))
                .put("carrier", "Pony Express");

        assertThat(schema.validate("orderShipmentRequest", request)).extracting(m -> m.getInstanceLocation().toString()).contains(
                "$.orderShipment.orderLines.orderLine[0]",
                "$.orderShipment.orderLines.orderLine[0].orderLineStatuses.orderLineStatus[0].trackingInfo.methodCode",
                "$.orderShipment.orderLines.orderLine[0].orderLineStatuses.orderLineStatus[1].trackingInfo");
        assertThat(schema.validate("orderCancellationRequest", cancel)).extracting(m -> m.getInstanceLocation().toString())
                .contains("$.orderCancellation.orderLines.orderLine[0].orderLineStatuses.orderLineStatus[0].cancellationReason");
        assertThat(schema.validate("orderResponse", answer)).isNotEmpty();
    }
}
