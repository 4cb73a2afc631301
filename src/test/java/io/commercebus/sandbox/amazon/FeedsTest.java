package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Feeds as the bus submits them: document, upload, feed, polling, report; in order, cancellable, surviving a restart. */
class FeedsTest {

    AmazonSandbox amazon = SpApi.feedsSandbox(Duration.ofMillis(300), null);
    SpApi api = new SpApi(amazon);
    FeedClient client = new FeedClient(api);

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void theWholeRoundTripFromDocumentToReport() throws Exception {
        Map<String, String> document = client.createDocument(FeedClient.JSON);
        assertThat(document.get("url")).startsWith(amazon.baseUrl() + "/feed-documents/").contains("X-Amz-Expires=300");

        byte[] content = Json.mapper().writeValueAsBytes(FeedClient.feed(FeedClient.quantity(1, "MUG-11OZ", 42),
                FeedClient.price(2, "MUG-11OZ", "13.49")));
        HttpResponse<String> uploaded = SpApi.put(document.get("url"), FeedClient.JSON, content);
        assertThat(uploaded.statusCode()).isEqualTo(200);
        assertThat(uploaded.headers().firstValue("ETag")).isPresent();

        HttpResponse<String> created = client.createFeed("JSON_LISTINGS_FEED", document.get("feedDocumentId"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String feedId = SpApi.json(created).get("feedId").asText();
        assertThat(feedId).matches("\\d{11}");

        // polled every 50 ms, the feed is seen in every state on its way
        Set<String> seen = new LinkedHashSet<>();
        JsonNode[] feed = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            feed[0] = client.getFeed(feedId);
            seen.add(feed[0].get("processingStatus").asText());
            return feed[0].get("processingStatus").asText().equals("DONE");
        });
        assertThat(seen).containsExactly("IN_QUEUE", "IN_PROGRESS", "DONE");
        assertThat(feed[0].get("feedType").asText()).isEqualTo("JSON_LISTINGS_FEED");
        assertThat(feed[0].get("marketplaceIds")).extracting(JsonNode::asText).containsExactly(SpApi.MARKETPLACE);
        Instant createdTime = Instant.parse(feed[0].get("createdTime").asText());
        Instant started = Instant.parse(feed[0].get("processingStartTime").asText());
        Instant ended = Instant.parse(feed[0].get("processingEndTime").asText());
        assertThat(Duration.between(createdTime, started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Duration.between(started, ended)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        HttpResponse<String> resultDocument = api.get("/feeds/2021-06-30/documents/" + feed[0].get("resultFeedDocumentId").asText());
        assertThat(resultDocument.statusCode()).isEqualTo(200);
        assertThat(SpApi.json(resultDocument).has("compressionAlgorithm")).as("reports are not compressed by default").isFalse();
        JsonNode report = client.report(feed[0]);
        assertThat(report.get("header")).isEqualTo(FeedClient.read(
                "{\"sellerId\":\"" + SpApi.SELLER_ID + "\",\"version\":\"2.0\",\"feedId\":\"" + feedId + "\"}"));
        assertThat(report.get("issues")).isEmpty();
        assertThat(report.get("summary")).isEqualTo(FeedClient.read(
                "{\"errors\":0,\"warnings\":0,\"messagesProcessed\":2,\"messagesAccepted\":2,\"messagesInvalid\":0}"));
        assertThat(amazon.feedReport(feedId)).contains(report);

        assertThat(amazon.listingQuantity("MUG-11OZ")).hasValue(42);
        assertThat(amazon.listingPrice("MUG-11OZ")).contains(new BigDecimal("13.49"));
        assertThat(amazon.stats()).containsEntry("feeds", 1)
                .extractingByKey("feedMessages", InstanceOfAssertFactories.map(String.class, Object.class))
                .containsEntry(feedId, Map.of("messages", 2, "accepted", 2, "invalid", 0));
        assertThat(amazon.requestsByOperation()).containsEntry("createFeedDocument", 1L).containsEntry("createFeed", 1L)
                .containsEntry("getFeedDocument", 2L).hasEntrySatisfying("getFeed", n -> assertThat(n).isGreaterThan(3L));
    }

    @Test
    void aFeedUpdatesQuantityAndPriceAsGetListingsItemShows() throws Exception {
        ObjectNode partial = FeedClient.message(3, "HOODIE-L", "PARTIAL_UPDATE");
        partial.putObject("attributes").set("purchasable_offer", FeedClient.offer("USD", new BigDecimal("49.00")));
        JsonNode report = client.process(FeedClient.feed(FeedClient.quantity(1, "TEE-M-BLK", 0), FeedClient.quantity(2, "HOODIE-L", 7),
                partial, FeedClient.price(4, "TEE-M-BLK", "18")));
        assertThat(report.at("/summary/messagesAccepted").asInt()).isEqualTo(4);

        HttpResponse<String> response = api.get("/listings/2021-08-01/items/" + SpApi.SELLER_ID + "/HOODIE-L?marketplaceIds="
                + SpApi.MARKETPLACE + "&includedData=summaries,attributes,fulfillmentAvailability,offers,issues");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode hoodie = SpApi.json(response);
        assertThat(hoodie.get("fulfillmentAvailability")).isEqualTo(FeedClient.read("[{\"fulfillmentChannelCode\":\"DEFAULT\",\"quantity\":7}]"));
        assertThat(hoodie.at("/offers/0/price")).isEqualTo(FeedClient.read("{\"currencyCode\":\"USD\",\"amount\":\"49.00\"}"));
        assertThat(hoodie.at("/attributes/purchasable_offer/0/our_price/0/schedule/0/value_with_tax").decimalValue())
                .isEqualByComparingTo("49");
        assertThat(hoodie.at("/summaries/0/status")).extracting(JsonNode::asText).containsExactly("BUYABLE", "DISCOVERABLE");
        assertThat(hoodie.get("issues")).isEmpty();

        JsonNode tee = SpApi.json(api.get("/listings/2021-08-01/items/" + SpApi.SELLER_ID + "/TEE-M-BLK?marketplaceIds="
                + SpApi.MARKETPLACE + "&includedData=summaries,fulfillmentAvailability,offers"));
        assertThat(tee.at("/fulfillmentAvailability/0/quantity").asInt()).isZero();
        assertThat(tee.at("/offers/0/price/amount").asText()).isEqualTo("18.00");
        assertThat(tee.at("/summaries/0/status")).extracting(JsonNode::asText).as("out of stock").containsExactly("DISCOVERABLE");
        assertThat(tee.has("attributes")).isFalse();
        assertThat(amazon.listingQuantity("TEE-M-BLK")).hasValue(0);
        assertThat(amazon.listingPrice("TEE-M-BLK")).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("18"));
    }

    @Test
    void invalidMessagesAreReportedAndChangeNothing() throws Exception {
        int quantityBefore = amazon.listingQuantity("CAP-ONE").getAsInt();
        ObjectNode noProductType = FeedClient.quantity(2, "CAP-ONE", 5);
        noProductType.remove("productType");
        ObjectNode nested = FeedClient.message(6, "CAP-ONE", "PATCH");
        nested.putArray("patches").addObject().put("op", "replace").put("path", "/attributes/fulfillment_availability/0/quantity")
                .putArray("value").addObject().put("value", 5);
        ObjectNode both = FeedClient.quantity(8, "CAP-ONE", -1);
        ((com.fasterxml.jackson.databind.node.ArrayNode) both.get("patches")).add(FeedClient.price(8, "CAP-ONE", "10").get("patches").get(0));
        ((ObjectNode) both.at("/patches/1/value/0")).put("currency", "EUR");

        JsonNode report = client.process(FeedClient.feed(
                FeedClient.quantity(1, "NO-SUCH-SKU", 5),
                noProductType,
                FeedClient.quantity(3, "CAP-ONE", -2),
                FeedClient.price(4, "CAP-ONE", "12.999"),
                FeedClient.price(5, "CAP-ONE", "0"),
                nested,
                FeedClient.quantity(7, "SOCKS-3PK", 11),
                FeedClient.quantity(7, "SOCKS-3PK", 12),
                both));

        assertThat(report.at("/summary")).isEqualTo(FeedClient.read(
                "{\"errors\":9,\"warnings\":0,\"messagesProcessed\":9,\"messagesAccepted\":1,\"messagesInvalid\":8}"));
        List<String> issues = new ArrayList<>();
        report.get("issues").forEach(i -> issues.add(i.get("messageId").asInt() + " " + i.get("code").asText() + " "
                + i.path("attributeName").asText("-")));
        assertThat(issues).containsExactly(
                "1 NOT_FOUND -",
                "2 4002008 -",
                "3 BAD_REQUEST fulfillment_availability",
                "4 BAD_REQUEST purchasable_offer",
                "5 BAD_REQUEST purchasable_offer",
                "6 BAD_REQUEST -",
                "7 4002008 -",
                "8 BAD_REQUEST fulfillment_availability",
                "8 BAD_REQUEST purchasable_offer");
        assertThat(report.at("/issues/0/sku").asText()).isEqualTo("NO-SUCH-SKU");
        assertThat(report.at("/issues/0/severity").asText()).isEqualTo("ERROR");
        assertThat(report.at("/issues/1/message").asText()).startsWith(ListingsFeedProcessor.MESSAGE_SCHEMA_TEXT)
                .contains("productType is required for PATCH");
        assertThat(report.at("/issues/6/message").asText()).contains("messageId 7 is not unique");
        assertThat(report.at("/issues/8/message").asText()).contains("EUR", "USD");

        assertThat(amazon.listingQuantity("CAP-ONE")).as("no invalid message changed anything").hasValue(quantityBefore);
        assertThat(amazon.listingPrice("CAP-ONE")).contains(new BigDecimal("17.25"));
        assertThat(amazon.listingQuantity("SOCKS-3PK")).as("the valid message applied").hasValue(11);
    }

    @Test
    void theExampleOfTheFeedSchemaIsReadAsItsOperationsSay() throws Exception {
        ObjectNode example = (ObjectNode) Json.mapper().readTree(Path.of("../shared/specs/amazon/listings-feed-schema-v2.example.json").toFile());
        ((ObjectNode) example.get("header")).put("sellerId", SpApi.SELLER_ID);

        JsonNode report = client.process(example);

        List<String> issues = new ArrayList<>();
        report.get("issues").forEach(i -> issues.add(i.get("messageId").asInt() + " " + i.get("code").asText() + " " + i.get("severity").asText()));
        // A, B, D and E name SKUs the seller does not list; C is a full UPDATE, which lists a new SKU
        assertThat(issues).containsExactly("1 NOT_FOUND ERROR", "2 NOT_FOUND ERROR", "3 AMAZON_FULFILLED_QUANTITY WARNING",
                "4 NOT_FOUND ERROR", "5 NOT_FOUND ERROR");
        assertThat(report.get("summary")).isEqualTo(FeedClient.read("{\"errors\":4,\"warnings\":1,\"messagesProcessed\":5,"
                + "\"messagesAccepted\":1,\"messagesInvalid\":4,\"itemSummary\":{\"items\":1,\"errors\":1,\"warnings\":0}}"));
        assertThat(report.at("/header/report")).isEqualTo(example.at("/header/report"));
        assertThat(report.get("items")).hasSize(1);
        JsonNode item = report.at("/items/0");
        assertThat(item.get("sku").asText()).isEqualTo("My-SKU-C");
        assertThat(item.at("/summaries/0/productType").asText()).isEqualTo("LUGGAGE");
        assertThat(item.at("/summaries/0/itemName").asText()).isEqualTo("My Title");
        assertThat(item.at("/fulfillmentAvailability/0")).isEqualTo(FeedClient.read("{\"fulfillmentChannelCode\":\"AMAZON_NA\"}"));
        assertThat(item.at("/issues/0/code").asText()).as("the new listing has no price").isEqualTo("90220");
        assertThat(amazon.listingSkus()).contains("My-SKU-C");
    }

    @Test
    void aFeedThatCannotBeReadIsFatal() throws Exception {
        JsonNode notJson = client.awaitTerminal(client.submit("{\"header\":".getBytes(StandardCharsets.UTF_8), FeedClient.JSON,
                "JSON_LISTINGS_FEED"));
        assertThat(notJson.get("processingStatus").asText()).isEqualTo("FATAL");
        JsonNode report = client.report(notJson);
        assertThat(report.at("/issues/0/code").asText()).isEqualTo("4002001");
        assertThat(report.at("/issues/0").has("messageId")).isFalse();
        assertThat(report.at("/summary/messagesProcessed").asInt()).isZero();

        JsonNode otherSeller = client.awaitTerminal(client.submit(FeedClient.feed("A3OTHERSELLER", FeedClient.quantity(1, "MUG-11OZ", 1))));
        assertThat(otherSeller.get("processingStatus").asText()).isEqualTo("FATAL");
        assertThat(client.report(otherSeller).at("/issues/0/message").asText()).contains("A3OTHERSELLER");

        ObjectNode noVersion = FeedClient.feed(FeedClient.quantity(1, "MUG-11OZ", 1));
        ((ObjectNode) noVersion.get("header")).put("version", "1.0");
        assertThat(client.report(client.awaitTerminal(client.submit(noVersion))).at("/issues/0/message").asText())
                .contains("header.version");

        // never uploaded, or a feed type the sandbox does not process: FATAL without a report
        String neverUploaded = SpApi.json(client.createFeed("JSON_LISTINGS_FEED", client.createDocument(FeedClient.JSON)
                .get("feedDocumentId"))).get("feedId").asText();
        JsonNode fatal = client.awaitTerminal(neverUploaded);
        assertThat(fatal.get("processingStatus").asText()).isEqualTo("FATAL");
        assertThat(fatal.has("resultFeedDocumentId")).isFalse();
        JsonNode legacy = client.awaitTerminal(client.submit("<AmazonEnvelope/>".getBytes(StandardCharsets.UTF_8),
                "text/xml; charset=UTF-8", "POST_INVENTORY_AVAILABILITY_DATA"));
        assertThat(legacy.get("processingStatus").asText()).isEqualTo("FATAL");
        assertThat(amazon.stats()).extractingByKey("feedsByStatus", InstanceOfAssertFactories.map(String.class, Long.class))
                .containsEntry("FATAL", 5L).containsEntry("DONE", 0L);
    }

    @Test
    void aFeedHoldsAtMost25000Messages() throws Exception {
        amazon.setFeedProcessingDelay(Duration.ZERO);
        ObjectNode[] messages = new ObjectNode[25_001];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = FeedClient.quantity(i + 1, "MUG-15OZ", i % 100);
        }
        JsonNode tooMany = client.awaitTerminal(client.submit(FeedClient.feed(messages)));
        assertThat(tooMany.get("processingStatus").asText()).isEqualTo("FATAL");
        assertThat(client.report(tooMany).at("/issues/0/message").asText()).contains("at most 25000 messages");

        JsonNode full = client.awaitTerminal(client.submit(FeedClient.feed(java.util.Arrays.copyOf(messages, 25_000))));
        assertThat(full.get("processingStatus").asText()).isEqualTo("DONE");
        assertThat(client.report(full).at("/summary/messagesAccepted").asInt()).isEqualTo(25_000);
        assertThat(amazon.listingQuantity("MUG-15OZ")).as("applied in message order").hasValue(24_999 % 100);
    }

