package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** confirmShipment as the bus calls it from a NetSuite Item Fulfillment: packages, status moves, refusals. */
class ConfirmShipmentTest {

    AmazonSandbox amazon = SpApi.sandbox();
    SpApi api = new SpApi(amazon);

    @AfterEach
    void stop() {
        amazon.close();
    }

    /** A confirmShipment body as the bus sends it: one package of these order items and units. */
    static ObjectNode confirmation(String packageReferenceId, String trackingNumber, Map<String, Integer> units) {
        ObjectNode body = Json.mapper().createObjectNode().put("marketplaceId", SpApi.MARKETPLACE);
        ObjectNode detail = body.putObject("packageDetail").put("packageReferenceId", packageReferenceId).put("carrierCode", "UPS")
                .put("carrierName", "UPS").put("shippingMethod", "UPS Ground").put("trackingNumber", trackingNumber)
                .put("shipDate", Instant.now().minusSeconds(3600).toString());
        ArrayNode items = detail.putArray("orderItems");
        units.forEach((item, quantity) -> items.addObject().put("orderItemId", item).put("quantity", quantity));
        return body;
    }

    static String path(String orderId) {
        return "/orders/v0/orders/" + orderId + "/shipmentConfirmation";
    }

    String mfnOrder() {
        return amazon.placeOrder(amazon.demoOrder().withChannel("MFN").withStatus("Unshipped")
                .withLines(List.of(NewOrder.Line.of("TEE-M-BLK", 2).withShipping(new BigDecimal("5.99")), NewOrder.Line.of("CAP-ONE", 1))));
    }

    String itemId(String orderId, String sku) {
        for (JsonNode item : amazon.orderItems(orderId)) {
            if (item.get("SellerSKU").asText().equals(sku)) {
                return item.get("OrderItemId").asText();
            }
        }
        throw new AssertionError(sku);
    }

