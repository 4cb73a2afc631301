package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The seller's feeds and their processing. A feed is IN_QUEUE when created; one worker takes the
 * seller's feeds in the order they were created, as Amazon queues them ("processed sequentially based
 * on their order in the queue"): a feed waits in the queue at least the processing delay, is
 * IN_PROGRESS for another delay, and is then DONE (its processing report as result document) or FATAL.
 * Only a feed still IN_QUEUE can be CANCELLED. A JSON_LISTINGS_FEED is processed against the
 * listings; every other feed type ends FATAL, as Amazon's legacy listings feeds do since July 2025.
 */
final class Feeds implements AutoCloseable {

    static final String JSON_LISTINGS_FEED = "JSON_LISTINGS_FEED";
    static final List<String> STATUSES = List.of("CANCELLED", "DONE", "FATAL", "IN_PROGRESS", "IN_QUEUE");
    /** The content type of the processing reports the sandbox writes. */
    static final String REPORT_CONTENT_TYPE = "application/json; charset=UTF-8";
    /** How long an uploaded feed document can be used in createFeed ("This feedDocumentId value expires after two days"). */
    static final Duration DOCUMENT_LIFETIME = Duration.ofDays(2);

    private static final Logger LOG = LoggerFactory.getLogger(Feeds.class);

    static final class Feed {
        final String id;
        final String type;
        final List<String> marketplaceIds;
        final Instant created;
        final String input;
        String status = "IN_QUEUE";
        Instant started;
        Instant ended;
        String result;
        int messages;
        int accepted;
        int invalid;

