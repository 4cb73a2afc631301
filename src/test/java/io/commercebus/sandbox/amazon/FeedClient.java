package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A Feeds API client as the bus would be one: document, upload, feed, polling, report. */
final class FeedClient {

    static final String JSON = "application/json; charset=UTF-8";
    static final Set<String> TERMINAL = Set.of("DONE", "FATAL", "CANCELLED");

    final SpApi api;

    FeedClient(SpApi api) {
        this.api = api;
    }

    /** createFeedDocument: the document's id and upload URL. */
    Map<String, String> createDocument(String contentType) throws IOException, InterruptedException {
        HttpResponse<String> created = api.send("POST", "/feeds/2021-06-30/documents", Map.of("contentType", contentType));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = SpApi.json(created);
        return Map.of("feedDocumentId", body.get("feedDocumentId").asText(), "url", body.get("url").asText());
    }

    /** createFeed of a document. */
    HttpResponse<String> createFeed(String feedType, String documentId) throws IOException, InterruptedException {
        return api.send("POST", "/feeds/2021-06-30/feeds", Map.of("feedType", feedType,
                "marketplaceIds", List.of(SpApi.MARKETPLACE), "inputFeedDocumentId", documentId));
    }

    /** The whole submission of a JSON_LISTINGS_FEED: its feedId. */
    String submit(JsonNode document) throws IOException, InterruptedException {
        return submit(Json.mapper().writeValueAsBytes(document), JSON, "JSON_LISTINGS_FEED");
    }

    String submit(byte[] content, String contentType, String feedType) throws IOException, InterruptedException {
        Map<String, String> document = createDocument(contentType);
        HttpResponse<String> uploaded = SpApi.put(document.get("url"), contentType, content);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        HttpResponse<String> feed = createFeed(feedType, document.get("feedDocumentId"));
        assertThat(feed.statusCode()).as(feed.body()).isEqualTo(202);
        return SpApi.json(feed).get("feedId").asText();
    }

    JsonNode getFeed(String feedId) throws IOException, InterruptedException {
        HttpResponse<String> response = api.get("/feeds/2021-06-30/feeds/" + feedId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SpApi.json(response);
    }

    /** Polls getFeed until the feed is DONE, FATAL or CANCELLED. */
    JsonNode awaitTerminal(String feedId) {
        JsonNode[] feed = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> TERMINAL.contains((feed[0] = getFeed(feedId)).get("processingStatus").asText()));
        return feed[0];
    }

    /** getFeedDocument of the feed's result and its download, decompressed if it is GZIP. */
    JsonNode report(JsonNode feed) throws IOException, InterruptedException {
        HttpResponse<String> document = api.get("/feeds/2021-06-30/documents/" + feed.get("resultFeedDocumentId").asText());
        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        JsonNode body = SpApi.json(document);
        HttpResponse<byte[]> content = SpApi.download(body.get("url").asText());
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("charset="));
        byte[] bytes = content.body();
        if ("GZIP".equals(body.path("compressionAlgorithm").asText())) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        return Json.mapper().readTree(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Submits, awaits DONE and returns the report. */
    JsonNode process(JsonNode document) throws IOException, InterruptedException {
        JsonNode feed = awaitTerminal(submit(document));
        assertThat(feed.get("processingStatus").asText()).as(feed.toString()).isEqualTo("DONE");
        return report(feed);
    }

    // ---------------------------------------------------------------- feed documents

    static ObjectNode feed(ObjectNode... messages) {
        return feed(SpApi.SELLER_ID, messages);
    }

    static ObjectNode feed(String sellerId, ObjectNode... messages) {
        ObjectNode document = Json.mapper().createObjectNode();
        document.putObject("header").put("sellerId", sellerId).put("version", "2.0").put("issueLocale", "en_US");
        ArrayNode list = document.putArray("messages");
        for (ObjectNode message : messages) {
            list.add(message);
        }
        return document;
    }

    /** A PATCH of the seller's own stock, as the bus sends NetSuite's quantity available. */
    static ObjectNode quantity(int messageId, String sku, int quantity) {
        ObjectNode message = message(messageId, sku, "PATCH");
        message.putArray("patches").addObject().put("op", "replace").put("path", "/attributes/fulfillment_availability")
                .putArray("value").addObject().put("fulfillment_channel_code", "DEFAULT").put("quantity", quantity);
        return message;
    }

    /** A PATCH of the price, as the bus sends NetSuite's base price. */
    static ObjectNode price(int messageId, String sku, String amount) {
        ObjectNode message = message(messageId, sku, "PATCH");
        message.putArray("patches").addObject().put("op", "replace").put("path", "/attributes/purchasable_offer")
                .set("value", offer("USD", new BigDecimal(amount)));
        return message;
    }

    static ArrayNode offer(String currency, BigDecimal amount) {
        ArrayNode value = Json.mapper().createArrayNode();
        ObjectNode offer = value.addObject().put("marketplace_id", SpApi.MARKETPLACE).put("currency", currency);
        offer.putArray("our_price").addObject().putArray("schedule").addObject().put("value_with_tax", amount);
        return value;
    }

    static ObjectNode message(int messageId, String sku, String operationType) {
        ObjectNode message = Json.mapper().createObjectNode().put("messageId", messageId).put("sku", sku)
                .put("operationType", operationType);
        if (!operationType.equals("DELETE")) {
            message.put("productType", "PRODUCT");
        }
        return message;
    }

    static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