    @Test
    void feedsOfASellerAreProcessedInTheOrderTheyCame() throws Exception {
        amazon.pauseFeedProcessing();
        String first = client.submit(FeedClient.feed(FeedClient.quantity(1, "POSTER-A2", 5)));
        String second = client.submit(FeedClient.feed(FeedClient.quantity(1, "POSTER-A2", 9)));
        assertThat(client.getFeed(second).get("processingStatus").asText()).isEqualTo("IN_QUEUE");
        amazon.resumeFeedProcessing();

        JsonNode secondDone = client.awaitTerminal(second);
        JsonNode firstDone = client.awaitTerminal(first);
        assertThat(Instant.parse(secondDone.get("processingStartTime").asText()))
                .isAfterOrEqualTo(Instant.parse(firstDone.get("processingEndTime").asText()));
        assertThat(amazon.listingQuantity("POSTER-A2")).hasValue(9);
    }

    @Test
    void onlyAFeedInTheQueueCanBeCancelled() throws Exception {
        amazon.pauseFeedProcessing();
        String feedId = client.submit(FeedClient.feed(FeedClient.quantity(1, "POSTER-A3", 77)));
        HttpResponse<String> cancelled = api.send("DELETE", "/feeds/2021-06-30/feeds/" + feedId, null);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.body()).isEmpty();
        assertThat(client.getFeed(feedId).get("processingStatus").asText()).isEqualTo("CANCELLED");
        assertThat(api.send("DELETE", "/feeds/2021-06-30/feeds/" + feedId, null).statusCode()).isEqualTo(400);
        assertThat(api.send("DELETE", "/feeds/2021-06-30/feeds/99999999999", null).statusCode()).isEqualTo(404);

