package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.walmart.FeedFiles.IngestionError;
import io.commercebus.sandbox.walmart.FeedFiles.ItemResult;
import io.commercebus.sandbox.walmart.WalmartSandbox.FeedItem;
import io.commercebus.sandbox.walmart.WalmartSandbox.FeedSummary;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The feeds the seller has submitted and where each stands. A feed is RECEIVED when submitted,
 * INPROGRESS while Walmart works on it, then PROCESSED (each item SUCCESS or DATA_ERROR) or ERROR (the
 * file failed as a whole, nothing applied). Feeds are applied in the order they were submitted, so a
 * later feed's quantity for a SKU wins over an earlier one's.
 */
final class Feeds {

    static final String RECEIVED = "RECEIVED";
    static final String INPROGRESS = "INPROGRESS";
    static final String PROCESSED = "PROCESSED";
    static final String ERROR = "ERROR";

    /** A submitted feed. Mutable, guarded by the {@link Feeds} it belongs to. */
    private static final class Feed {
        String feedId;
        FeedType type;
        String shipNode;
        String fileName;
        Instant submitted;
        Instant modified;
        String status;
        List<JsonNode> items;
        IngestionError fatal;
        List<ItemResult> results;

        boolean done() {
            return status.equals(PROCESSED) || status.equals(ERROR);
        }

        int received() {
            return status.equals(RECEIVED) || status.equals(ERROR) ? 0 : items.size();
        }

        int succeeded() {
            return results == null ? 0 : (int) results.stream().filter(r -> r.ingestionStatus().equals("SUCCESS")).count();
        }

        int failed() {
            return results == null ? 0 : results.size() - succeeded();
        }
    }

    /** A page of feeds, newest first, and how many match. */
    record Page(List<ObjectNode> feeds, int total) {
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Feed> feeds = new LinkedHashMap<>();
    private final Clock clock;
    private final String partnerId;
    private final long seed;
    private long sequence;

    Feeds(Clock clock, String partnerId, long seed) {
        this.clock = clock;
        this.partnerId = partnerId;
        this.seed = seed;
    }

    /** Records a feed as RECEIVED and returns its id; {@code parsed} is what the file holds. */
    synchronized String submit(FeedType type, String shipNode, String fileName, FeedFiles.Parsed parsed) {
        long n = ++sequence;
        String hex = UUID.nameUUIDFromBytes(("feed:" + seed + ":" + n).getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "").toUpperCase();
        Feed feed = new Feed();
        feed.feedId = hex + "@" + type.idSuffix();
        feed.type = type;
        feed.shipNode = shipNode;
        feed.fileName = fileName == null || fileName.isBlank() ? feed.feedId + ".json" : fileName;
        feed.submitted = clock.instant();
        feed.modified = feed.submitted;
        feed.status = RECEIVED;
        feed.items = parsed.items();
        feed.fatal = parsed.fatal();
        feeds.put(feed.feedId, feed);
        return feed.feedId;
    }

    /** RECEIVED → INPROGRESS; nothing for a feed further on. */
    synchronized void start(String feedId) {
        Feed feed = feeds.get(feedId);
        if (feed != null && feed.status.equals(RECEIVED)) {
            if (feed.fatal == null) {
                // a file that cannot be read goes straight from RECEIVED to ERROR
                feed.status = INPROGRESS;
                feed.modified = clock.instant();
            }
        }
    }

    /** Finishes this feed and every unfinished one submitted before it, in order. */
    synchronized void finish(String feedId, SellerCatalog catalog) {
        if (!feeds.containsKey(feedId)) {
            return;
        }
        for (Feed feed : feeds.values()) {
            if (!feed.done()) {
                if (feed.fatal != null) {
                    feed.status = ERROR;
                } else {
                    feed.results = FeedFiles.apply(feed.type, feed.shipNode, feed.items, catalog);
                    feed.status = PROCESSED;
                }
                feed.modified = clock.instant();
            }
            if (feed.feedId.equals(feedId)) {
                return;
            }
        }
    }

    /** Unfinished feeds, oldest first, with when they were submitted, to carry on after a restart. */
    synchronized Map<String, Instant> unfinished() {
        Map<String, Instant> out = new LinkedHashMap<>();
        feeds.values().stream().filter(f -> !f.done()).forEach(f -> out.put(f.feedId, f.submitted));
        return out;
    }

