package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    @Test
    void everyOperationsDefaultIsTheUsagePlanItsDefinitionPublishes() throws Exception {
        Map<String, UsagePlan> published = new TreeMap<>();
        Pattern row = Pattern.compile("\\|\\s*([0-9.]+)\\s*\\|\\s*([0-9]+)\\s*\\|");
        for (String spec : List.of("ordersV0.json", "feeds_2021-06-30.json", "listingsItems_2021-08-01.json", "financesV0.json",
                "reports_2021-06-30.json")) {
            JsonNode paths = Json.mapper().readTree(Path.of("../shared/specs/amazon", spec).toFile()).get("paths");
            paths.forEach(path -> path.forEach(operation -> {
                Matcher plan = row.matcher(operation.path("description").asText());
                if (operation.has("operationId") && plan.find()) {
                    published.put(operation.get("operationId").asText(),
                            new UsagePlan(Double.parseDouble(plan.group(1)), Integer.parseInt(plan.group(2))));
                }
            }));
        }
        Map<String, UsagePlan> served = new TreeMap<>(UsagePlan.DEFAULTS);
        assertThat(served.remove(UsagePlan.JSON_LISTINGS_FEED_PLAN)).as("five feeds per five minutes").isEqualTo(new UsagePlan(0.0167, 5));
        assertThat(published).containsAllEntriesOf(served);
        assertThat(served.keySet()).contains("createFeedDocument", "createFeed", "getFeed", "getFeeds", "cancelFeed",
                "getFeedDocument", "getListingsItem", "patchListingsItem", "confirmShipment", "listFinancialEventGroups",
                "listFinancialEventsByGroupId", "listFinancialEventsByOrderId", "listFinancialEvents", "getReports", "createReport",
                "getReport", "cancelReport", "getReportDocument");
    }

    @Test
    void jsonListingsFeedsAreThrottledToFiveInFiveMinutesApartFromCreateFeed() throws Exception {
        try (AmazonSandbox amazon = SpApi.sandbox(null, null, Duration.ZERO, null)) {
            FeedClient client = new FeedClient(new SpApi(amazon));
            List<String> documents = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                documents.add(client.createDocument(FeedClient.JSON).get("feedDocumentId"));
            }
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> created = client.createFeed("JSON_LISTINGS_FEED", documents.get(i));
                assertThat(created.statusCode()).isEqualTo(202);
                assertThat(created.headers().firstValue("x-amzn-RateLimit-Limit")).contains("0.0167");
            }
            HttpResponse<String> sixth = client.createFeed("JSON_LISTINGS_FEED", documents.get(5));
            assertThat(sixth.statusCode()).isEqualTo(429);
            assertThat(SpApi.json(sixth).at("/errors/0/code").asText()).isEqualTo("QuotaExceeded");
            HttpResponse<String> other = client.createFeed("POST_FLAT_FILE_INVLOADER_DATA", documents.get(6));
            assertThat(other.statusCode()).as("other feed types have createFeed's plan").isEqualTo(202);
            assertThat(other.headers().firstValue("x-amzn-RateLimit-Limit")).contains("0.0083");

            assertThat(amazon.requestsByOperation()).containsEntry("createFeed", 7L).containsEntry("createFeedDocument", 7L);
            assertThat(amazon.stats().get("throttledByOperation")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Long.class))
                    .containsEntry(UsagePlan.JSON_LISTINGS_FEED_PLAN, 1L).containsEntry("createFeed", 0L);
            assertThat(amazon.feedIds()).hasSize(6);
        }
    }

    @Test
    void getListingsItemAndPatchListingsItemHaveTheirBursts() throws Exception {
        try (AmazonSandbox amazon = SpApi.sandbox(null, null, Duration.ZERO, null)) {
            SpApi api = new SpApi(amazon);
            String item = "/listings/2021-08-01/items/" + SpApi.SELLER_ID + "/MUG-11OZ?marketplaceIds=" + SpApi.MARKETPLACE;
            api.accessToken();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = api.get(item);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("x-amzn-RateLimit-Limit")).contains("5");
            }
            assertThat(api.get(item).statusCode()).isEqualTo(429);
            // five a second: a token is back within 200 ms
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> api.get(item).statusCode() == 200);

            JsonNode patch = ListingsItemsTest.patch(FeedClient.quantity(1, "MUG-11OZ", 20));
            int accepted = 0;
            int throttled = 0;
            for (int i = 0; i < 6; i++) {
                int status = api.send("PATCH", item, patch).statusCode();
                accepted += status == 200 ? 1 : 0;
                throttled += status == 429 ? 1 : 0;
            }
            assertThat(accepted).isBetween(5, 6);
            assertThat(accepted + throttled).isEqualTo(6);
            assertThat(amazon.requestsByOperation()).containsEntry("patchListingsItem", 6L)
                    .hasEntrySatisfying("getListingsItem", n -> assertThat(n).isGreaterThanOrEqualTo(12L));
        }
    }
}