        Feed(String id, String type, List<String> marketplaceIds, Instant created, String input) {
            this.id = id;
            this.type = type;
            this.marketplaceIds = List.copyOf(marketplaceIds);
            this.created = created;
            this.input = input;
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Feed> feeds = new LinkedHashMap<>();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Clock clock;
    private final FeedDocuments documents;
    private final ListingsFeedProcessor processor;
    private volatile Duration delay;
    private volatile boolean gzipReports;
    private boolean paused;
    private long nextId;
    private Thread worker;

    Feeds(Clock clock, FeedDocuments documents, ListingsFeedProcessor processor, Duration delay, boolean gzipReports, long seed) {
        this.clock = clock;
        this.documents = documents;
        this.processor = processor;
        this.delay = delay;
        this.gzipReports = gzipReports;
        this.nextId = 50_001_000_000L + Math.floorMod(seed, 1000) * 1_000_000L;
    }

    // ---------------------------------------------------------------- the API's operations

    /** createFeed: a new feed, IN_QUEUE; the input document must exist and be at most two days old. */
    synchronized String create(String type, List<String> marketplaceIds, String inputDocumentId) {
        FeedDocuments.Document input = documents.get(inputDocumentId)
                .orElseThrow(() -> new IllegalArgumentException("Invalid inputFeedDocumentId: " + inputDocumentId + " is no feed document."));
        if (clock.instant().isAfter(input.created().plus(DOCUMENT_LIFETIME))) {
            throw new IllegalArgumentException("Invalid inputFeedDocumentId: feed document " + inputDocumentId + " has expired.");
        }
        prune();
        Feed feed = new Feed(Long.toString(nextId++), type, marketplaceIds, now(), inputDocumentId);
        feeds.put(feed.id, feed);
        queue.add(feed.id);
        return feed.id;
    }

    /** cancelFeed: only a feed that has not started can be cancelled. */
    synchronized void cancel(String id) {
        Feed feed = feed(id);
        if (!feed.status.equals("IN_QUEUE")) {
            throw new IllegalStateException("Feed " + id + " is " + feed.status + "; only a feed IN_QUEUE can be cancelled.");
        }
        feed.status = "CANCELLED";
        feed.ended = now();
    }

    /** getFeed: the feed as the Feeds API shows it. */
    synchronized ObjectNode view(String id) {
        return view(feed(id));
    }

    /** Every feed, newest first, as getFeed shows them. */
    synchronized List<ObjectNode> all() {
        List<ObjectNode> all = new ArrayList<>();
        feeds.values().stream().sorted(Comparator.comparing((Feed f) -> f.created).thenComparing(f -> Long.parseLong(f.id)).reversed())
                .forEach(f -> all.add(view(f)));
        return all;
    }

    synchronized List<String> ids() {
        return new ArrayList<>(feeds.keySet());
    }

    /** The processing report of a feed that has one, decompressed and parsed. */
    synchronized Optional<JsonNode> report(String id) {
        Feed feed = feed(id);
        if (feed.result == null) {
            return Optional.empty();
        }
        FeedDocuments.Document document = documents.get(feed.result).orElseThrow();
        try {
            return Optional.of(Json.mapper().readTree(content(document)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document's content, decompressed. */
    static byte[] content(FeedDocuments.Document document) {
        if (!"GZIP".equals(document.compression())) {
            return document.content();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(document.content()))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- processing

    void start() {
        worker = new Thread(this::work, "amazon-sandbox-feeds");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    /** How long a feed waits IN_QUEUE at least, and then is IN_PROGRESS. */
    void setDelay(Duration delay) {
        this.delay = delay;
    }

    /** Whether processing reports are stored gzipped (getFeedDocument then says compressionAlgorithm GZIP). */
    void setGzipReports(boolean gzip) {
        this.gzipReports = gzip;
    }

    /** Holds feeds IN_QUEUE until {@link #resume()}, e.g. for a test to cancel one. */
    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        notifyAll();
    }

    private void work() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String id = queue.take();
                Feed feed;
                synchronized (this) {
                    while (paused) {
                        wait();
                    }
                    feed = feeds.get(id);
                }
                if (feed == null) {
                    continue;
                }
                if (status(feed).equals("IN_QUEUE")) {
                    sleepUntil(feed.created.plus(delay));
                    synchronized (this) {
                        while (paused) {
                            wait();
                        }
                        if (!feed.status.equals("IN_QUEUE")) {
                            continue; // cancelled meanwhile
                        }
                        feed.status = "IN_PROGRESS";
                        feed.started = now();
                    }
                    sleepUntil(feed.started.plus(delay));
                }
                if (status(feed).equals("IN_PROGRESS")) {
                    finish(feed);
                }
            }
        } catch (InterruptedException e) {
            // the sandbox closes; unfinished feeds stay in the state file and resume at the next start
        }
    }

    private synchronized String status(Feed feed) {
        return feed.status;
    }

    private void finish(Feed feed) {
        String status = "FATAL";
        String result = null;
        ListingsFeedProcessor.Result outcome = null;
        try {
            Optional<FeedDocuments.Document> input = documents.get(feed.input);
            if (feed.type.equals(JSON_LISTINGS_FEED) && input.isPresent() && input.get().uploaded()) {
                outcome = processor.process(feed.id, input.get().content(), input.get().contentType());
                byte[] report = Json.mapper().writeValueAsBytes(outcome.report());
                boolean gzip = gzipReports;
                result = documents.createResult(gzip ? gzip(report) : report, REPORT_CONTENT_TYPE, gzip ? "GZIP" : null).id();
                status = outcome.fatal() ? "FATAL" : "DONE";
            } else {
                // a feed type the sandbox does not process, or a document never uploaded: FATAL without a report
                LOG.info("Amazon sandbox: feed {} ({}) is FATAL: {}", feed.id, feed.type,
                        feed.type.equals(JSON_LISTINGS_FEED) ? "its feed document was never uploaded" : "feed type not processed");
            }
        } catch (RuntimeException | IOException e) {
            LOG.warn("Amazon sandbox: feed {} failed: {}", feed.id, e.toString(), e);
        }
        synchronized (this) {
            feed.status = status;
            feed.result = result;
            feed.ended = now();
            if (outcome != null) {
                feed.messages = outcome.messages();
                feed.accepted = outcome.accepted();
                feed.invalid = outcome.invalid();
            }
        }
    }

    /** Sleeps until the clock has reached {@code when}: a state lasts its whole delay, never a millisecond less. */
    private void sleepUntil(Instant when) throws InterruptedException {
        long nanos;
        while ((nanos = Duration.between(clock.instant(), when).toNanos()) > 0) {
            Thread.sleep(nanos / 1_000_000 + 1);
        }
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- stats and state

    synchronized int size() {
        return feeds.size();
    }

    synchronized Map<String, Long> countByStatus() {
        Map<String, Long> counts = new TreeMap<>();
        STATUSES.forEach(s -> counts.put(s, 0L));
        feeds.values().forEach(f -> counts.merge(f.status, 1L, Long::sum));
        return counts;
    }

    /** Per processed feed, its number of messages, accepted and invalid. */
    synchronized Map<String, Map<String, Integer>> messages() {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Feed feed : feeds.values()) {
            if (feed.status.equals("DONE") || feed.status.equals("FATAL")) {
                Map<String, Integer> count = new LinkedHashMap<>();
                count.put("messages", feed.messages);
                count.put("accepted", feed.accepted);
                count.put("invalid", feed.invalid);
                counts.put(feed.id, count);
            }
        }
        return counts;
    }

    synchronized ObjectNode snapshot() {
        ObjectNode state = nodes.objectNode().put("nextId", nextId);
        ArrayNode list = state.putArray("feeds");
        for (Feed feed : feeds.values()) {
            ObjectNode node = view(feed);
            node.put("inputFeedDocumentId", feed.input).put("messages", feed.messages).put("accepted", feed.accepted)
                    .put("invalid", feed.invalid);
            list.add(node);
        }
        return state;
    }

    /** Restores the feeds; those not finished are processed again, in their order. */
    synchronized void restore(JsonNode state) {
        feeds.clear();
        queue.clear();
        nextId = Math.max(nextId, state.path("nextId").asLong(nextId));
        for (JsonNode node : state.path("feeds")) {
            List<String> marketplaces = new ArrayList<>();
            node.path("marketplaceIds").forEach(m -> marketplaces.add(m.asText()));
            Feed feed = new Feed(node.get("feedId").asText(), node.get("feedType").asText(), marketplaces,
                    Instant.parse(node.get("createdTime").asText()), node.get("inputFeedDocumentId").asText());
            feed.status = node.get("processingStatus").asText();
            feed.started = instant(node, "processingStartTime");
            feed.ended = instant(node, "processingEndTime");
            feed.result = node.has("resultFeedDocumentId") ? node.get("resultFeedDocumentId").asText() : null;
            feed.messages = node.path("messages").asInt();
            feed.accepted = node.path("accepted").asInt();
            feed.invalid = node.path("invalid").asInt();
            feeds.put(feed.id, feed);
        }
        feeds.values().stream().filter(f -> f.status.equals("IN_PROGRESS")).forEach(f -> queue.add(f.id));
        feeds.values().stream().filter(f -> f.status.equals("IN_QUEUE")).forEach(f -> queue.add(f.id));
    }

    /** Forgets finished feeds, and documents, older than Amazon keeps them (90 days), so the state file stays small. */
    private void prune() {
        Instant horizon = clock.instant().minus(FeedsApi.RETENTION);
        feeds.values().removeIf(f -> f.created.isBefore(horizon) && !f.status.equals("IN_QUEUE") && !f.status.equals("IN_PROGRESS"));
        documents.prune(horizon);
    }

    private ObjectNode view(Feed feed) {
        ObjectNode node = nodes.objectNode().put("feedId", feed.id).put("feedType", feed.type);
        ArrayNode marketplaces = node.putArray("marketplaceIds");
        feed.marketplaceIds.forEach(marketplaces::add);
        node.put("createdTime", feed.created.toString()).put("processingStatus", feed.status);
        if (feed.started != null) {
            node.put("processingStartTime", feed.started.toString());
        }
        if (feed.ended != null) {
            node.put("processingEndTime", feed.ended.toString());
        }
        if (feed.result != null) {
            node.put("resultFeedDocumentId", feed.result);
        }
        return node;
    }

    private Feed feed(String id) {
        Feed feed = feeds.get(id);
        if (feed == null) {
            throw new NoSuchElementException("Feed " + id + " was not found.");
        }
        return feed;
    }

    private static Instant instant(JsonNode node, String field) {
        return node.has(field) ? Instant.parse(node.get(field).asText()) : null;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
