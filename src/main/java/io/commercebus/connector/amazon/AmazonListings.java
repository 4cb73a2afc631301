package io.commercebus.connector.amazon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.catalog.PendingFeeds;
import io.commercebus.inventory.StockLevel;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.pricing.PriceUpdate;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Stock and prices to Amazon sellers, through the Feeds API: one {@code JSON_LISTINGS_FEED} of PATCH
 * messages per push (Amazon's {@code fulfillment_availability} for seller-fulfilled quantity, its
 * {@code purchasable_offer} for price), remembered ({@link PendingFeeds}) until Amazon's processing
 * report says which messages it took. A few urgent SKUs (low stock) are patched at once with
 * patchListingsItem. FBA quantities are Amazon's own and are never sent.
 */
public class AmazonListings {

    private static final Logger LOG = LoggerFactory.getLogger(AmazonListings.class);
    static final String FEEDS = "/feeds/2021-06-30";
    static final String CONTENT_TYPE = "application/json; charset=UTF-8";
    /** Messages per JSON_LISTINGS_FEED document. */
    static final int FEED_MESSAGES = 10_000;
    public static final String KIND = "CommerceBusFeedKind";

    private final Map<String, AmazonClient> clients;
    private final Map<String, AmazonStore> stores;
    private final PendingFeeds feeds;
    private final int patchMax;

    /** @param patchMax at most this many SKUs are patched one by one instead of in a feed */
    public AmazonListings(Map<String, AmazonClient> clients, Map<String, AmazonStore> stores, PendingFeeds feeds, int patchMax) {
        this.clients = clients;
        this.stores = stores;
        this.feeds = feeds;
        this.patchMax = patchMax;
    }

    /** Pushes seller-fulfilled quantities; returns those Amazon took at once, the rest follow their feed. */
    public List<StockLevel> publishInventory(String store, List<StockLevel> levels) {
        Function<StockLevel, ObjectNode> patch = level -> {
            ObjectNode value = Json.mapper().createObjectNode();
            value.put("fulfillment_channel_code", "DEFAULT").put("quantity", level.quantity());
            return patch("/attributes/fulfillment_availability", value);
        };
        if (levels.size() <= patchMax) {
            List<StockLevel> accepted = new ArrayList<>();
            for (StockLevel level : levels) {
                if (patchNow(store, level.sku(), patch.apply(level))) {
                    accepted.add(level);
                }
            }
            return accepted;
        }
        submit(store, PendingFeeds.INVENTORY, levels, StockLevel::sku, patch);
        return List.of();
    }

    /** Pushes base prices in the store's first marketplace; they count as published once the feed is processed. */
    public void publishPrices(String store, List<PriceUpdate> updates) {
        String marketplace = store(store).marketplaceIds().get(0);
        List<PriceUpdate> base = updates.stream().filter(PriceUpdate::isBase).toList();
        submit(store, PendingFeeds.PRICES, base, PriceUpdate::sku, update -> {
            ObjectNode value = Json.mapper().createObjectNode();
            value.put("marketplace_id", marketplace).put("currency", update.currency());
            value.putArray("our_price").addObject().putArray("schedule").addObject().put("value_with_tax", update.price());
            return patch("/attributes/purchasable_offer", value);
        });
    }

    /**
     * Asks Amazon about every open feed; for each one it has processed, what it took: maps with the
     * store, the kind ({@value #KIND}) and the accepted stock levels or prices. Messages Amazon refused
     * are logged with its issues and sent again at the next run.
     */
    public List<Map<String, Object>> settleFeeds() {
        List<Map<String, Object>> settled = new ArrayList<>();
        for (PendingFeeds.Feed feed : feeds.open(AmazonSetup.MARKETPLACE)) {
            AmazonClient client = clients.get(feed.store());
            if (client == null) {
                feeds.settled(feed.id(), "FAILED", "store no longer configured");
                continue;
            }
            JsonNode status = client.call("getFeed", "GET", FEEDS + "/feeds/" + encode(feed.feedId()), null);
            String processing = status.path("processingStatus").asText();
            if (processing.equals("IN_QUEUE") || processing.equals("IN_PROGRESS")) {
                continue;
            }
            List<?> content = content(feed);
            Map<Integer, List<String>> errors = new HashMap<>();
            if (processing.equals("DONE")) {
                JsonNode report = report(client, status.path("resultFeedDocumentId").asText());
                for (JsonNode issue : report.path("issues")) {
                    if ("ERROR".equals(issue.path("severity").asText())) {
                        errors.computeIfAbsent(issue.path("messageId").asInt(), k -> new ArrayList<>())
                                .add(issue.path("code").asText() + " " + issue.path("message").asText());
                    }
                }
            }
            List<Object> accepted = new ArrayList<>();
            for (int i = 0; i < content.size(); i++) {
                if (processing.equals("DONE") && !errors.containsKey(i + 1)) {
                    accepted.add(content.get(i));
                }
            }
            if (!errors.isEmpty() || !processing.equals("DONE")) {
                LOG.warn("Amazon store {}: {} feed {} ended {} with {} message(s) refused, sent again at the next run: {}",
                        feed.store(), feed.kind(), feed.feedId(), processing, content.size() - accepted.size(),
                        errors.size() > 20 ? "(first 20) " + errors.entrySet().stream().limit(20).toList() : errors);
            }
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put(LedgerHeaders.STORE, feed.store());
            outcome.put(KIND, feed.kind());
            outcome.put("content", accepted);
            settled.add(outcome);
            feeds.settled(feed.id(), processing.equals("DONE") ? "DONE" : "FAILED",
                    accepted.size() + " of " + content.size() + " message(s) accepted; " + processing);
        }
        return settled;
    }