    @Test
    void packagesMoveTheOrderFromUnshippedToPartiallyShippedToShipped() throws Exception {
        String id = mfnOrder();
        String tee = itemId(id, "TEE-M-BLK");
        String cap = itemId(id, "CAP-ONE");
        String placedUpdate = amazon.order(id).get("LastUpdateDate").asText();
        Thread.sleep(1000);

        HttpResponse<String> first = api.send("POST", path(id), confirmation("1", "1Z999AA10000000001", Map.of(tee, 1)));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
        assertThat(first.body()).isEmpty();
        assertThat(first.headers().firstValue("x-amzn-RateLimit-Limit")).isPresent();
        JsonNode partly = SpApi.json(api.get("/orders/v0/orders/" + id)).get("payload");
        assertThat(partly.get("OrderStatus").asText()).isEqualTo("PartiallyShipped");
        assertThat(partly.get("NumberOfItemsShipped").asInt()).isEqualTo(1);
        assertThat(partly.get("NumberOfItemsUnshipped").asInt()).isEqualTo(2);
        assertThat(partly.get("LastUpdateDate").asText()).isGreaterThan(placedUpdate);

        assertThat(api.send("POST", path(id), confirmation("2", "1Z999AA10000000002", Map.of(tee, 1, cap, 1))).statusCode())
                .isEqualTo(204);
        JsonNode shipped = SpApi.json(api.get("/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2020-01-01&OrderStatuses=Shipped"))
                .at("/payload/Orders/0");
        assertThat(shipped.get("AmazonOrderId").asText()).isEqualTo(id);
        assertThat(shipped.get("NumberOfItemsShipped").asInt()).isEqualTo(3);
        assertThat(shipped.get("NumberOfItemsUnshipped").asInt()).isZero();
        assertThat(amazon.orderItems(id)).allSatisfy(i -> assertThat(i.get("QuantityShipped")).isEqualTo(i.get("QuantityOrdered")));

        ArrayNode packages = amazon.packages(id);
        assertThat(packages).hasSize(2);
        assertThat(packages.get(0).get("trackingNumber").asText()).isEqualTo("1Z999AA10000000001");
        assertThat(packages.get(1).get("shipmentId").asText()).matches("[A-Za-z0-9]{9}");
        // each package posts a shipment event for its units
        List<JsonNode> events = amazon.financialEvents(id);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).at("/ShipmentItemList/0/QuantityShipped").asInt()).isEqualTo(1);
        assertThat(events.get(1).get("ShipmentItemList")).hasSize(2);
    }

    @Test
    void theSamePackageReferenceIdEditsThatPackage() throws Exception {
        String id = mfnOrder();
        String tee = itemId(id, "TEE-M-BLK");
        assertThat(api.send("POST", path(id), confirmation("101", "WRONG-TRACKING", Map.of(tee, 2))).statusCode()).isEqualTo(204);
        String shipmentId = amazon.packages(id).get(0).get("shipmentId").asText();

        HttpResponse<String> edit = api.send("POST", path(id), confirmation("101", "1Z999AA10000000101", Map.of(tee, 2)));
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(204);
        ArrayNode packages = amazon.packages(id);
        assertThat(packages).hasSize(1);
        assertThat(packages.get(0).get("trackingNumber").asText()).isEqualTo("1Z999AA10000000101");
        assertThat(packages.get(0).get("shipmentId").asText()).isEqualTo(shipmentId);
        assertThat(amazon.order(id).get("NumberOfItemsShipped").asInt()).as("an edit ships nothing more").isEqualTo(2);
        assertThat(amazon.financialEvents(id)).hasSize(1);

        HttpResponse<String> otherItems = api.send("POST", path(id), confirmation("101", "1Z999AA10000000101", Map.of(tee, 1)));
        assertThat(otherItems.statusCode()).isEqualTo(400);
        assertThat(SpApi.json(otherItems).at("/errors/0/message").asText()).contains("edit changes carrier, tracking and dates only");
    }

    @Test
    void refusals() throws Exception {
        String id = mfnOrder();
        String tee = itemId(id, "TEE-M-BLK");
        assertInvalid(id, confirmation("1", "T1", Map.of("99999999999999", 1)), "OrderItemId 99999999999999 is invalid");
        assertInvalid(id, confirmation("1", "T1", Map.of(tee, 3)), "exceeds its unshipped quantity 2");
        assertInvalid(id, confirmation("0", "T1", Map.of(tee, 1)), "must be a positive numeric value");
        assertInvalid(id, confirmation("PKG-1", "T1", Map.of(tee, 1)), "must be a positive numeric value");
        assertInvalid(id, confirmation("1", "T1", Map.of(tee, 0)), "at least 1");
        ObjectNode otherMarketplace = confirmation("1", "T1", Map.of(tee, 1)).put("marketplaceId", "A2EUQ1WTGCTBG2");
        assertInvalid(id, otherMarketplace, "marketplaceId");
        ObjectNode noTracking = confirmation("1", "T1", Map.of(tee, 1));
        ((ObjectNode) noTracking.get("packageDetail")).remove("trackingNumber");
        assertInvalid(id, noTracking, "trackingNumber is required");
        assertInvalid(id, Json.mapper().createObjectNode().put("marketplaceId", SpApi.MARKETPLACE), "packageDetail is required");
        assertThat(amazon.order(id).get("OrderStatus").asText()).as("nothing refused was applied").isEqualTo("Unshipped");

        String afn = amazon.placeOrder(amazon.demoOrder().withChannel("AFN").withStatus("Unshipped"));
        assertInvalid(afn, confirmation("1", "T1", Map.of(amazon.orderItems(afn).get(0).get("OrderItemId").asText(), 1)),
                "fulfilled by Amazon");
        String canceled = amazon.placeOrder(amazon.demoOrder().withChannel("MFN").withStatus("Canceled"));
        assertInvalid(canceled, confirmation("1", "T1", Map.of(amazon.orderItems(canceled).get(0).get("OrderItemId").asText(), 1)),
                "is Canceled");
        String pending = amazon.placeOrder(amazon.demoOrder().withChannel("MFN"));
        assertInvalid(pending, confirmation("1", "T1", Map.of(amazon.orderItems(pending).get(0).get("OrderItemId").asText(), 1)),
                "is Pending");

        assertThat(api.send("POST", path(id), confirmation("2", "T2", Map.of(tee, 2))).statusCode()).isEqualTo(204);
        assertThat(api.send("POST", path(id), confirmation("3", "T3", Map.of(tee, 1))).statusCode())
                .as("nothing of the item is left to ship").isEqualTo(400);

        HttpResponse<String> unknown = api.send("POST", path("111-0000000-0000000"), confirmation("1", "T1", Map.of(tee, 1)));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(SpApi.json(unknown).at("/errors/0/code").asText()).isEqualTo("NotFound");
        assertThat(api.send("POST", path("12345"), confirmation("1", "T1", Map.of(tee, 1))).statusCode()).isEqualTo(400);
    }

    private void assertInvalid(String orderId, JsonNode body, String message) throws Exception {
        HttpResponse<String> response = api.send("POST", path(orderId), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(SpApi.json(response).at("/errors/0/code").asText()).isEqualTo("InvalidInput");
        assertThat(SpApi.json(response).at("/errors/0/message").asText()).contains(message);
    }
}