    synchronized boolean exists(String feedId) {
        return feeds.containsKey(feedId);
    }

    synchronized int size() {
        return feeds.size();
    }

    /** Items per feed, in submission order: what each file held (0 for a file that could not be read). */
    synchronized Map<String, Integer> itemsPerFeed() {
        Map<String, Integer> out = new LinkedHashMap<>();
        feeds.values().forEach(f -> out.put(f.feedId, f.items.size()));
        return out;
    }

    synchronized Map<String, Long> countByStatus() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String status : List.of(RECEIVED, INPROGRESS, PROCESSED, ERROR)) {
            out.put(status, feeds.values().stream().filter(f -> f.status.equals(status)).count());
        }
        return out;
    }

    /** The feed list of {@code GET /v3/feeds}: newest first, optionally one feed id. */
    synchronized Page list(String feedId, int offset, int limit) {
        List<Feed> matching = new ArrayList<>();
        feeds.values().forEach(f -> {
            if (feedId == null || f.feedId.equals(feedId)) {
                matching.add(0, f);
            }
        });
        List<ObjectNode> page = new ArrayList<>();
        for (int i = offset; i < Math.min(matching.size(), offset + limit); i++) {
            page.add(record(matching.get(i)));
        }
        return new Page(page, matching.size());
    }

    /** The FeedRecord of the feed list. */
    private ObjectNode record(Feed feed) {
        ObjectNode out = nodes.objectNode();
        out.put("feedId", feed.feedId);
        out.put("feedSource", "MARKETPLACE_PARTNER");
        out.put("feedType", feed.type.wireName());
        out.put("partnerId", partnerId);
        out.put("itemsReceived", feed.received());
        out.put("itemsSucceeded", feed.succeeded());
        out.put("itemsFailed", feed.failed());
        out.put("itemsProcessing", feed.status.equals(INPROGRESS) ? feed.received() : 0);
        out.put("feedStatus", feed.status);
        out.put("feedDate", feed.submitted.toEpochMilli());
        out.put("modifiedDtm", feed.modified.toEpochMilli());
        out.put("fileName", feed.fileName);
        if (feed.shipNode != null) {
            out.put("shipNode", feed.shipNode);
        }
        out.put("itemDataErrorCount", feed.failed());
        out.put("itemSystemErrorCount", 0);
        out.put("itemTimeoutErrorCount", 0);
        return out;
    }

    /**
     * The PartnerFeedResponse of {@code GET /v3/feeds/{feedId}}; with details, the page of items from
     * {@code offset}, each with its ingestion status (INPROGRESS until the feed is processed).
     */
    synchronized Optional<ObjectNode> status(String feedId, boolean includeDetails, int offset, int limit,
                                              SellerCatalog catalog) {
        Feed feed = feeds.get(feedId);
        if (feed == null) {
            return Optional.empty();
        }
        ObjectNode out = nodes.objectNode();
        out.put("feedId", feed.feedId);
        out.put("feedStatus", feed.status);
        if (feed.status.equals(ERROR)) {
            out.putObject("ingestionErrors").putArray("ingestionError").add(error(feed.fatal));
        }
        out.put("feedSubmissionDate", feed.submitted.toEpochMilli());
        out.put("itemsReceived", feed.received());
        out.put("itemsSucceeded", feed.succeeded());
        out.put("itemsFailed", feed.failed());
        out.put("itemsProcessing", feed.status.equals(INPROGRESS) ? feed.received() : 0);
        out.put("offset", offset);
        out.put("limit", limit);
        ArrayNode details = out.putObject("itemDetails").putArray("itemIngestionStatus");
        if (includeDetails && (feed.status.equals(INPROGRESS) || feed.status.equals(PROCESSED))) {
            for (int i = offset; i < Math.min(feed.items.size(), offset + limit); i++) {
                details.add(itemStatus(feed, i, catalog));
            }
        }
        return Optional.of(out);
    }

    private ObjectNode itemStatus(Feed feed, int index, SellerCatalog catalog) {
        ObjectNode out = nodes.objectNode();
        out.put("martId", 0);
        String sku = feed.results != null ? feed.results.get(index).sku() : feed.items.get(index).path("sku").asText(null);
        if (sku != null) {
            out.put("sku", sku);
            String wpid = catalog.wpidOf(sku);
            if (wpid != null) {
                out.put("wpid", wpid);
            }
        }
        out.put("index", index);
        if (feed.results == null) {
            out.put("ingestionStatus", "INPROGRESS");
            return out;
        }
        ItemResult result = feed.results.get(index);
        out.put("ingestionStatus", result.ingestionStatus());
        if (!result.errors().isEmpty()) {
            ArrayNode errors = out.putObject("ingestionErrors").putArray("ingestionError");
            result.errors().forEach(e -> errors.add(error(e)));
        }
        return out;
    }

    private ObjectNode error(IngestionError error) {
        return nodes.objectNode().put("type", error.type()).put("code", error.code()).put("description", error.description());
    }

    synchronized Optional<FeedSummary> summary(String feedId) {
        return Optional.ofNullable(feeds.get(feedId)).map(this::summary);
    }

    synchronized List<FeedSummary> summaries() {
        return feeds.values().stream().map(this::summary).toList();
    }

    private FeedSummary summary(Feed feed) {
        List<FeedItem> items = feed.results == null ? List.of() : feed.results.stream()
                .map(r -> new FeedItem(r.index(), r.sku(), r.ingestionStatus(),
                        r.errors().stream().map(IngestionError::code).toList())).toList();
        return new FeedSummary(feed.feedId, feed.type, feed.status, feed.received(), feed.succeeded(), feed.failed(), items);
    }

    /** Every feed with its file's items and outcome, for the state file. */
    synchronized ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        out.put("sequence", sequence);
        ArrayNode list = out.putArray("feeds");
        for (Feed feed : feeds.values()) {
            ObjectNode entry = list.addObject();
            entry.put("feedId", feed.feedId).put("feedType", feed.type.wireName()).put("fileName", feed.fileName)
                    .put("submitted", feed.submitted.toString()).put("modified", feed.modified.toString())
                    .put("status", feed.status);
            if (feed.shipNode != null) {
                entry.put("shipNode", feed.shipNode);
            }
            entry.putArray("items").addAll(feed.items);
            if (feed.fatal != null) {
                entry.set("fatal", error(feed.fatal));
            }
            if (feed.results != null) {
                ArrayNode results = entry.putArray("results");
                for (ItemResult result : feed.results) {
                    ObjectNode r = results.addObject().put("index", result.index()).put("ingestionStatus", result.ingestionStatus());
                    if (result.sku() != null) {
                        r.put("sku", result.sku());
                    }
                    ArrayNode errors = r.putArray("errors");
                    result.errors().forEach(e -> errors.add(error(e)));
                }
            }
        }
        return out;
    }

    synchronized void restore(JsonNode snapshot) {
        feeds.clear();
        sequence = snapshot.path("sequence").asLong();
        for (JsonNode entry : snapshot.path("feeds")) {
            Feed feed = new Feed();
            feed.feedId = entry.get("feedId").asText();
            feed.type = FeedType.fromWire(entry.get("feedType").asText());
            feed.fileName = entry.path("fileName").asText(null);
            feed.shipNode = entry.path("shipNode").asText(null);
            feed.submitted = Instant.parse(entry.get("submitted").asText());
            feed.modified = Instant.parse(entry.get("modified").asText());
            feed.status = entry.get("status").asText();
            feed.items = new ArrayList<>();
            entry.path("items").forEach(feed.items::add);
            if (entry.has("fatal")) {
                feed.fatal = ingestionError(entry.get("fatal"));
            }
            if (entry.has("results")) {
                feed.results = new ArrayList<>();
                for (JsonNode r : entry.get("results")) {
                    List<IngestionError> errors = new ArrayList<>();
                    r.path("errors").forEach(e -> errors.add(ingestionError(e)));
                    feed.results.add(new ItemResult(r.get("index").asInt(), r.path("sku").asText(null),
                            r.get("ingestionStatus").asText(), List.copyOf(errors)));
                }
            }
            if (feed.type != null) {
                feeds.put(feed.feedId, feed);
            }
        }
    }

    private static IngestionError ingestionError(JsonNode node) {
        return new IngestionError(node.get("type").asText(), node.get("code").asText(), node.path("description").asText());
    }
}
