package io.commercebus.sandbox.amazon;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Usage plans: a burst beyond the bucket is throttled with 429 QuotaExceeded; tokens come back at the plan's rate. */
class UsagePlansTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aBucketHoldsTheBurstAndRefillsAtTheRate() {
        ManualClock clock = new ManualClock();
        UsagePlans plans = new UsagePlans(Map.of("getOrderItems", new UsagePlan(0.5, 3)), clock);

        assertThat(plans.tryAcquire("getOrderItems")).isTrue();
        assertThat(plans.tryAcquire("getOrderItems")).isTrue();
        assertThat(plans.tryAcquire("getOrderItems")).isTrue();
        assertThat(plans.tryAcquire("getOrderItems")).isFalse();
        clock.now = clock.now.plusMillis(1999);
        assertThat(plans.tryAcquire("getOrderItems")).isFalse();
        clock.now = clock.now.plusMillis(1);
        assertThat(plans.tryAcquire("getOrderItems")).as("one token after 1 / 0.5 s").isTrue();
        assertThat(plans.tryAcquire("getOrderItems")).isFalse();
        clock.now = clock.now.plus(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(plans.tryAcquire("getOrderItems")).as("the bucket never holds more than the burst").isTrue();
        }
        assertThat(plans.tryAcquire("getOrderItems")).isFalse();
        assertThat(plans.throttled()).containsEntry("getOrderItems", 4L);
    }

    @Test
    void aBurstOfGetOrderItemsBeyondTheBurstIsThrottled() throws Exception {
        try (AmazonSandbox amazon = SpApi.sandbox()) {
            SpApi api = new SpApi(amazon);
            String order = amazon.placeOrder(amazon.demoOrder());
            String items = "/orders/v0/orders/" + order + "/orderItems";
            api.accessToken();
            long start = System.nanoTime();
            amazon.setUsagePlan("getOrderItems", 0.5, 5);

            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = api.get(items);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("x-amzn-RateLimit-Limit")).contains("0.5");
            }
            HttpResponse<String> throttled = api.get(items);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("x-amzn-RateLimit-Limit")).contains("0.5");
            assertThat(SpApi.json(throttled).at("/errors/0/code").asText()).isEqualTo("QuotaExceeded");

            // the sixth token arrives two seconds (1 / rate) after the bucket was full
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> api.get(items).statusCode() == 200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1990));
            assertThat(amazon.stats().get("throttledByOperation")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Long.class))
                    .containsEntry("getOrders", 0L).hasEntrySatisfying("getOrderItems", n -> assertThat(n).isGreaterThanOrEqualTo(1L));
            assertThat(api.get("/orders/v0/orders/" + order).statusCode()).as("other operations have their own bucket").isEqualTo(200);
        }
    }

    @Test
    void theDefaultsAreTheDefinitionsAndTheHeaderStatesTheRate() throws Exception {
        try (AmazonSandbox amazon = SpApi.sandbox(null, null, Duration.ZERO, null)) {
            HttpResponse<String> response = new SpApi(amazon)
                    .get("/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2020-01-01T00:00:00Z");
            assertThat(response.headers().firstValue("x-amzn-RateLimit-Limit")).contains("0.0167");
        }
        assertThat(UsagePlan.DEFAULTS.get("getOrders")).isEqualTo(new UsagePlan(0.0167, 20));
        assertThat(UsagePlan.DEFAULTS.get("getOrderItems")).isEqualTo(new UsagePlan(0.5, 30));
    }
}
