package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A BigCommerce sandbox store on a free port and an HTTP client with its access token. */
final class TestStore implements AutoCloseable {

    static final String TOKEN = "catalog-token";

    final BigCommerceSandbox sandbox;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    TestStore() {
        this(1000, null);
    }

    TestStore(int quota, Path stateFile) {
        sandbox = new BigCommerceSandbox(new BigCommerceSandbox.Config("127.0.0.1", 0, "cat1", "1001", TOKEN, quota,
                Duration.ofSeconds(30), 0, List.of(), new BigDecimal("0.0825"), 7, stateFile)).start();
    }

    /** {@code path} is relative to the store's API root, e.g. {@code /v3/catalog/products?sku=MUG-11OZ}. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json);
    }

    HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send("PUT", path, json);
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null);
    }

    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return http.send(request(path).header("X-Auth-Token", TOKEN)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + path)).header("Accept", "application/json")
                .header("Content-Type", "application/json");
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    static JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text);
    }

    /** A {@code POST /v3/catalog/products} body for a T-shirt in the given sizes, SKUs {@code prefix-S}…, tracked per variant. */
    static String shirt(String name, String prefix, String... sizes) {
        StringBuilder variants = new StringBuilder();
        for (String size : sizes) {
            if (variants.length() > 0) {
                variants.append(',');
            }
            variants.append("{\"sku\":\"").append(prefix).append('-').append(size).append("\",\"inventory_level\":5,")
                    .append("\"option_values\":[{\"option_display_name\":\"Size\",\"label\":\"").append(size).append("\"}]}");
        }
        return "{\"name\":\"" + name + "\",\"type\":\"physical\",\"weight\":0.3,\"price\":\"24.00\",\"sku\":\"" + prefix + "\","
                + "\"inventory_tracking\":\"variant\",\"upc\":\"\",\"variants\":[" + variants + "]}";
    }

    /**
     * Places an order of custom products with 7.50 shipping, each line {@code "name:quantity:price"}, e.g.
     * {@code order(20, "Mug:3:10.00", "Tee:1:24.00")} (8.25 % tax: 30.00 + 2.48, 24.00 + 1.98, 7.50 + 0.62 = 66.58);
     * customer 0 is a guest. The order id.
     */
    int order(int customerId, String... lines) throws IOException {
        StringBuilder products = new StringBuilder();
        for (String line : lines) {
            String[] p = line.split(":");
            products.append(products.length() == 0 ? "" : ",").append("{\"name\":\"").append(p[0]).append("\",\"quantity\":")
                    .append(p[1]).append(",\"price_ex_tax\":\"").append(p[2]).append("\"}");
        }
        return sandbox.placeOrder(json("{\"customer_id\":" + customerId + ",\"billing_address\":{\"first_name\":\"Ada\","
                + "\"last_name\":\"Lovelace\",\"street_1\":\"1 Main St\",\"city\":\"Austin\",\"state\":\"Texas\","
                + "\"zip\":\"78701\",\"country\":\"United States\",\"country_iso2\":\"US\",\"email\":\"ada@example.com\"},"
                + "\"shipping_cost_ex_tax\":\"7.50\",\"products\":[" + products + "]}"));
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
