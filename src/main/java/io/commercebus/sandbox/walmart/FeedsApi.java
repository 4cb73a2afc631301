package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.walmart.WalmartSandbox.FeedLimit;
import io.commercebus.support.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.commercebus.sandbox.walmart.Replies.json;

/**
 * The Feeds API: {@code POST /v3/feeds?feedType=} takes a feed file and answers its feedId at once;
 * Walmart then processes it asynchronously — RECEIVED for the first half of the processing time,
 * INPROGRESS for the second, then PROCESSED or ERROR. {@code GET /v3/feeds} lists the feeds and
 * {@code GET /v3/feeds/{feedId}} tells one feed's status, with {@code includeDetails=true} the
 * ingestion status of each item, paged with {@code offset} and {@code limit}.
 */
final class FeedsApi {

    static final String SERVICE = "GMP_FEED_API";
    static final int DEFAULT_LIMIT = 50;
    /** Feed item status pages: at most 1000 items (Walmart's feed item status guide). */
    static final int MAX_DETAIL_LIMIT = 1000;
    /** The feed list: "It cannot be more than 50 entities" (the reference's limit parameter). */
    static final int MAX_LIST_LIMIT = 50;

    private static final Logger LOG = LoggerFactory.getLogger(FeedsApi.class);

    /** Runs a task later, on the sandbox's event loop. */
    interface Scheduler {
        void after(long millis, Runnable task);
    }

    private final Feeds feeds;
    private final SellerCatalog catalog;
    private final Clock clock;
    private final Supplier<Duration> processingTime;
    private final Function<FeedType, FeedLimit> limits;
    private Scheduler scheduler;

    FeedsApi(Feeds feeds, SellerCatalog catalog, Clock clock, Supplier<Duration> processingTime,
             Function<FeedType, FeedLimit> limits) {
        this.feeds = feeds;
        this.catalog = catalog;
        this.clock = clock;
        this.processingTime = processingTime;
        this.limits = limits;
    }

    /** Starts processing: carries on with the feeds a restart interrupted. */
    void start(Scheduler scheduler) {
        this.scheduler = scheduler;
        feeds.unfinished().forEach(this::schedule);
    }

    /** Reads the upload (not through the router's body handler: feed files are larger) and records the feed. */
    void submit(RoutingContext ctx, FeedType type) {
        HttpServerRequest request = ctx.request();
        String shipNode = ListingApi.shipNode(request);
        if (shipNode != null && type != FeedType.INVENTORY) {
            throw new InvalidParameter("shipNode", "only feedType=inventory takes a shipNode parameter; "
                    + "MP_INVENTORY names ship nodes in the file");
        }
        FeedLimit limit = limits.apply(type);
        String declared = request.getHeader("Content-Length");
        if (declared != null && parseLong(declared) > limit.maxBytes()) {
            json(ctx.response(), 413, WalmartErrors.payloadTooLarge(type.wireName(), limit.maxBytes()));
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            body.appendBuffer(chunk);
            if (body.length() > limit.maxBytes()) {
                refused[0] = true;
                json(ctx.response(), 413, WalmartErrors.payloadTooLarge(type.wireName(), limit.maxBytes()));
            }
        });
        request.exceptionHandler(e -> LOG.debug("Walmart sandbox: feed upload broke off: {}", e.getMessage()));
        request.endHandler(v -> {
            if (refused[0]) {
                return;
            }
            try {
                FeedUpload upload = FeedUpload.of(body.getBytes(), request.getHeader("Content-Type"));
                String feedId = feeds.submit(type, shipNode, upload.fileName(),
                        FeedFiles.parse(type, upload.file(), limit.maxItems()));
                schedule(feedId, clock.instant());
                json(ctx.response(), 200, Map.of("feedId", feedId));
            } catch (InvalidParameter e) {
                json(ctx.response(), 400, WalmartErrors.invalidParameter(SERVICE, e.name(), e.getMessage()));
            }
        });
    }

    /** RECEIVED until half the processing time has passed, INPROGRESS until all of it has. */
    private void schedule(String feedId, Instant submitted) {
        long total = processingTime.get().toMillis();
        long elapsed = Duration.between(submitted, clock.instant()).toMillis();
        scheduler.after(Math.max(1, total / 2 - elapsed), () -> feeds.start(feedId));
        scheduler.after(Math.max(2, total - elapsed), () -> feeds.finish(feedId, catalog));
    }

    void list(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        int offset = Replies.integer(request, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Replies.integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIST_LIMIT);
        Feeds.Page page = feeds.list(request.getParam("feedId"), offset, limit);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("totalResults", page.total());
        body.put("offset", offset);
        body.put("limit", limit);
        body.putObject("results").putArray("feed").addAll(page.feeds());
        json(ctx.response(), 200, body);
    }

    void status(RoutingContext ctx, String feedId) {
        HttpServerRequest request = ctx.request();
        boolean details = "true".equalsIgnoreCase(request.getParam("includeDetails"));
        int offset = Replies.integer(request, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Replies.integer(request, "limit", DEFAULT_LIMIT, 1, MAX_DETAIL_LIMIT);
        feeds.status(feedId, details, offset, limit, catalog).ifPresentOrElse(
                status -> json(ctx.response(), 200, status),
                () -> json(ctx.response(), 404, WalmartErrors.contentNotFound(SERVICE, "No feed with feedId " + feedId)));
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
