package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.commercebus.sandbox.walmart.WalmartCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/** Shipping and cancelling order lines: tracking per shipment, partial quantities, Walmart's refusals, the poll, limits. */
class WalmartShippingTest {

    static final String UPS = "{\"carrier\": \"UPS\"}";

    WalmartSandbox walmart;
    WalmartCalls calls;
    String token;

    @BeforeEach
    void start() throws Exception {
        walmart = new WalmartSandbox(WalmartCalls.config()).start();
        calls = new WalmartCalls(walmart);
        token = calls.token();
    }

    @AfterEach
    void stop() {
        walmart.close();
    }

    @Test
    void shippingAcknowledgedLinesRecordsEachShipmentsTracking() throws Exception {
        String id = acknowledgedOrder();

        HttpResponse<String> response = calls.post("/v3/orders/" + id + "/shipping", token,
                shipment(line("1", "SO-1", status(1, tracking(UPS, "Standard", "1Z999AA10123456784", null))),
                        line("2", "SO-1", status(1, tracking("{\"carrier\": \"FedEx\"}", "Express", "794698860000", null)))));
        JsonNode order = body(response).get("order");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(order.get("purchaseOrderId").asText()).isEqualTo(id);
        JsonNode caps = order.at("/orderLines/orderLine/0");
        assertThat(caps.get("sellerOrderId").asText()).isEqualTo("SO-1");
        assertThat(caps.at("/orderLineStatuses/orderLineStatus")).extracting(s -> s.get("status").asText() + " " + s.at("/statusQuantity/amount").asText())
                .containsExactly("Acknowledged 1", "Shipped 1");
        JsonNode tracking = caps.at("/orderLineStatuses/orderLineStatus/1/trackingInfo");
        assertThat(tracking.at("/carrierName/carrier").asText()).isEqualTo("UPS");
        assertThat(tracking.get("trackingNumber").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(tracking.get("shipDateTime").isIntegralNumber()).isTrue();
        assertThat(walmart.lineStatus(id, "1")).isEqualTo("Acknowledged,Shipped");
        assertThat(walmart.lineStatus(id, "2")).isEqualTo("Shipped");

        calls.post("/v3/orders/" + id + "/shipping", token, shipment(line("1", "SO-1", status(1, tracking("{\"otherCarrier\": \"Local Courier\"}",
                "Value", "LC-42", "https://courier.example/track/LC-42")))));

        assertThat(walmart.lineStatus(id, "1")).isEqualTo("Shipped");
        List<ObjectNode> shipments = walmart.shipments(id);
        assertThat(shipments).extracting(s -> s.get("lineNumber").asText() + " " + s.get("quantity").asInt() + " "
                + s.at("/trackingInfo/trackingNumber").asText()).containsExactly("1 1 1Z999AA10123456784", "1 1 LC-42", "2 1 794698860000");
        assertThat(shipments.get(1).at("/trackingInfo/carrierName/otherCarrier").asText()).isEqualTo("Local Courier");
        assertThat(shipments.get(1).at("/trackingInfo/trackingURL").asText()).isEqualTo("https://courier.example/track/LC-42");
        assertThat(shipments.get(0).get("sku").asText()).isEqualTo("CAP-ONE");
    }

    @Test
    void theModificationPollSeesShipmentsAndCancellations() throws Exception {
        String id = acknowledgedOrder();
        Instant before = Instant.now();
        Thread.sleep(5);

        calls.post("/v3/orders/" + id + "/shipping", token, shipment(line("2", "SO-2", status(1, tracking(UPS, "Standard", "1Z1", null)))));

        JsonNode changed = body(calls.get("/v3/orders?lastModifiedStartDate=" + before, token));
        assertThat(changed.at("/list/elements/order")).extracting(o -> o.get("purchaseOrderId").asText()).containsExactly(id);
        assertThat(body(calls.get("/v3/orders?status=Shipped", token)).at("/list/meta/totalCount").asInt()).isEqualTo(1);

        Instant afterShipping = Instant.now();
        Thread.sleep(5);
        assertThat(calls.get("/v3/orders?lastModifiedStartDate=" + afterShipping, token).statusCode()).isEqualTo(404);
        calls.post("/v3/orders/" + id + "/cancel", token, cancellation("1", "SELLER_CANCEL_OUT_OF_STOCK", 1));
        assertThat(body(calls.get("/v3/orders?lastModifiedStartDate=" + afterShipping, token)).at("/list/meta/totalCount").asInt())
                .isEqualTo(1);
    }

    @Test
    void walmartRefusesWhatCannotShipAndChangesNothing() throws Exception {
        String created = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("CAP-ONE", 1)));
        String id = acknowledgedOrder();
        String wfs = walmart.placeOrder(walmart.demoPurchase().fulfilledBy(ShipNodeType.WFS_FULFILLED));
        String path = "/v3/orders/" + id + "/shipping";

