package io.commercebus.connector.walmart;

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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stock and prices to Walmart sellers. Walmart takes many items in a feed (inventory feeds: 50,000
 * items, price feeds: 10,000, each ten an hour) and processes it later: a feed is submitted and
 * remembered ({@link PendingFeeds}), and the numbers count as published once its status says which
 * items Walmart took. A few urgent SKUs (low stock) go through the single-item inventory update at once.
 */
public class WalmartListings {

    private static final Logger LOG = LoggerFactory.getLogger(WalmartListings.class);
    static final int INVENTORY_FEED_ITEMS = 50_000;
    static final int PRICE_FEED_ITEMS = 10_000;
    static final int STATUS_PAGE = 1000;
    public static final String KIND = "CommerceBusFeedKind";

    private final Map<String, WalmartClient> clients;
    private final PendingFeeds feeds;
    private final int singleUpdateMax;

    /** @param singleUpdateMax at most this many SKUs are updated one by one instead of in a feed */
    public WalmartListings(Map<String, WalmartClient> clients, PendingFeeds feeds, int singleUpdateMax) {
        this.clients = clients;
        this.feeds = feeds;
        this.singleUpdateMax = singleUpdateMax;
    }

    /** Pushes stock numbers; returns those Walmart took at once (single updates), the rest follow their feed. */
    public List<StockLevel> publishInventory(String store, List<StockLevel> levels) {
        if (levels.size() <= singleUpdateMax) {
            for (StockLevel level : levels) {
                client(store).updateInventory(level.sku(), level.quantity());
            }
            return levels;
        }
        for (int from = 0; from < levels.size(); from += INVENTORY_FEED_ITEMS) {
            List<StockLevel> chunk = levels.subList(from, Math.min(levels.size(), from + INVENTORY_FEED_ITEMS));
            ObjectNode file = Json.mapper().createObjectNode();
            file.putObject("InventoryHeader").put("version", "1.4");
            ArrayNode items = file.putArray("Inventory");
            for (StockLevel level : chunk) {
                ObjectNode item = items.addObject();
                item.put("sku", level.sku());
                item.putObject("quantity").put("unit", "EACH").put("amount", level.quantity());
            }
            submit(store, "inventory", PendingFeeds.INVENTORY, file, chunk);
        }
        return List.of();
    }

    /** Pushes base prices in price feeds; they count as published once Walmart has processed them. */
    public void publishPrices(String store, List<PriceUpdate> updates) {
        List<PriceUpdate> base = updates.stream().filter(PriceUpdate::isBase).toList();
        for (int from = 0; from < base.size(); from += PRICE_FEED_ITEMS) {
            List<PriceUpdate> chunk = base.subList(from, Math.min(base.size(), from + PRICE_FEED_ITEMS));
            ObjectNode file = Json.mapper().createObjectNode();
            file.putObject("PriceHeader").put("version", "1.7");
            ArrayNode items = file.putArray("Price");
            for (PriceUpdate update : chunk) {
                ObjectNode pricing = items.addObject().put("sku", update.sku()).putArray("pricing").addObject();
                pricing.put("currentPriceType", "BASE");
                pricing.putObject("currentPrice").put("currency", update.currency()).put("amount", update.price());
            }
            submit(store, "price", PendingFeeds.PRICES, file, chunk);
        }
    }

    /**
     * Asks Walmart about every open feed; for each one it has finished, what it took: maps with the
     * store, the kind ({@value #KIND}: inventory or prices) and the accepted stock levels or prices.
     * Items it refused are logged with Walmart's error, and are sent again at the next run.
     */
    public List<Map<String, Object>> settleFeeds() {
        List<Map<String, Object>> settled = new ArrayList<>();
        for (PendingFeeds.Feed feed : feeds.open(WalmartSetup.MARKETPLACE)) {
            WalmartClient client = clients.get(feed.store());
            if (client == null) {
                feeds.settled(feed.id(), "FAILED", "store no longer configured");
                continue;
            }
            JsonNode status = client.feedStatus(feed.feedId(), 0, STATUS_PAGE);
            String feedStatus = status.path("feedStatus").asText();
            if (!feedStatus.equals("PROCESSED") && !feedStatus.equals("ERROR")) {
                continue;
            }
            Set<String> succeeded = new HashSet<>();
            List<String> refused = new ArrayList<>();
            int received = status.path("itemsReceived").asInt();
            for (int offset = 0; ; offset += STATUS_PAGE) {
                JsonNode page = offset == 0 ? status : client.feedStatus(feed.feedId(), offset, STATUS_PAGE);
                JsonNode items = page.path("itemDetails").path("itemIngestionStatus");
                for (JsonNode item : items) {
                    if ("SUCCESS".equals(item.path("ingestionStatus").asText())) {
                        succeeded.add(item.path("sku").asText());
                    } else {
                        refused.add(item.path("sku").asText() + ": " + item.path("ingestionErrors").toString());
                    }
                }
                if (items.size() < STATUS_PAGE || offset + STATUS_PAGE >= received) {
                    break;
                }
            }
            if (!refused.isEmpty()) {
                LOG.warn("Walmart store {}: {} feed {} refused {} item(s), sent again at the next run: {}", feed.store(),
                        feed.kind(), feed.feedId(), refused.size(), refused.size() > 20 ? refused.subList(0, 20) + "…" : refused);
            }
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put(LedgerHeaders.STORE, feed.store());
            outcome.put(KIND, feed.kind());
            outcome.put("content", accepted(feed, succeeded));
            settled.add(outcome);
            feeds.settled(feed.id(), feedStatus.equals("PROCESSED") ? "DONE" : "FAILED",
                    succeeded.size() + " of " + received + " item(s) taken" + (feedStatus.equals("ERROR")
                            ? "; feed error " + status.path("ingestionErrors") : ""));
        }
        return settled;
    }

    private List<?> accepted(PendingFeeds.Feed feed, Set<String> skus) {
        try {
            if (feed.kind().equals(PendingFeeds.INVENTORY)) {
                List<StockLevel> levels = Json.mapper().readValue(feed.content(), new TypeReference<List<StockLevel>>() { });
                return levels.stream().filter(l -> skus.contains(l.sku())).toList();
            }
            List<PriceUpdate> prices = Json.mapper().readValue(feed.content(), new TypeReference<List<PriceUpdate>>() { });
            return prices.stream().filter(p -> skus.contains(p.sku())).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Feed " + feed.id() + " holds unreadable content", e);
        }
    }

    private void submit(String store, String feedType, String kind, ObjectNode file, List<?> content) {
        String feedId = client(store).submitFeed(feedType, file.toString());
        try {
            feeds.submitted(WalmartSetup.MARKETPLACE, store, kind, feedId, Json.mapper().writeValueAsString(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        LOG.info("Walmart store {}: {} feed {} submitted with {} item(s)", store, feedType, feedId, content.size());
    }

    private WalmartClient client(String store) {
        WalmartClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No Walmart store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
