package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Authentication, errors, paging and the modification-date filter of the orders API. */
class WooCommerceApiTest {

    @Test
    void requestsWithoutRightCredentialsAreRefused() throws Exception {
        try (TestStore store = new TestStore()) {
            HttpResponse<String> none = store.send(store.request("/orders").build());
            HttpResponse<String> wrongKey = store.send(store.request("/orders")
                    .header("Authorization", TestStore.basic("ck_wrong", TestStore.SECRET)).build());
            HttpResponse<String> wrongSecret = store.send(store.request("/orders/1001?consumer_key=" + TestStore.KEY
                    + "&consumer_secret=cs_wrong").build());
            HttpResponse<String> byQuery = store.send(store.request("/orders?consumer_key=" + TestStore.KEY
                    + "&consumer_secret=" + TestStore.SECRET).build());

            assertError(none, 401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
            assertError(wrongKey, 401, "woocommerce_rest_authentication_error", "Consumer key is invalid.");
            assertError(wrongSecret, 401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.");
            assertThat(byQuery.statusCode()).isEqualTo(200);
            assertThat(store.sandbox.stats()).containsEntry("authFailures", 3L);
        }
    }

    @Test
    void unknownOrdersRoutesAndParametersAreErrors() throws Exception {
        try (TestStore store = new TestStore()) {
            assertError(store.get("/orders/4242"), 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
            assertError(store.get("/coupons"), 404, "rest_no_route", "No route was found matching the URL and request method.");
            assertError(store.get("/orders?per_page=101"), 400, "rest_invalid_param", "Invalid parameter(s): per_page");
            assertError(store.get("/orders?modified_after=yesterday"), 400, "rest_invalid_param", "Invalid parameter(s): modified_after");
            assertError(store.get("/orders?status=shipped"), 400, "rest_invalid_param", "Invalid parameter(s): status");
            assertError(store.send("PUT", "/orders/4242", "{\"status\":\"completed\"}"), 400,
                    "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        }
    }

    @Test
    void ordersModifiedAfterADateArePagedInModificationOrder() throws Exception {
        try (TestStore store = new TestStore()) {
            List<Integer> before = store.sandbox.placeDemoOrders(5);
            String cursor = store.sandbox.order(before.get(4)).get("date_modified").asText();
            // the filter is exclusive and in whole seconds, as in MySQL
            waitForNextSecond(cursor);
            List<Integer> after = new ArrayList<>(store.sandbox.placeDemoOrders(24));
            store.sandbox.updateOrder(before.get(0), Json.mapper().readTree("{\"status\":\"completed\"}"));
            after.add(before.get(0));

            List<Integer> seen = new ArrayList<>();
            List<String> modified = new ArrayList<>();
            String next = "/orders?modified_after=" + cursor + "&orderby=modified&order=asc&per_page=10";
            HttpResponse<String> first = store.get(next);
            assertThat(first.headers().firstValue("X-WP-Total")).hasValue("25");
            assertThat(first.headers().firstValue("X-WP-TotalPages")).hasValue("3");
            for (int page = 1; next != null; page++) {
                HttpResponse<String> response = store.get(next);
                assertThat(response.statusCode()).isEqualTo(200);
                for (JsonNode order : TestStore.json(response)) {
                    seen.add(order.get("id").asInt());
                    modified.add(order.get("date_modified").asText() + "/" + order.get("id").asInt());
                }
                next = nextLink(store, response);
                assertThat(response.headers().firstValue("Link").orElse(""))
                        .contains(page > 1 ? "rel=\"prev\"" : "rel=\"next\"");
            }

            assertThat(seen).containsExactlyInAnyOrderElementsOf(after);
            // changes within one second tie on date_modified; the id breaks the tie
            assertThat(modified).isSorted();
            assertThat(TestStore.json(store.get("/orders?modified_after=" + cursor + "&page=4&per_page=10"))).isEmpty();
        }
    }

    @Test
    void ordersAreFilteredByStatusAndCustomerNewestFirstByDefault() throws Exception {
        try (TestStore store = new TestStore()) {
            store.sandbox.placeDemoOrders(40);

            JsonNode open = TestStore.json(store.get("/orders?status=pending,on-hold&per_page=100"));
            JsonNode guests = TestStore.json(store.get("/orders?customer=0&per_page=100"));
            JsonNode all = TestStore.json(store.get("/orders?status=any&per_page=100"));

            assertThat(open).isNotEmpty().allSatisfy(o -> assertThat(o.get("status").asText()).isIn("pending", "on-hold"));
            assertThat(open).allSatisfy(o -> assertThat(o.get("date_paid").isNull()).isTrue());
            assertThat(guests).isNotEmpty().allSatisfy(o -> assertThat(o.get("customer_id").asInt()).isZero());
            assertThat(all).hasSize(40);
            List<Integer> ids = new ArrayList<>();
            all.forEach(o -> ids.add(o.get("id").asInt()));
            assertThat(ids).isSortedAccordingTo((a, b) -> b - a);
        }
    }

    @Test
    void ordersAndWebhooksSurviveARestart(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("woocommerce.json");
        int orderId;
        try (TestStore store = new TestStore(List.of(), 5, state)) {
            orderId = store.sandbox.placeDemoOrders(3).get(2);
            store.send("POST", "/webhooks", "{\"topic\":\"order.created\",\"delivery_url\":\"http://127.0.0.1:9/x\",\"secret\":\"s\"}");
        }
        try (TestStore store = new TestStore(List.of(), 5, state)) {
            assertThat(store.sandbox.orderCount()).isEqualTo(3);
            assertThat(store.sandbox.order(orderId).get("total").asText()).isNotEmpty();
            assertThat(TestStore.json(store.get("/webhooks"))).hasSize(1);
            assertThat(store.sandbox.placeDemoOrders(1).get(0)).isEqualTo(orderId + 1);
        }
    }

    @Test
    void theControlApiPlacesDemoOrdersAndReportsStats() throws Exception {
        try (TestStore store = new TestStore()) {
            URI root = URI.create("http://127.0.0.1:" + store.sandbox.port());
            HttpResponse<String> placed = store.send(HttpRequest.newBuilder(root.resolve("/sandbox/orders?count=3"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            HttpResponse<String> stats = store.send(HttpRequest.newBuilder(root.resolve("/sandbox/stats")).build());

            assertThat(placed.statusCode()).isEqualTo(201);
            assertThat(TestStore.json(placed).get("orders")).hasSize(3);
            assertThat(TestStore.json(stats).get("orders").asInt()).isEqualTo(3);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = TestStore.json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isEqualTo(message);
        assertThat(body.get("data").get("status").asInt()).isEqualTo(status);
    }

    /** The rel="next" URL of the Link header, relative to the API root; null on the last page. */
    private static String nextLink(TestStore store, HttpResponse<String> response) {
        for (String link : response.headers().firstValue("Link").orElse("").split(",\\s*")) {
            if (link.endsWith("rel=\"next\"")) {
                String url = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
                return url.substring((store.sandbox.baseUrl() + WooCommerceSandbox.API_PATH).length());
            }
        }
        return null;
    }

    private static void waitForNextSecond(String date) throws InterruptedException {
        while (OrderBook.date(Instant.now()).compareTo(date) <= 0) {
            Thread.sleep(20);
        }
    }
}
