package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.sandbox.walmart.WalmartSandbox.FeedItem;
import io.commercebus.sandbox.walmart.WalmartSandbox.FeedLimit;
import io.commercebus.sandbox.walmart.WalmartSandbox.FeedSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.commercebus.sandbox.walmart.WalmartCalls.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bulk inventory and price feeds: submission, asynchronous processing, per-item statuses, limits, restart. */
class WalmartFeedsTest {

    static final Duration PROCESSING = Duration.ofMillis(400);

    WalmartSandbox walmart;
    WalmartCalls calls;
    String token;

    @BeforeEach
    void start() throws Exception {
        walmart = new WalmartSandbox(WalmartCalls.config().withFeedProcessingTime(PROCESSING)).start();
        calls = new WalmartCalls(walmart);
        token = calls.token();
    }

    @AfterEach
    void stop() {
        walmart.close();
    }

    static String inventoryFeed(String... skuAndAmount) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < skuAndAmount.length; i += 2) {
            items.add("{\"sku\":\"" + skuAndAmount[i] + "\",\"quantity\":{\"unit\":\"EACH\",\"amount\":" + skuAndAmount[i + 1] + "}}");
        }
        return "{\"InventoryHeader\":{\"version\":\"1.4\"},\"Inventory\":[" + String.join(",", items) + "]}";
    }

    static String priceFeed(String... items) {
        return "{\"PriceHeader\":{\"version\":\"1.7\"},\"Price\":[" + String.join(",", items) + "]}";
    }

    static String price(String sku, String currency, String amount) {
        return "{\"sku\":\"" + sku + "\",\"pricing\":[{\"currentPriceType\":\"BASE\",\"currentPrice\":{\"currency\":\"" + currency
                + "\",\"amount\":" + amount + "}}]}";
    }

    String submit(String feedType, String file) throws Exception {
        HttpResponse<String> response = calls.feed(feedType, token, file);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response).get("feedId").asText();
    }

    JsonNode awaitDone(String feedId) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            String status = calls.feedStatus(feedId, token).get("feedStatus").asText();
            return status.equals("PROCESSED") || status.equals("ERROR");
        });
        try {
            return calls.feedStatus(feedId, token);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anInventoryFeedGoesFromReceivedThroughInProgressToProcessedWithEachItemsStatus() throws Exception {
        walmart.setFeedProcessingTime(Duration.ofMillis(1600));
        walmart.setInventory("CAP-ONE", 4);
        walmart.setInventory("POSTER-A2", 6);

        String feedId = submit("inventory", inventoryFeed("MUG-11OZ", "5", "TEE-M-BLK", "0", "NO-SUCH-SKU", "3",
                "CAP-ONE", "-2", "POSTER-A2", "1.5"));

        assertThat(feedId).matches("[0-9A-F]{32}@[A-Za-z0-9]+");
        JsonNode received = calls.feedStatus(feedId, token);
        assertThat(received.get("feedStatus").asText()).isEqualTo("RECEIVED");
        assertThat(received.get("itemsReceived").asInt()).isZero();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(40))
                .until(() -> !calls.feedStatus(feedId, token).get("feedStatus").asText().equals("RECEIVED"));
        JsonNode inProgress = calls.feedStatus(feedId, token);
        assertThat(inProgress.get("feedStatus").asText()).isEqualTo("INPROGRESS");
        assertThat(inProgress.get("itemsProcessing").asInt()).isEqualTo(5);
        assertThat(inProgress.at("/itemDetails/itemIngestionStatus")).hasSize(5)
                .allSatisfy(item -> assertThat(item.get("ingestionStatus").asText()).isEqualTo("INPROGRESS"));
        assertThat(walmart.inventory("MUG-11OZ")).isNotEqualTo(5);

        JsonNode done = awaitDone(feedId);

        assertThat(done.get("feedStatus").asText()).isEqualTo("PROCESSED");
        assertThat(done.get("itemsReceived").asInt()).isEqualTo(5);
        assertThat(done.get("itemsSucceeded").asInt()).isEqualTo(2);
        assertThat(done.get("itemsFailed").asInt()).isEqualTo(3);
        assertThat(done.get("itemsProcessing").asInt()).isZero();
        JsonNode items = done.at("/itemDetails/itemIngestionStatus");
        assertThat(items).extracting(i -> i.get("sku").asText() + "=" + i.get("ingestionStatus").asText())
                .containsExactly("MUG-11OZ=SUCCESS", "TEE-M-BLK=SUCCESS", "NO-SUCH-SKU=DATA_ERROR", "CAP-ONE=DATA_ERROR",
                        "POSTER-A2=DATA_ERROR");
        assertThat(items.get(2).at("/ingestionErrors/ingestionError/0/code").asText()).isEqualTo("SKU_NOT_FOUND");
        assertThat(items.get(3).at("/ingestionErrors/ingestionError/0/type").asText()).isEqualTo("DATA_ERROR");
        assertThat(items.get(3).at("/ingestionErrors/ingestionError/0/code").asText()).isEqualTo("INVALID_QUANTITY");
        assertThat(items.get(4).at("/ingestionErrors/ingestionError/0/code").asText()).isEqualTo("INVALID_QUANTITY");
        assertThat(items.get(0).get("wpid").asText()).isEqualTo(walmart.item("MUG-11OZ").get("wpid").asText());
        assertThat(items.get(0).get("index").asInt()).isZero();
        assertThat(walmart.inventory("MUG-11OZ")).isEqualTo(5);
        assertThat(walmart.inventory("TEE-M-BLK")).isZero();
        assertThat(walmart.inventory("CAP-ONE")).isEqualTo(4);
        assertThat(walmart.inventory("POSTER-A2")).isEqualTo(6);
        FeedSummary summary = walmart.feed(feedId);
        assertThat(summary.feedStatus()).isEqualTo("PROCESSED");
        assertThat(summary.feedType()).isEqualTo(FeedType.INVENTORY);
        assertThat(summary.items()).extracting(FeedItem::sku, FeedItem::ingestionStatus).contains(
                org.assertj.core.groups.Tuple.tuple("NO-SUCH-SKU", "DATA_ERROR"));
    }

    @Test
    void aMultipartUploadAsTheReferenceShowsItAndTheFileNameInTheFeedList() throws Exception {
        HttpResponse<String> response = calls.feedUpload("inventory", token, "stock.json", inventoryFeed("SOCKS-3PK", "120"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String feedId = body(response).get("feedId").asText();
        assertThat(awaitDone(feedId).get("itemsSucceeded").asInt()).isEqualTo(1);
        assertThat(walmart.inventory("SOCKS-3PK")).isEqualTo(120);
        JsonNode record = body(calls.get("/v3/feeds?feedId=" + feedId.replace("@", "%40"), token)).at("/results/feed/0");
        assertThat(record.get("fileName").asText()).isEqualTo("stock.json");
        assertThat(record.get("feedType").asText()).isEqualTo("inventory");
        assertThat(record.get("feedStatus").asText()).isEqualTo("PROCESSED");
    }

    @Test
    void aMultipartBodyWithoutTheFilePartIsRefused() throws Exception {
        HttpResponse<String> response = calls.send(calls.request("/v3/feeds?feedType=inventory").header("WM_SEC.ACCESS_TOKEN", token)
                .header("Content-Type", "multipart/form-data; boundary=XYZ")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("--XYZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\n{}\r\n--XYZ--\r\n")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).at("/errors/error/0/field").asText()).isEqualTo("file");
        assertThat(walmart.feeds()).isEmpty();
    }

    @Test
    void aPriceFeedSetsPricesAndReportsEachRefusedPrice() throws Exception {
        String feedId = submit("price", priceFeed(
                price("MUG-11OZ", "USD", "11.49"),
                "{\"sku\":\"HOODIE-L\",\"pricing\":[{\"currentPrice\":{\"currency\":\"USD\",\"amount\":49.5},\"currentPriceType\":\"REDUCED\","
                        + "\"comparisonPriceType\":\"BASE\",\"comparisonPrice\":{\"currency\":\"USD\",\"amount\":54.5}}]}",
                price("MUG-11OZ", "USD", "10"),
                price("NO-SUCH-SKU", "USD", "3"),
                price("CAP-ONE", "CAD", "17.25"),
                price("SOCKS-3PK", "USD", "0"),
                price("TEE-L-BLK", "USD", "9.999")));

        JsonNode done = awaitDone(feedId);

        assertThat(done.get("feedStatus").asText()).isEqualTo("PROCESSED");
        assertThat(done.get("itemsReceived").asInt()).isEqualTo(7);
        assertThat(done.get("itemsSucceeded").asInt()).isEqualTo(2);
        assertThat(done.at("/itemDetails/itemIngestionStatus")).extracting(i -> i.get("ingestionStatus").asText() + " "
                        + i.at("/ingestionErrors/ingestionError/0/code").asText())
                .containsExactly("SUCCESS ", "SUCCESS ", "DATA_ERROR DUPLICATE_SKU", "DATA_ERROR SKU_NOT_FOUND",
                        "DATA_ERROR INVALID_CURRENCY", "DATA_ERROR INVALID_PRICE", "DATA_ERROR INVALID_PRICE");
        assertThat(walmart.price("MUG-11OZ")).isEqualByComparingTo("11.49");
        assertThat(walmart.price("HOODIE-L")).isEqualByComparingTo("49.50");
        assertThat(walmart.price("CAP-ONE")).isEqualByComparingTo("17.25");
        assertThat(walmart.price("SOCKS-3PK")).isEqualByComparingTo("9.99");
        assertThat(body(calls.get("/v3/items/MUG-11OZ", token)).at("/ItemResponse/0/price/amount").decimalValue())
                .isEqualByComparingTo("11.49");
        assertThat(feedId).endsWith("@AVMBAQA");
    }

    @Test
    void aMultiNodeInventoryFeedSetsEachShipNodesQuantity() throws Exception {
        String first = WalmartSandbox.shipNodes().get(0);
        String second = WalmartSandbox.shipNodes().get(1);
        int capBefore = walmart.inventory("CAP-ONE");
        String file = "{\"inventoryHeader\":{\"version\":\"1.5\"},\"inventory\":["
                + "{\"sku\":\"MUG-15OZ\",\"shipNodes\":[{\"shipNode\":\"" + first + "\",\"quantity\":{\"unit\":\"EACH\",\"amount\":7}},"
                + "{\"shipNode\":\"" + second + "\",\"quantity\":{\"unit\":\"EACH\",\"amount\":3}}]},"
                + "{\"sku\":\"CAP-ONE\",\"shipNodes\":[{\"shipNode\":\"" + first + "\",\"quantity\":{\"unit\":\"EACH\",\"amount\":1}},"
                + "{\"shipNode\":\"999\",\"quantity\":{\"unit\":\"EACH\",\"amount\":1}}]},"
                + "{\"sku\":\"TEE-M-WHT\"}]}";

        JsonNode done = awaitDone(submit("MP_INVENTORY", file));

        assertThat(done.at("/itemDetails/itemIngestionStatus")).extracting(i -> i.get("ingestionStatus").asText() + " "
                        + i.at("/ingestionErrors/ingestionError/0/code").asText())
                .containsExactly("SUCCESS ", "DATA_ERROR INVALID_SHIP_NODE", "DATA_ERROR MISSING_SHIP_NODES");
        assertThat(walmart.inventory("MUG-15OZ", first)).isEqualTo(7);
        assertThat(walmart.inventory("MUG-15OZ", second)).isEqualTo(3);
        assertThat(walmart.inventory("CAP-ONE")).as("an item with one bad node changes at no node").isEqualTo(capBefore);
    }

    @Test
    void aFileThatIsNotTheFeedTypesJsonFailsAsAWhole() throws Exception {
        int before = walmart.inventory("MUG-11OZ");
        // the header of spec 1.4 with the item array of spec 1.5: names are case-sensitive
        String wrongCase = "{\"InventoryHeader\":{\"version\":\"1.4\"},\"inventory\":[{\"sku\":\"MUG-11OZ\",\"quantity\":{\"unit\":\"EACH\",\"amount\":1}}]}";

        JsonNode wrongArray = awaitDone(submit("inventory", wrongCase));
        JsonNode notJson = awaitDone(submit("inventory", "sku,quantity\nMUG-11OZ,1\n"));
        JsonNode wrongVersion = awaitDone(submit("price", "{\"PriceHeader\":{\"version\":\"9\"},\"Price\":[" + price("MUG-11OZ", "USD", "1") + "]}"));

        for (JsonNode feed : List.of(wrongArray, notJson, wrongVersion)) {
            assertThat(feed.get("feedStatus").asText()).isEqualTo("ERROR");
            assertThat(feed.get("itemsReceived").asInt()).isZero();
            assertThat(feed.at("/ingestionErrors/ingestionError/0/type").asText()).isEqualTo("DATA_ERROR");
            assertThat(feed.at("/itemDetails/itemIngestionStatus")).isEmpty();
        }
        assertThat(wrongArray.at("/ingestionErrors/ingestionError/0/code").asText()).isEqualTo("INVALID_FEED_FILE");
        assertThat(wrongVersion.at("/ingestionErrors/ingestionError/0/code").asText()).isEqualTo("INVALID_FEED_HEADER");
        assertThat(walmart.inventory("MUG-11OZ")).isEqualTo(before);
        assertThat(walmart.price("MUG-11OZ")).isEqualByComparingTo("12.99");
    }

    @Test
    void tooManyItemsFailTheFeedAndTooLargeAFileIs413() throws Exception {
        walmart.setFeedLimit(FeedType.INVENTORY, new FeedLimit(3, 400));

        JsonNode tooMany = awaitDone(submit("inventory", inventoryFeed("MUG-11OZ", "1", "MUG-15OZ", "1", "CAP-ONE", "1", "HOODIE-L", "1")));
        HttpResponse<String> tooLarge = calls.feed("inventory", token, inventoryFeed("MUG-11OZ", "1", "MUG-15OZ", "1",
                "CAP-ONE", "1") + " ".repeat(400));
        HttpResponse<String> tooLargeUpload = calls.feedUpload("inventory", token, "big.json", inventoryFeed("MUG-11OZ", "1")
                + " ".repeat(400));

        assertThat(tooMany.get("feedStatus").asText()).isEqualTo("ERROR");
        assertThat(tooMany.at("/ingestionErrors/ingestionError/0/code").asText()).isEqualTo("FEED_ITEM_LIMIT_EXCEEDED");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(body(tooLarge).at("/errors/error/0/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE.GMP_GATEWAY_API");
        assertThat(tooLargeUpload.statusCode()).isEqualTo(413);
        assertThat(walmart.feeds()).hasSize(1);
    }

    @Test
    void walmartsDefaultFeedLimits() {
        assertThat(WalmartSandbox.DEFAULT_FEED_LIMITS).containsEntry(FeedType.INVENTORY, new FeedLimit(50_000, 5L * 1024 * 1024))
                .containsEntry(FeedType.PRICE, new FeedLimit(10_000, 10L * 1024 * 1024));
        assertThat(WalmartSandbox.DEFAULT_RATE_LIMITS.get(WalmartSandbox.Endpoint.INVENTORY_FEED))
                .isEqualTo(new WalmartSandbox.RateLimit(10, Duration.ofHours(1)));
        assertThat(WalmartSandbox.DEFAULT_RATE_LIMITS.get(WalmartSandbox.Endpoint.PRICE_FEED))
                .isEqualTo(new WalmartSandbox.RateLimit(10, Duration.ofHours(1)));
    }

    @Test
    void tenInventoryFeedsAnHourThenA429WithRetryAfterWhilePriceFeedsHaveTheirOwnBucket() throws Exception {
        for (int i = 0; i < 10; i++) {
            submit("inventory", inventoryFeed("MUG-11OZ", Integer.toString(i)));
        }
        long before = System.currentTimeMillis();

        HttpResponse<String> throttled = calls.feed("inventory", token, inventoryFeed("MUG-11OZ", "99"));

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(body(throttled).at("/errors/error/0/code").asText()).isEqualTo("REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API");
        assertThat(throttled.headers().firstValue("x-current-token-count")).hasValue("0");
        // ten an hour: the next token comes six minutes after the first was taken
        long replenish = Long.parseLong(throttled.headers().firstValue("x-next-replenish-time").orElseThrow());
        assertThat(replenish).isBetween(before + 300_000, before + 360_000);
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(300L, 360L);
        assertThat(calls.feed("price", token, priceFeed(price("MUG-11OZ", "USD", "12.5"))).statusCode()).isEqualTo(200);
        assertThat(walmart.feeds()).hasSize(11);
        assertThat(walmart.stats()).containsEntry("rateLimited", 1L);
        @SuppressWarnings("unchecked")
        Map<String, Long> throttledBy = (Map<String, Long>) walmart.stats().get("rateLimitedByEndpoint");
        assertThat(throttledBy).containsExactly(Map.entry("INVENTORY_FEED", 1L));
        await().atMost(Duration.ofSeconds(5)).until(() -> walmart.feeds().stream().allMatch(f -> f.feedStatus().equals("PROCESSED")));
        assertThat(walmart.inventory("MUG-11OZ")).as("feeds apply in the order they came").isEqualTo(9);
    }

    @Test
    void theFeedListNewestFirstAndTheItemDetailsPaged() throws Exception {
        String first = submit("inventory", inventoryFeed("MUG-11OZ", "1", "MUG-15OZ", "2", "CAP-ONE", "3", "HOODIE-L", "4"));
        String second = submit("price", priceFeed(price("MUG-11OZ", "USD", "12.5")));
        String third = submit("inventory", inventoryFeed("SOCKS-3PK", "9"));
        awaitDone(third);

        JsonNode all = body(calls.get("/v3/feeds", token));
        JsonNode secondPage = body(calls.get("/v3/feeds?offset=2&limit=2", token));
        JsonNode page = body(calls.get("/v3/feeds/" + first.replace("@", "%40") + "?includeDetails=true&offset=1&limit=2", token));
        JsonNode withoutDetails = body(calls.get("/v3/feeds/" + first, token));

        assertThat(all.get("totalResults").asInt()).isEqualTo(3);
        assertThat(all.at("/results/feed")).extracting(f -> f.get("feedId").asText()).containsExactly(third, second, first);
        assertThat(all.at("/results/feed/2/itemsReceived").asInt()).isEqualTo(4);
        assertThat(all.at("/results/feed/1/feedType").asText()).isEqualTo("price");
        assertThat(secondPage.at("/results/feed")).extracting(f -> f.get("feedId").asText()).containsExactly(first);
        assertThat(page.at("/itemDetails/itemIngestionStatus")).extracting(i -> i.get("index").asInt() + " " + i.get("sku").asText())
                .containsExactly("1 MUG-15OZ", "2 CAP-ONE");
        assertThat(page.get("offset").asInt()).isEqualTo(1);
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(withoutDetails.at("/itemDetails/itemIngestionStatus")).isEmpty();
        assertThat(withoutDetails.get("itemsSucceeded").asInt()).isEqualTo(4);
        assertThat(calls.get("/v3/feeds?limit=51", token).statusCode()).isEqualTo(400);
        assertThat(calls.get("/v3/feeds/" + first + "?includeDetails=true&limit=1001", token).statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = calls.get("/v3/feeds/0000%40AAAA", token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).at("/errors/error/0/code").asText()).isEqualTo("CONTENT_NOT_FOUND.GMP_FEED_API");
    }

    @Test
    void aFeedTypeTheSandboxDoesNotTakeIs400() throws Exception {
        HttpResponse<String> item = calls.feed("MP_ITEM", token, "{}");
        HttpResponse<String> none = calls.send(calls.request("/v3/feeds").header("WM_SEC.ACCESS_TOKEN", token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> nodeOnPrice = calls.feed("price&shipNode=" + WalmartSandbox.shipNodes().get(0), token, "{}");

        assertThat(item.statusCode()).isEqualTo(400);
        assertThat(body(item).at("/errors/error/0/field").asText()).isEqualTo("feedType");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(nodeOnPrice.statusCode()).isEqualTo(400);
        assertThat(body(nodeOnPrice).at("/errors/error/0/field").asText()).isEqualTo("shipNode");
        assertThat(calls.feed("inventory", "eyJnot-a-token", "{}").statusCode()).isEqualTo(401);
        assertThat(walmart.feeds()).isEmpty();
    }

    @Test
    void aSingleNodeFeedForTheSecondShipNode() throws Exception {
        String second = WalmartSandbox.shipNodes().get(1);

        HttpResponse<String> response = calls.feedUpload("inventory&shipNode=" + second, token, "node.json",
                inventoryFeed("HOODIE-L", "8"));
        awaitDone(body(response).get("feedId").asText());

        assertThat(walmart.inventory("HOODIE-L", second)).isEqualTo(8);
        assertThat(body(calls.get("/v3/feeds", token)).at("/results/feed/0/shipNode").asText()).isEqualTo(second);
    }

    @Test
    void theStatsCountFeedsTheirItemsAndTheRequestsOfEachApi() throws Exception {
        String feedId = submit("inventory", inventoryFeed("MUG-11OZ", "1", "CAP-ONE", "2"));
        awaitDone(feedId);
        calls.get("/v3/items", token);
        calls.get("/v3/inventory?sku=MUG-11OZ", token);
        calls.get("/v3/feeds", token);

        Map<String, Object> stats = walmart.stats();

        assertThat(stats).containsEntry("feedsReceived", 1).containsEntry("items", 10);
        assertThat(stats.get("itemsPerFeed")).isEqualTo(Map.of(feedId, 2));
        assertThat(stats.get("feedsByStatus")).isEqualTo(Map.of("RECEIVED", 0L, "INPROGRESS", 0L, "PROCESSED", 1L, "ERROR", 0L));
        @SuppressWarnings("unchecked")
        Map<String, Long> requests = (Map<String, Long>) stats.get("requestsByEndpoint");
        assertThat(requests).containsEntry("TOKEN", 1L).containsEntry("INVENTORY_FEED", 1L).containsEntry("ITEMS", 1L)
                .containsEntry("INVENTORY", 1L).containsEntry("FEED_STATUSES", 1L);
        assertThat(requests.get("FEED_STATUS")).isPositive();
        JsonNode overHttp = body(calls.send(calls.bare("/sandbox/stats").GET()));
        assertThat(overHttp.at("/itemsPerFeed").get(feedId).asInt()).isEqualTo(2);
    }

    @Test
    void aRestartKeepsItemsInventoryPricesAndFeedsAndFinishesTheFeedsItInterrupted(@TempDir Path dir) throws Exception {
        WalmartSandbox.Config config = WalmartCalls.config().withFeedProcessingTime(PROCESSING).withStateFile(dir.resolve("walmart.json"));
        walmart.close();
        String processed;
        String interrupted;
        List<FeedSummary> before;
        try (WalmartSandbox first = new WalmartSandbox(config).start()) {
            WalmartCalls client = new WalmartCalls(first);
            String firstToken = client.token();
            processed = body(client.feed("price", firstToken, priceFeed(price("HOODIE-L", "USD", "51")))).get("feedId").asText();
            assertThat(client.put("/v3/inventory?sku=CAP-ONE", firstToken,
                    "{\"sku\":\"CAP-ONE\",\"quantity\":{\"unit\":\"EACH\",\"amount\":31}}").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> first.feed(processed).feedStatus().equals("PROCESSED"));
            first.setFeedProcessingTime(Duration.ofHours(1));
            interrupted = body(client.feed("inventory", firstToken, inventoryFeed("MUG-15OZ", "77", "NOPE", "1"))).get("feedId").asText();
            before = first.feeds();
        }
        walmart = new WalmartSandbox(config).start();
        calls = new WalmartCalls(walmart);
        token = calls.token();

        assertThat(walmart.price("HOODIE-L")).isEqualByComparingTo("51");
        assertThat(walmart.inventory("CAP-ONE")).isEqualTo(31);
        assertThat(walmart.feed(processed)).isEqualTo(before.get(0));
        assertThat(before.get(1).feedStatus()).isEqualTo("RECEIVED");
        JsonNode finished = awaitDone(interrupted);
        assertThat(finished.get("feedStatus").asText()).isEqualTo("PROCESSED");
        assertThat(finished.get("itemsFailed").asInt()).isEqualTo(1);
        assertThat(walmart.inventory("MUG-15OZ")).isEqualTo(77);
        assertThat(body(calls.get("/v3/feeds", token)).get("totalResults").asInt()).isEqualTo(2);
        String next = submit("inventory", inventoryFeed("MUG-15OZ", "1"));
        assertThat(next).isNotIn(processed, interrupted);
    }
}