        assertRefused(calls.post("/v3/orders/" + created + "/shipping", token, shipment(line("1", "SO", status(1, tracking(UPS, "Standard", "1Z", null))))),
                "lineNumber", "Line number 1 is not acknowledged: acknowledge the order before shipping it");
        assertRefused(calls.post(path, token, shipment(line("1", "SO", status(3, tracking(UPS, "Standard", "1Z", null))))),
                "statusQuantity", "Quantity 3 is more than the 2 Acknowledged in line number 1");
        assertRefused(calls.post(path, token, shipment(line("9", "SO", status(1, tracking(UPS, "Standard", "1Z", null))))),
                "lineNumber", "Line number 9 is not in purchase order " + id);
        assertRefused(calls.post(path, token, shipment(line("1", "SO", status(1, tracking("{\"carrier\": \"Pony Express\"}", "Standard", "1Z", null))))),
                "carrier", "Carrier name is not supported in line number 1; use otherCarrier (with a trackingURL) for a carrier Walmart "
                        + "does not list");
        assertRefused(calls.post(path, token, shipment(line("1", "SO", status(1, tracking("{\"otherCarrier\": \"Pony Express\"}", "Standard", "P1", null))))),
                "trackingURL", "Tracking URL is required with otherCarrier in line number 1");
        assertRefused(calls.post(path, token, shipment(line("1", "SO", status(1, tracking(UPS, "Ground", "1Z", null))))),
                "methodCode", "Method code is not supported in line number 1");
        assertRefused(calls.post(path, token, shipment(line("1", null, status(1, tracking(UPS, "Standard", "1Z", null))))),
                "sellerOrderId", "Seller order id is required in line number 1");
        assertRefused(calls.post(path, token, "{\"orderShipment\": {\"orderLines\": {\"orderLine\": []}}}"),
                "orderShipment", "orderShipment.orderLines.orderLine must list at least one order line");
        assertRefused(calls.post(path, token, "not json"), "body", null);
        assertRefused(calls.post("/v3/orders/" + wfs + "/shipping", token, shipment(line("1", "SO", status(1, tracking(UPS, "Standard", "1Z", null))))),
                "purchaseOrderId", null);
        // one good line and one bad: nothing ships
        assertRefused(calls.post(path, token, shipment(line("2", "SO", status(1, tracking(UPS, "Standard", "1Z", null))),
                line("1", "SO", status(5, tracking(UPS, "Standard", "1Z", null))))), "statusQuantity", null);
        assertThat(walmart.lineStatus(id, "2")).isEqualTo("Acknowledged");
        assertThat(walmart.shipments(id)).isEmpty();

