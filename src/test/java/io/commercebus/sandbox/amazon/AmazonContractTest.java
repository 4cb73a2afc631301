package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.contract.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Amazon sandbox answers what Amazon's published Orders API v0 definition describes. */
class AmazonContractTest {

    static final Path SPEC = Path.of("../shared/specs/amazon/ordersV0.json");
    static AmazonSandbox amazon;
    static SpApi api;
    static OpenApiContract contract;
    static String unshipped;
    static String pending;

    @BeforeAll
    static void start() throws Exception {
        amazon = SpApi.sandbox();
        api = new SpApi(amazon);
        NewOrder.Line promoted = NewOrder.Line.of("HOODIE-L", 2).withShipping(new BigDecimal("5.99"))
                .withPromotion("PLM-5OFF", new BigDecimal("5.00")).withFreeShipping("US Core Free Shipping Promotion X1");
        unshipped = amazon.placeOrder(amazon.demoOrder().withChannel("MFN").withStatus("Unshipped")
                .withLines(List.of(promoted, NewOrder.Line.of("MUG-11OZ", 1))));
        pending = amazon.placeOrder(amazon.demoOrder().withChannel("AFN"));
        amazon.placeOrder(amazon.demoOrder().withChannel("AFN").withStatus("Shipped"));
        contract = new OpenApiContract(SPEC);
    }

    @AfterAll
    static void stop() {
        amazon.close();
    }

    @Test
    void getOrdersByLastUpdate() throws Exception {
        JsonNode body = assertConforms("/orders/v0/orders",
                "/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=2020-01-01T00:00:00Z");
        assertThat(body.at("/payload/Orders")).hasSize(3);
        assertThat(body.at("/payload/LastUpdatedBefore").asText()).isNotEmpty();
    }

    @Test
    void getOrdersByCreationWithFilters() throws Exception {
        JsonNode body = assertConforms("/orders/v0/orders", "/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER"
                + "&CreatedAfter=2020-01-01&OrderStatuses=Unshipped,Pending&FulfillmentChannels=MFN,AFN&MaxResultsPerPage=1");
        assertThat(body.at("/payload/Orders")).hasSize(1);
        assertThat(body.at("/payload/NextToken").asText()).isNotEmpty();
        assertThat(body.at("/payload/CreatedBefore").asText()).isNotEmpty();
    }

    @Test
    void getOrderPaidAndPending() throws Exception {
        assertThat(assertConforms("/orders/v0/orders/{orderId}", "/orders/v0/orders/" + unshipped).at("/payload/OrderTotal/Amount")
                .asText()).matches("\\d+\\.\\d{2}");
        assertThat(assertConforms("/orders/v0/orders/{orderId}", "/orders/v0/orders/" + pending).at("/payload").has("OrderTotal"))
                .isFalse();
    }

    @Test
    void getOrderItems() throws Exception {
        JsonNode body = assertConforms("/orders/v0/orders/{orderId}/orderItems", "/orders/v0/orders/" + unshipped + "/orderItems");
        assertThat(body.at("/payload/OrderItems")).hasSize(2);
        assertConforms("/orders/v0/orders/{orderId}/orderItems", "/orders/v0/orders/" + pending + "/orderItems");
    }

    @Test
    void getOrderAddressAndBuyerInfo() throws Exception {
        assertThat(assertConforms("/orders/v0/orders/{orderId}/address", "/orders/v0/orders/" + unshipped + "/address")
                .at("/payload/ShippingAddress/CountryCode").asText()).isEqualTo("US");
        assertThat(assertConforms("/orders/v0/orders/{orderId}/buyerInfo", "/orders/v0/orders/" + unshipped + "/buyerInfo")
                .at("/payload/BuyerEmail").asText()).endsWith("@marketplace.amazon.com");
    }

    @Test
    void errorBodies() throws Exception {
        assertError(api.get("/orders/v0/orders?LastUpdatedAfter=2020-01-01T00:00:00Z"), "/orders/v0/orders", 400, "InvalidInput");
        assertError(api.get("/orders/v0/orders/" + unshipped, null), "/orders/v0/orders/{orderId}", 403, "Unauthorized");
        assertError(api.get("/orders/v0/orders/111-0000000-0000000"), "/orders/v0/orders/{orderId}", 404, "NotFound");
    }

    @Test
    void aThrottledRequestGetsQuotaExceeded() throws Exception {
        amazon.setUsagePlan("getOrderBuyerInfo", 0.001, 1);
        try {
            api.get("/orders/v0/orders/" + unshipped + "/buyerInfo");
            HttpResponse<String> throttled = api.get("/orders/v0/orders/" + unshipped + "/buyerInfo");
            assertError(throttled, "/orders/v0/orders/{orderId}/buyerInfo", 429, "QuotaExceeded");
            assertThat(SpApi.json(throttled).at("/errors/0/message").asText())
                    .isEqualTo("You exceeded your quota for the requested resource.");
        } finally {
            amazon.setUsagePlan("getOrderBuyerInfo", 1000, 1000);
        }
    }

    @Test
    void theContractCheckRejectsABodyThatBreaksTheDefinition() throws Exception {
        ObjectNode body = (ObjectNode) SpApi.json(api.get("/orders/v0/orders/" + unshipped));
        ObjectNode order = (ObjectNode) body.get("payload");
        order.put("OrderStatus", "Teleported");
        order.put("NumberOfItemsShipped", "two");
        ((ObjectNode) order.get("OrderTotal")).put("Amount", 12.5);
        order.remove("PurchaseDate");

        assertThat(contract.validate("/orders/v0/orders/{orderId}", "GET", 200, "application/json", body))
                .extracting(m -> m.getInstanceLocation().toString())
                .contains("$.payload.OrderStatus", "$.payload.NumberOfItemsShipped", "$.payload.OrderTotal.Amount", "$.payload");
    }

    private JsonNode assertConforms(String specPath, String pathAndQuery) throws Exception {
        HttpResponse<String> response = api.get(pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("x-amzn-RateLimit-Limit")).isPresent();
        JsonNode body = SpApi.json(response);
        assertThat(contract.validate(specPath, "GET", 200, "application/json", body)).as(response.body()).isEmpty();
        return body;
    }

    private void assertError(HttpResponse<String> response, String specPath, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = SpApi.json(response);
        assertThat(body.at("/errors/0/code").asText()).isEqualTo(code);
        assertThat(body.at("/errors/0/details").asText()).isEmpty();
        assertThat(contract.validate(specPath, "GET", status, "application/json", body)).as(response.body()).isEmpty();
    }
}