    private <T> void submit(String store, String kind, List<T> content, Function<T, String> sku,
                            Function<T, ObjectNode> patch) {
        AmazonClient client = client(store);
        AmazonStore account = store(store);
        for (int from = 0; from < content.size(); from += FEED_MESSAGES) {
            List<T> chunk = content.subList(from, Math.min(content.size(), from + FEED_MESSAGES));
            ObjectNode document = Json.mapper().createObjectNode();
            document.putObject("header").put("sellerId", account.sellerId()).put("version", "2.0").put("issueLocale", "en_US");
            ArrayNode messages = document.putArray("messages");
            for (int i = 0; i < chunk.size(); i++) {
                ObjectNode message = messages.addObject();
                message.put("messageId", i + 1).put("sku", sku.apply(chunk.get(i))).put("operationType", "PATCH")
                        .put("productType", "PRODUCT");
                message.putArray("patches").add(patch.apply(chunk.get(i)));
            }
            JsonNode created = client.call("createFeedDocument", "POST", FEEDS + "/documents",
                    "{\"contentType\":\"" + CONTENT_TYPE + "\"}");
            client.upload(URI.create(created.path("url").asText()), CONTENT_TYPE,
                    document.toString().getBytes(StandardCharsets.UTF_8));
            ObjectNode feed = Json.mapper().createObjectNode();
            feed.put("feedType", "JSON_LISTINGS_FEED");
            feed.putArray("marketplaceIds").add(account.marketplaceIds().get(0));
            feed.put("inputFeedDocumentId", created.path("feedDocumentId").asText());
            String feedId = client.call("createFeed", "POST", FEEDS + "/feeds", feed.toString()).path("feedId").asText();
            try {
                feeds.submitted(AmazonSetup.MARKETPLACE, store, kind, feedId, Json.mapper().writeValueAsString(chunk));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            LOG.info("Amazon store {}: {} feed {} submitted with {} message(s)", store, kind, feedId, chunk.size());
        }
    }

    /** patchListingsItem for one SKU; true when Amazon accepted it. */
    private boolean patchNow(String store, String sku, ObjectNode patch) {
        AmazonStore account = store(store);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("productType", "PRODUCT");
        body.putArray("patches").add(patch);
        JsonNode result = client(store).call("patchListingsItem", "PATCH", "/listings/2021-08-01/items/"
                + encode(account.sellerId()) + "/" + encode(sku) + "?marketplaceIds=" + encode(account.marketplaceIds().get(0)),
                body.toString());
        if (!"ACCEPTED".equals(result.path("status").asText())) {
            LOG.warn("Amazon store {}: SKU {} not updated: {}", store, sku, result.path("issues"));
            return false;
        }
        return true;
    }

    private JsonNode report(AmazonClient client, String documentId) {
        JsonNode document = client.call("getFeedDocument", "GET", FEEDS + "/documents/" + encode(documentId), null);
        byte[] bytes = client.download(URI.create(document.path("url").asText()));
        try {
            if ("GZIP".equals(document.path("compressionAlgorithm").asText())) {
                bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
            }
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Amazon's processing report " + documentId + " is unreadable", e);
        }
    }

    private static List<?> content(PendingFeeds.Feed feed) {
        try {
            return feed.kind().equals(PendingFeeds.INVENTORY)
                    ? Json.mapper().readValue(feed.content(), new TypeReference<List<StockLevel>>() { })
                    : Json.mapper().readValue(feed.content(), new TypeReference<List<PriceUpdate>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Feed " + feed.id() + " holds unreadable content", e);
        }
    }

    private static ObjectNode patch(String path, ObjectNode value) {
        ObjectNode patch = Json.mapper().createObjectNode();
        patch.put("op", "replace").put("path", path);
        patch.putArray("value").add(value);
        return patch;
    }

    private AmazonStore store(String store) {
        AmazonStore account = stores.get(store);
        if (account == null || account.sellerId() == null) {
            throw new IllegalStateException("Amazon store " + store + " needs bus.store." + store + ".seller-id (the merchant"
                    + " token) to publish listings");
        }
        return account;
    }

    private AmazonClient client(String store) {
        AmazonClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No Amazon store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