        String next = client.submit(FeedClient.feed(FeedClient.quantity(1, "POSTER-A3", 78)));
        amazon.resumeFeedProcessing();
        assertThat(client.awaitTerminal(next).get("processingStatus").asText()).isEqualTo("DONE");
        assertThat(client.getFeed(feedId).get("processingStatus").asText()).isEqualTo("CANCELLED");
        assertThat(client.getFeed(feedId).has("resultFeedDocumentId")).isFalse();
        assertThat(amazon.listingQuantity("POSTER-A3")).hasValue(78);
        HttpResponse<String> late = api.send("DELETE", "/feeds/2021-06-30/feeds/" + next, null);
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(SpApi.json(late).at("/errors/0/message").asText()).contains("DONE");
    }

    @Test
    void getFeedsFiltersAndPages() throws Exception {
        amazon.setFeedProcessingDelay(Duration.ZERO);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.submit(FeedClient.feed(FeedClient.quantity(1, "MUG-11OZ", i))));
        }
        String legacy = client.submit("x".getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8", "POST_PRODUCT_PRICING_DATA");
        ids.forEach(client::awaitTerminal);
        client.awaitTerminal(legacy);

        JsonNode page = SpApi.json(api.get("/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&pageSize=2"));
        List<String> seen = new ArrayList<>();
        while (true) {
            page.get("feeds").forEach(f -> seen.add(f.get("feedId").asText()));
            if (!page.has("nextToken")) {
                break;
            }
            page = SpApi.json(api.get("/feeds/2021-06-30/feeds?nextToken=" + SpApi.encode(page.get("nextToken").asText())));
        }
        java.util.Collections.reverse(ids);
        assertThat(seen).as("newest first").containsExactlyElementsOf(ids);

        assertThat(SpApi.json(api.get("/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED,POST_PRODUCT_PRICING_DATA"
                + "&processingStatuses=FATAL")).get("feeds")).extracting(f -> f.get("feedId").asText()).containsExactly(legacy);
        assertThat(SpApi.json(api.get("/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&marketplaceIds=A1F83G8C2ARO7P"))
                .get("feeds")).isEmpty();
        assertThat(SpApi.json(api.get("/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&createdSince=2020-01-01T00:00:00Z"
                + "&createdUntil=2020-02-01T00:00:00Z")).get("feeds")).isEmpty();

        assertThat(api.get("/feeds/2021-06-30/feeds").statusCode()).as("feedTypes or nextToken").isEqualTo(400);
        assertThat(api.get("/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&processingStatuses=LOST").statusCode()).isEqualTo(400);
        assertThat(api.get("/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&pageSize=101").statusCode()).isEqualTo(400);
        String token = SpApi.json(api.get("/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&pageSize=1")).get("nextToken").asText();
        assertThat(api.get("/feeds/2021-06-30/feeds?pageSize=1&nextToken=" + SpApi.encode(token)).statusCode())
                .as("nextToken is the only parameter").isEqualTo(400);
    }

    @Test
    void createFeedChecksItsRequest() throws Exception {
        assertThat(client.createFeed("JSON_LISTINGS_FEED", "amzn1.tortuga.4.na.no-such-document").statusCode()).isEqualTo(400);
        String document = client.createDocument(FeedClient.JSON).get("feedDocumentId");
        assertThat(api.send("POST", "/feeds/2021-06-30/feeds", Map.of("feedType", "JSON_LISTINGS_FEED",
                "marketplaceIds", List.of("A1F83G8C2ARO7P"), "inputFeedDocumentId", document)).statusCode()).isEqualTo(400);
        assertThat(api.send("POST", "/feeds/2021-06-30/feeds", Map.of("marketplaceIds", List.of(SpApi.MARKETPLACE),
                "inputFeedDocumentId", document)).statusCode()).isEqualTo(400);
        assertThat(api.send("POST", "/feeds/2021-06-30/documents", Map.of()).statusCode()).isEqualTo(400);
        assertThat(api.get("/feeds/2021-06-30/documents/amzn1.tortuga.4.na.nothing").statusCode()).isEqualTo(404);
        assertThat(api.get("/feeds/2021-06-30/feeds/12345").statusCode()).isEqualTo(404);
        assertThat(amazon.feedIds()).isEmpty();
    }

    @Test
    void theUploadUrlWantsTheDeclaredContentTypeAndItsSignature() throws Exception {
        Map<String, String> document = client.createDocument(FeedClient.JSON);
        byte[] content = "{}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> wrongType = SpApi.put(document.get("url"), "application/json", content);
        assertThat(wrongType.statusCode()).isEqualTo(403);
        assertThat(wrongType.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        String tampered = document.get("url").replaceAll("X-Amz-Signature=[0-9a-f]{4}", "X-Amz-Signature=0000");
        assertThat(SpApi.put(tampered, FeedClient.JSON, content).statusCode()).isEqualTo(403);
        assertThat(SpApi.put(document.get("url").substring(0, document.get("url").indexOf('?')), FeedClient.JSON, content).statusCode())
                .isEqualTo(403);
        assertThat(SpApi.download(document.get("url")).statusCode()).as("an upload URL does not download").isEqualTo(403);

        assertThat(SpApi.put(document.get("url"), FeedClient.JSON, content).statusCode()).isEqualTo(200);
        HttpResponse<String> info = api.get("/feeds/2021-06-30/documents/" + document.get("feedDocumentId"));
        HttpResponse<byte[]> downloaded = SpApi.download(SpApi.json(info).get("url").asText());
        assertThat(new String(downloaded.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(downloaded.headers().firstValue("Content-Type")).contains(FeedClient.JSON);
    }

    @Test
    void presignedUrlsExpireAfterFiveMinutes() {
        UsagePlansTest.ManualClock clock = new UsagePlansTest.ManualClock();
        FeedDocuments documents = new FeedDocuments(clock, "secret");
        FeedDocuments.Document document = documents.create(FeedClient.JSON);
        java.net.URI url = java.net.URI.create(documents.uploadUrl(java.net.URI.create("http://127.0.0.1:1"), document.id()));
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }

        clock.now = clock.now.plusSeconds(300);
        assertThat(documents.verify("PUT", document.id(), query)).isEmpty();
        clock.now = clock.now.plusSeconds(1);
        assertThat(documents.verify("PUT", document.id(), query)).hasValueSatisfying(refusal -> {
            assertThat(refusal.code()).isEqualTo("AccessDenied");
            assertThat(refusal.message()).isEqualTo("Request has expired");
        });
    }

    @Test
    void gzippedReportsSayCompressionAlgorithmGzip() throws Exception {
        amazon.setGzipFeedReports(true);
        JsonNode feed = client.awaitTerminal(client.submit(FeedClient.feed(FeedClient.quantity(1, "MUG-11OZ", 3))));
        JsonNode document = SpApi.json(api.get("/feeds/2021-06-30/documents/" + feed.get("resultFeedDocumentId").asText()));
        assertThat(document.get("compressionAlgorithm").asText()).isEqualTo("GZIP");
        HttpResponse<byte[]> raw = SpApi.download(document.get("url").asText());
        assertThat(raw.headers().firstValue("Content-Encoding")).isEmpty();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw.body()))) {
            assertThat(Json.mapper().readTree(in).at("/summary/messagesAccepted").asInt()).isEqualTo(1);
        }
        assertThat(client.report(feed).at("/header/feedId").asText()).isEqualTo(feed.get("feedId").asText());

        JsonNode encoded = SpApi.json(api.get("/feeds/2021-06-30/documents/" + feed.get("resultFeedDocumentId").asText()
                + "?enableContentEncodingUrlHeader=true"));
        assertThat(SpApi.download(encoded.get("url").asText()).headers().firstValue("Content-Encoding")).contains("gzip");
    }

    @Test
    void listingsAndFeedsSurviveARestart(@TempDir Path dir) throws Exception {
        amazon.close();
        Path state = dir.resolve("amazon.json");
        amazon = SpApi.feedsSandbox(Duration.ofMillis(50), state);
        client = new FeedClient(new SpApi(amazon));
        String done = client.submit(FeedClient.feed(FeedClient.quantity(1, "MUG-11OZ", 31), FeedClient.price(2, "MUG-11OZ", "11.11")));
        JsonNode report = client.report(client.awaitTerminal(done));
        amazon.pauseFeedProcessing();
        String queued = client.submit(FeedClient.feed(FeedClient.quantity(1, "MUG-15OZ", 32)));
        amazon.close();
        assertThat(Files.readString(state)).contains("\"listings\"", "\"feeds\"");

        amazon = SpApi.feedsSandbox(Duration.ofMillis(50), state);
        client = new FeedClient(new SpApi(amazon));
        assertThat(amazon.listingQuantity("MUG-11OZ")).hasValue(31);
        assertThat(amazon.listingPrice("MUG-11OZ")).contains(new BigDecimal("11.11"));
        assertThat(client.report(client.getFeed(done))).isEqualTo(report);
        assertThat(client.awaitTerminal(queued).get("processingStatus").asText()).as("a queued feed resumes").isEqualTo("DONE");
        assertThat(amazon.listingQuantity("MUG-15OZ")).hasValue(32);
        String another = client.submit(FeedClient.feed(FeedClient.quantity(1, "MUG-15OZ", 33)));
        assertThat(another).isNotIn(done, queued);
        assertThat(amazon.feedIds()).containsExactly(done, queued, another);
    }
}
