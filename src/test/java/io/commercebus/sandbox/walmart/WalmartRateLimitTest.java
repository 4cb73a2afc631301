package io.commercebus.sandbox.walmart;

import io.commercebus.contract.JsonSchemaFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static io.commercebus.sandbox.walmart.WalmartCalls.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each API's token bucket: the headers on every answer, 429 when empty, one token back per interval. */
class WalmartRateLimitTest {

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
    void everyAnswerTellsTheTokensLeftAndTheNextReplenishment() throws Exception {
        walmart.setRateLimit(WalmartSandbox.Endpoint.ORDER, 10, Duration.ofHours(1));
        walmart.setRateLimit(WalmartSandbox.Endpoint.RELEASED_ORDERS, 10, Duration.ofHours(1));
        String id = walmart.placeDemoOrders(1).get(0);
        long before = System.currentTimeMillis();

        HttpResponse<String> first = calls.get("/v3/orders/" + id, token);
        HttpResponse<String> second = calls.get("/v3/orders/" + id, token);
        HttpResponse<String> notFound = calls.get("/v3/orders/released?shipNodeType=3PLFulfilled", token);

        assertThat(tokens(first)).isEqualTo(9);
        assertThat(tokens(second)).isEqualTo(8);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(tokens(notFound)).isEqualTo(9);
        // ten an hour: the first token taken comes back six minutes later
        assertThat(replenish(second)).isBetween(before + 360_000, System.currentTimeMillis() + 360_000);
    }

    @Test
    void anEmptyBucketAnswers429UntilATokenComesBack() throws Exception {
        walmart.setRateLimit(WalmartSandbox.Endpoint.ACKNOWLEDGE, 2, Duration.ofSeconds(1));
        String id = walmart.placeDemoOrders(1).get(0);

        assertThat(calls.acknowledge(id, token).statusCode()).isEqualTo(200);
        assertThat(calls.acknowledge(id, token).statusCode()).isEqualTo(200);
        HttpResponse<String> throttled = calls.acknowledge(id, token);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(tokens(throttled)).isZero();
        assertThat(replenish(throttled)).isGreaterThan(System.currentTimeMillis() - 1000).isLessThanOrEqualTo(System.currentTimeMillis() + 500);
        assertThat(new JsonSchemaFile("/walmart/orders.schema.json").validate("errors", body(throttled))).isEmpty();
        assertThat(body(throttled).at("/errors/error/0/code").asText()).isEqualTo("REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API");
        assertThat(walmart.stats()).containsEntry("rateLimited", 1L);
        // other APIs have their own buckets
        assertThat(calls.get("/v3/orders/" + id, token).statusCode()).isEqualTo(200);

        long waitUntil = replenish(throttled);
        await().atMost(Duration.ofSeconds(3)).until(() -> System.currentTimeMillis() >= waitUntil);
        HttpResponse<String> afterWaiting = calls.acknowledge(id, token);

        assertThat(afterWaiting.statusCode()).isEqualTo(200);
        assertThat(tokens(afterWaiting)).isZero();
    }

    @Test
    void theTokenApiIsThrottledToo() throws Exception {
        walmart.setRateLimit(WalmartSandbox.Endpoint.TOKEN, 1, Duration.ofMinutes(1));

        assertThat(calls.token(WalmartCalls.CLIENT_ID, WalmartCalls.CLIENT_SECRET).statusCode()).isEqualTo(200);
        HttpResponse<String> throttled = calls.token(WalmartCalls.CLIENT_ID, WalmartCalls.CLIENT_SECRET);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(replenish(throttled) - System.currentTimeMillis()).isBetween(50_000L, 60_000L);
    }

    @Test
    void theFeedListAndOneFeedsStatusShareOneBucket() throws Exception {
        walmart.setRateLimit(WalmartSandbox.Endpoint.FEED_STATUS, 2, Duration.ofHours(1));

        HttpResponse<String> list = calls.get("/v3/feeds", token);
        HttpResponse<String> one = calls.get("/v3/feeds/UNKNOWN%40AUoBAQA", token);
        HttpResponse<String> throttled = calls.get("/v3/feeds", token);

        assertThat(tokens(list)).isEqualTo(1);
        assertThat(one.statusCode()).isEqualTo(404);
        assertThat(tokens(one)).isZero();
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(walmart.stats().get("rateLimitedByEndpoint")).isEqualTo(java.util.Map.of("FEED_STATUSES", 1L));
    }

    @Test
    void singleInventoryUpdatesAreThrottledApartFromInventoryReads() throws Exception {
        walmart.setRateLimit(WalmartSandbox.Endpoint.UPDATE_INVENTORY, 1, Duration.ofMinutes(1));
        String update = "{\"sku\":\"MUG-11OZ\",\"quantity\":{\"unit\":\"EACH\",\"amount\":3}}";

        assertThat(calls.put("/v3/inventory?sku=MUG-11OZ", token, update).statusCode()).isEqualTo(200);
        HttpResponse<String> throttled = calls.put("/v3/inventory?sku=MUG-11OZ", token, update);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(new JsonSchemaFile("/walmart/orders.schema.json").validate("errors", body(throttled))).isEmpty();
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(50L, 60L);
        assertThat(calls.get("/v3/inventory?sku=MUG-11OZ", token).statusCode()).isEqualTo(200);
        assertThat(walmart.inventory("MUG-11OZ")).isEqualTo(3);
    }

    private static long tokens(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("x-current-token-count").orElseThrow());
    }

    private static long replenish(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("x-next-replenish-time").orElseThrow());
    }
}
