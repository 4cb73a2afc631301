package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.contract.OpenApiContract;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The BigCommerce sandbox answers what BigCommerce's published orders v2 definition describes. */
class BigCommerceContractTest {

    static final Path SPEC = Path.of("../shared/specs/bigcommerce/orders.v2.oas2.yml");
    static final Path CATALOG = Path.of("../shared/specs/bigcommerce/catalog.v3.yml");
    static final Path WEBHOOKS = Path.of("../shared/specs/bigcommerce/webhooks.v3.yml");
    static BigCommerceSandbox store;
    static OpenApiContract contract;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static int orderId;

    @BeforeAll
    static void start() throws Exception {
        store = new BigCommerceSandbox(new BigCommerceSandbox.Config("127.0.0.1", 0, "contract1", "1001", "token",
                1000, Duration.ofSeconds(30), 0, List.of(), new BigDecimal("0.0825"), 7, null)).start();
        ObjectNode order = store.demoOrderBody();
        order.put("coupon_discount", "5.0000");
        orderId = store.placeOrder(order);
        contract = new OpenApiContract(SPEC);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void getAnOrder() throws Exception {
        assertConforms("/orders/{order_id}", "/orders/" + orderId);
    }

    @Test
    void getAllOrdersFilteredByModificationDate() throws Exception {
        assertConforms("/orders", "/orders?min_date_modified=2020-01-01T00:00:00Z&sort=date_modified:asc&limit=50&page=1");
    }

    @Test
    void listOrderProducts() throws Exception {
        assertConforms("/orders/{order_id}/products", "/orders/" + orderId + "/products");
    }

    @Test
    void getOrderShippingAddresses() throws Exception {
        assertConforms("/orders/{order_id}/shipping_addresses", "/orders/" + orderId + "/shipping_addresses");
    }

    @Test
    void anUnknownOrderIs404() throws Exception {
        HttpResponse<String> response = get("/orders/999999");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(contract.validate("/orders/{order_id}", "GET", 404, "application/json",
                Json.mapper().readTree(response.body()))).isEmpty();
    }

    @Test
    void theContractCheckRejectsABodyThatBreaksTheDefinition() throws Exception {
        ObjectNode order = (ObjectNode) Json.mapper().readTree(get("/orders/" + orderId).body());
        order.put("customer_id", "twenty");
        order.put("payment_status", "teleported");

        assertThat(contract.validate("/orders/{order_id}", "GET", 200, "application/json", order))
                .extracting(m -> m.getInstanceLocation().toString())
                .contains("$.customer_id", "$.payment_status");
    }

    @Test
    void catalogProducts() throws Exception {
        HttpResponse<String> response = get("/v3/catalog/products", "");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new OpenApiContract(CATALOG).validate("/catalog/products", "GET", 200, "application/json",
                Json.mapper().readTree(response.body()))).isEmpty();
    }

    @Test
    void webhooksList() throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(store.apiUrl() + "/v3/hooks"))
                .header("X-Auth-Token", "token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"store/order/created\",\"destination\":"
                        + "\"https://bus.example.com/webhooks/bigcommerce/demo\",\"is_active\":true,\"headers\":{\"custom\":\"x\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);
        HttpResponse<String> response = get("/v3/hooks", "");
        assertThat(Json.mapper().readTree(response.body()).get("data")).hasSize(1);
        assertThat(response.statusCode()).isEqualTo(200);
        // the webhooks definition files its schemas under a media type it calls "v3"
        assertThat(new OpenApiContract(WEBHOOKS).validate("/hooks", "GET", 200, "v3",
                Json.mapper().readTree(response.body()))).isEmpty();
    }

    private void assertConforms(String specPath, String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contract.validate(specPath, "GET", 200, "application/json", Json.mapper().readTree(response.body())))
                .as(response.body()).isEmpty();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return get(pathAndQuery, "/v2");
    }

    private static HttpResponse<String> get(String pathAndQuery, String version) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(store.apiUrl() + version + pathAndQuery))
                .header("X-Auth-Token", "token").header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