        HttpResponse<String> unknown = calls.post("/v3/orders/424242/shipping", token,
                shipment(line("1", "SO", status(1, tracking(UPS, "Standard", "1Z", null)))));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).at("/errors/error/0/code").asText()).isEqualTo("CONTENT_NOT_FOUND.GMP_ORDER_API");
    }

    @Test
    void cancellingTakesWhatIsNotShippedWithWalmartsReasons() throws Exception {
        String id = acknowledgedOrder();
        BigDecimal before = walmart.orderTotal(id);
        calls.post("/v3/orders/" + id + "/shipping", token, shipment(line("2", "SO", status(1, tracking(UPS, "Standard", "1Z", null)))));

        HttpResponse<String> response = calls.post("/v3/orders/" + id + "/cancel", token, cancellation("1", "SELLER_CANCEL_OUT_OF_STOCK", 1));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode cancelled = body(response).at("/order/orderLines/orderLine/0/orderLineStatuses/orderLineStatus/1");
        assertThat(cancelled.get("status").asText()).isEqualTo("Cancelled");
        assertThat(cancelled.get("cancellationReason").asText()).isEqualTo("SELLER_CANCEL_OUT_OF_STOCK");
        assertThat(walmart.lineStatus(id, "1")).isEqualTo("Acknowledged,Cancelled");
        // one cap of two cancelled: half the line's charge (34.50) and half its tax, each to the cent, leave the total
        JsonNode charge = walmart.order(id).at("/orderLines/orderLine/0/charges/charge/0");
        BigDecimal tax = charge.at("/tax/taxAmount/amount").decimalValue();
        assertThat(charge.at("/chargeAmount/amount").decimalValue()).isEqualByComparingTo("34.50");
        assertThat(walmart.orderTotal(id)).isEqualByComparingTo(before.subtract(new BigDecimal("17.25"))
                .subtract(tax.subtract(tax.divide(BigDecimal.valueOf(2), 2, java.math.RoundingMode.HALF_UP))));

        assertRefused(calls.post("/v3/orders/" + id + "/cancel", token, cancellation("2", "SELLER_CANCEL_OUT_OF_STOCK", 1)),
                "statusQuantity", "Line number 2 is Shipped: a shipped line cannot be cancelled");
        assertRefused(calls.post("/v3/orders/" + id + "/cancel", token, cancellation("1", "SELLER_CANCEL_OUT_OF_STOCK", 2)),
                "statusQuantity", "Quantity 2 is more than the 1 not shipped in line number 1");
        assertRefused(calls.post("/v3/orders/" + id + "/cancel", token, cancellation("1", "BUYER_CHANGED_MIND", 1)),
                "cancellationReason", null);

        calls.post("/v3/orders/" + id + "/cancel", token, cancellation("1", "SELLER_CANCEL_OUT_OF_STOCK", 1));
        assertThat(walmart.lineStatus(id, "1")).isEqualTo("Cancelled");
        assertThat(body(calls.get("/v3/orders/" + id, token)).at("/order/orderLines/orderLine/0/orderLineStatuses/orderLineStatus")).hasSize(1);
        assertRefused(calls.post("/v3/orders/" + id + "/cancel", token, cancellation("1", "SELLER_CANCEL_OUT_OF_STOCK", 1)),
                "statusQuantity", "Line number 1 is already Cancelled");
    }

    @Test
    void aLineNotYetAcknowledgedCanBeCancelledAndLeavesTheReleasedList() throws Exception {
        String id = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("CAP-ONE", 1)));

        calls.post("/v3/orders/" + id + "/cancel", token, cancellation("1", "SELLER_CANCEL_PRICING_ERROR", 1));

        assertThat(walmart.lineStatus(id, "1")).isEqualTo("Cancelled");
        assertThat(calls.get("/v3/orders/released", token).statusCode()).isEqualTo(404);
        assertThat(walmart.orderTotal(id)).isZero();
    }

    @Test
    void shippingAndCancellingHaveTheirOwnTokenBuckets() throws Exception {
        String id = acknowledgedOrder();
        walmart.setRateLimit(WalmartSandbox.Endpoint.CANCEL, 1, Duration.ofHours(1));
        String ship = shipment(line("1", "SO", status(1, tracking(UPS, "Standard", "1Z", null))));

        HttpResponse<String> shipped = calls.post("/v3/orders/" + id + "/shipping", token, ship);
        HttpResponse<String> cancelled = calls.post("/v3/orders/" + id + "/cancel", token, cancellation("2", "SELLER_CANCEL_OUT_OF_STOCK", 1));
        HttpResponse<String> throttled = calls.post("/v3/orders/" + id + "/cancel", token, cancellation("1", "SELLER_CANCEL_OUT_OF_STOCK", 1));

        assertThat(shipped.headers().firstValue("x-current-token-count")).hasValue("59");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.headers().firstValue("x-current-token-count")).hasValue("0");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(body(throttled).at("/errors/error/0/code").asText()).isEqualTo("REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API");
        assertThat(walmart.lineStatus(id, "1")).as("the throttled call changed nothing").isEqualTo("Acknowledged,Shipped");
        assertThat(walmart.stats().get("requestsByEndpoint").toString()).contains("SHIPPING=1", "CANCEL=2");
    }

    @Test
    void shipmentsSurviveARestart(@TempDir Path dir) throws Exception {
        walmart.close();
        WalmartSandbox.Config config = WalmartCalls.config().withStateFile(dir.resolve("walmart.json"));
        walmart = new WalmartSandbox(config).start();
        calls = new WalmartCalls(walmart);
        token = calls.token();
        String id = acknowledgedOrder();
        calls.post("/v3/orders/" + id + "/shipping", token, shipment(line("2", "SO", status(1, tracking(UPS, "Standard", "1Z7", null)))));
        walmart.close();

        walmart = new WalmartSandbox(config).start();

        assertThat(walmart.shipments(id)).extracting(s -> s.at("/trackingInfo/trackingNumber").asText()).containsExactly("1Z7");
        assertThat(walmart.lineStatus(id, "2")).isEqualTo("Shipped");
    }

    /** Two caps (line 1) and socks (line 2), acknowledged. */
    private String acknowledgedOrder() throws Exception {
        String id = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("CAP-ONE", 2), Purchase.Item.of("SOCKS-3PK", 1)));
        assertThat(calls.acknowledge(id, token).statusCode()).isEqualTo(200);
        return id;
    }

    static String shipment(String... lines) {
        return "{\"orderShipment\": {\"orderLines\": {\"orderLine\": [" + String.join(", ", lines) + "]}}}";
    }

    static String line(String number, String sellerOrderId, String... statuses) {
        return "{\"lineNumber\": \"" + number + "\", \"intentToCancelOverride\": false"
                + (sellerOrderId == null ? "" : ", \"sellerOrderId\": \"" + sellerOrderId + "\"")
                + ", \"orderLineStatuses\": {\"orderLineStatus\": [" + String.join(", ", statuses) + "]}}";
    }

    static String status(int quantity, String tracking) {
        return "{\"status\": \"Shipped\", \"statusQuantity\": {\"unitOfMeasurement\": \"EACH\", \"amount\": \"" + quantity + "\"},"
                + " \"trackingInfo\": " + tracking + "}";
    }

    static String tracking(String carrierName, String methodCode, String trackingNumber, String url) {
        return "{\"shipDateTime\": " + Instant.now().toEpochMilli() + ", \"carrierName\": " + carrierName + ", \"methodCode\": \""
                + methodCode + "\", \"trackingNumber\": \"" + trackingNumber + "\"" + (url == null ? "" : ", \"trackingURL\": \"" + url + "\"") + "}";
    }

    static String cancellation(String number, String reason, int quantity) {
        return "{\"orderCancellation\": {\"orderLines\": {\"orderLine\": [{\"lineNumber\": \"" + number + "\", \"orderLineStatuses\":"
                + " {\"orderLineStatus\": [{\"status\": \"Cancelled\", \"cancellationReason\": \"" + reason + "\","
                + " \"statusQuantity\": {\"unitOfMeasurement\": \"EA\", \"amount\": \"" + quantity + "\"}}]}}]}}}";
    }

    /** 400 INVALID_REQUEST_CONTENT naming the field, with the description when one is given. */
    private static void assertRefused(HttpResponse<String> response, String field, String description) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = body(response).at("/errors/error/0");
        assertThat(error.get("code").asText()).isEqualTo("INVALID_REQUEST_CONTENT.GMP_ORDER_API");
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("info").asText()).isEqualTo("Request content is invalid.");
        if (description != null) {
            assertThat(error.get("description").asText()).isEqualTo(description);
        }
    }
}
