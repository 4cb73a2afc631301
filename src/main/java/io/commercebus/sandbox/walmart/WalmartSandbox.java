package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxState;
import io.commercebus.support.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Walmart Marketplace seller account for the sandbox and the tests: the Token API (client
 * credentials, 15-minute tokens), the Orders API v3 (released orders with Walmart's query-string
 * cursor, all orders, one order, acknowledge, ship order lines with their tracking, cancel order
 * lines), the Items API (the seller's catalogue, seeded from
 * {@link io.commercebus.sandbox.SandboxCatalog}), the Inventory API (one SKU's quantity, per ship
 * node) and the Feeds API (bulk inventory and price feeds, processed asynchronously, with per-item
 * ingestion statuses). Like Walmart it wants WM_SVC.NAME, WM_QOS.CORRELATION_ID and Accept on every
 * call and WM_SEC.ACCESS_TOKEN past the Token API, and throttles each API with a token bucket: every
 * answer carries {@code x-current-token-count} and {@code x-next-replenish-time}, and an empty bucket
 * answers 429. A generator places demo orders.
 *
 * <p>What this follows from Walmart's documentation, and what it chooses where the documentation is
 * silent, is in docs/sandboxes/walmart.md.
 */
public class WalmartSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalmartSandbox.class);
    private static final Pattern ORDER_PATH = Pattern.compile("/v3/orders/([^/]+)(/acknowledge|/shipping|/cancel)?");
    private static final Pattern ITEM_PATH = Pattern.compile("/v3/items/([^/]+)");
    private static final Pattern FEED_PATH = Pattern.compile("/v3/feeds/([^/]+)");

    /**
     * The APIs Walmart throttles separately, each with the service name of its error codes. The feed
     * list and one feed's status share one bucket, as Walmart's limits table says.
     */
    public enum Endpoint {
        TOKEN("GMP_ORDER_API"), RELEASED_ORDERS("GMP_ORDER_API"), ALL_ORDERS("GMP_ORDER_API"), ORDER("GMP_ORDER_API"),
        ACKNOWLEDGE("GMP_ORDER_API"), SHIPPING("GMP_ORDER_API"), CANCEL("GMP_ORDER_API"),
        ITEMS(ListingApi.ITEM_SERVICE), ITEM(ListingApi.ITEM_SERVICE),
        INVENTORY(ListingApi.INVENTORY_SERVICE), UPDATE_INVENTORY(ListingApi.INVENTORY_SERVICE),
        INVENTORY_FEED(FeedsApi.SERVICE), MULTI_NODE_INVENTORY_FEED(FeedsApi.SERVICE), PRICE_FEED(FeedsApi.SERVICE),
        FEED_STATUSES(FeedsApi.SERVICE), FEED_STATUS(FeedsApi.SERVICE);

        private final String service;

        Endpoint(String service) {
            this.service = service;
        }

        /** The service part of the API's error codes, e.g. GMP_ORDER_API. */
        String service() {
            return service;
        }

        /** The endpoint whose token bucket this one draws on: the feed list shares the feed status's. */
        public Endpoint bucket() {
            return this == FEED_STATUSES ? FEED_STATUS : this;
        }

        static Endpoint ofFeed(FeedType type) {
            return switch (type) {
                case INVENTORY -> INVENTORY_FEED;
                case MULTI_NODE_INVENTORY -> MULTI_NODE_INVENTORY_FEED;
                case PRICE -> PRICE_FEED;
            };
        }
    }

    /** A token bucket of {@code tokens}, refilled one at a time, evenly over {@code per}. */
    public record RateLimit(int tokens, Duration per) {
    }

    /**
     * Per-API limits. Walmart's figures: 5000 order reads and 60 acknowledgements a minute (reported),
     * inventory and price feeds 10 an hour, MP_INVENTORY feeds 50 an hour, the feed list and feed status
     * 5000 a minute together. The Token, Items and Inventory APIs' figures, and shipping and cancelling
     * order lines' (those of acknowledging), are this sandbox's choice (Walmart publishes none for them);
     * see docs/sandboxes/walmart.md.
     */
    public static final Map<Endpoint, RateLimit> DEFAULT_RATE_LIMITS = Map.ofEntries(
            Map.entry(Endpoint.TOKEN, new RateLimit(100, Duration.ofMinutes(1))),
            Map.entry(Endpoint.RELEASED_ORDERS, new RateLimit(5000, Duration.ofMinutes(1))),
            Map.entry(Endpoint.ALL_ORDERS, new RateLimit(5000, Duration.ofMinutes(1))),
            Map.entry(Endpoint.ORDER, new RateLimit(5000, Duration.ofMinutes(1))),
            Map.entry(Endpoint.ACKNOWLEDGE, new RateLimit(60, Duration.ofMinutes(1))),
            Map.entry(Endpoint.SHIPPING, new RateLimit(60, Duration.ofMinutes(1))),
            Map.entry(Endpoint.CANCEL, new RateLimit(60, Duration.ofMinutes(1))),
            Map.entry(Endpoint.ITEMS, new RateLimit(200, Duration.ofMinutes(1))),
            Map.entry(Endpoint.ITEM, new RateLimit(900, Duration.ofMinutes(1))),
            Map.entry(Endpoint.INVENTORY, new RateLimit(200, Duration.ofMinutes(1))),
            Map.entry(Endpoint.UPDATE_INVENTORY, new RateLimit(60, Duration.ofMinutes(1))),
            Map.entry(Endpoint.INVENTORY_FEED, new RateLimit(10, Duration.ofHours(1))),
            Map.entry(Endpoint.MULTI_NODE_INVENTORY_FEED, new RateLimit(50, Duration.ofHours(1))),
            Map.entry(Endpoint.PRICE_FEED, new RateLimit(10, Duration.ofHours(1))),
            Map.entry(Endpoint.FEED_STATUS, new RateLimit(5000, Duration.ofMinutes(1))));

    /** Walmart's access tokens live 15 minutes. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(900);

    /** How long the sandbox takes over a feed (Walmart: up to 30 minutes, 4 hours for prices): short, for demos and tests. */
    public static final Duration DEFAULT_FEED_PROCESSING_TIME = Duration.ofSeconds(2);

    /** The most items one feed file may hold, and its largest size in bytes. */
    public record FeedLimit(int maxItems, long maxBytes) {
    }

    /**
     * Walmart's feed limits: inventory 50,000 items and 5 MB, prices 10,000 items and 10 MB
     * (MP_INVENTORY: Walmart gives no figure; the sandbox takes the inventory feed's).
     */
    public static final Map<FeedType, FeedLimit> DEFAULT_FEED_LIMITS = Map.of(
            FeedType.INVENTORY, new FeedLimit(50_000, 5L * 1024 * 1024),
            FeedType.MULTI_NODE_INVENTORY, new FeedLimit(50_000, 5L * 1024 * 1024),
            FeedType.PRICE, new FeedLimit(10_000, 10L * 1024 * 1024));

    /**
     * How the simulated seller account is set up. A null token lifetime means Walmart's; endpoints
     * missing from {@code rateLimits} (or all, when it is null) get {@link #DEFAULT_RATE_LIMITS}; a null
     * feed processing time means {@link #DEFAULT_FEED_PROCESSING_TIME}; feed types missing from
     * {@code feedLimits} get {@link #DEFAULT_FEED_LIMITS}.
     */
    public record Config(String host, int port, String clientId, String clientSecret, Duration tokenLifetime,
                         Map<Endpoint, RateLimit> rateLimits, double ordersPerMinute, long seed, Path stateFile,
                         Duration feedProcessingTime, Map<FeedType, FeedLimit> feedLimits) {

        public Config {
            tokenLifetime = tokenLifetime == null ? DEFAULT_TOKEN_LIFETIME : tokenLifetime;
            Map<Endpoint, RateLimit> limits = new EnumMap<>(DEFAULT_RATE_LIMITS);
            if (rateLimits != null) {
                rateLimits.forEach((endpoint, limit) -> limits.put(endpoint.bucket(), limit));
            }
            rateLimits = Map.copyOf(limits);
            feedProcessingTime = feedProcessingTime == null ? DEFAULT_FEED_PROCESSING_TIME : feedProcessingTime;
            Map<FeedType, FeedLimit> sizes = new EnumMap<>(DEFAULT_FEED_LIMITS);
            if (feedLimits != null) {
                sizes.putAll(feedLimits);
            }
            feedLimits = Map.copyOf(sizes);
        }

        /** With the default feed processing time and limits. */
        public Config(String host, int port, String clientId, String clientSecret, Duration tokenLifetime,
                      Map<Endpoint, RateLimit> rateLimits, double ordersPerMinute, long seed, Path stateFile) {
            this(host, port, clientId, clientSecret, tokenLifetime, rateLimits, ordersPerMinute, seed, stateFile, null, null);
        }

        /** On a free local port, with Walmart's token lifetime and limits, no generator and no state file. */
        public static Config defaults(String clientId, String clientSecret) {
            return new Config("127.0.0.1", 0, clientId, clientSecret, null, null, 0, 42, null);
        }

        public Config withFeedProcessingTime(Duration processingTime) {
            return new Config(host, port, clientId, clientSecret, tokenLifetime, rateLimits, ordersPerMinute, seed, stateFile,
                    processingTime, feedLimits);
        }

        public Config withFeedLimit(FeedType type, FeedLimit limit) {
            Map<FeedType, FeedLimit> sizes = new EnumMap<>(feedLimits);
            sizes.put(type, limit);
            return new Config(host, port, clientId, clientSecret, tokenLifetime, rateLimits, ordersPerMinute, seed, stateFile,
                    feedProcessingTime, sizes);
        }

        public Config withStateFile(Path file) {
            return new Config(host, port, clientId, clientSecret, tokenLifetime, rateLimits, ordersPerMinute, seed, file,
                    feedProcessingTime, feedLimits);
        }
    }

    /** One item of a feed and how it fared: SUCCESS, DATA_ERROR (with its error codes) or, not yet processed, absent. */
    public record FeedItem(int index, String sku, String ingestionStatus, List<String> errorCodes) {
    }

    /** A feed as a test sees it: its status, counts and, once processed, each item's outcome. */
    public record FeedSummary(String feedId, FeedType feedType, String feedStatus, int itemsReceived, int itemsSucceeded,
                              int itemsFailed, List<FeedItem> items) {
    }

    /**
     * Where a call goes: the API (null for a feed upload of a type the sandbox does not take), whether
     * the method suits the path, and the path's id (purchaseOrderId, SKU, feedId) or the feedType.
     */
    private record Call(Endpoint endpoint, boolean methodAllowed, String id) {
    }

    private final Config config;
    private final ObjectMapper json = Json.mapper();
    private final PurchaseOrders orders = new PurchaseOrders(Clock.systemUTC());
    private final SellerCatalog catalog = new SellerCatalog();
    private final Feeds feeds;
    private final ListingApi listing;
    private final FeedsApi feedsApi;
    private final DemoBuyers buyers;
    private final AccessTokens tokens;
    private final TokenBuckets buckets;
    private final Map<FeedType, FeedLimit> feedLimits;
    private volatile Duration feedProcessingTime;
    private final AtomicLong requests = new AtomicLong();
    private final Map<Endpoint, AtomicLong> requestsByEndpoint = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, AtomicLong> rateLimitedByEndpoint = new EnumMap<>(Endpoint.class);
    private final AtomicLong inventoryUpdates = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong acknowledgements = new AtomicLong();
    private final AtomicLong tokensIssued = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private Vertx vertx;
    private HttpServer server;
    private long generatorTimer = -1;

    public WalmartSandbox(Config config) {
        this.config = config;
        this.buyers = new DemoBuyers(config.seed());
        this.tokens = new AccessTokens(Clock.systemUTC(), config.tokenLifetime());
        this.buckets = new TokenBuckets(Clock.systemUTC(), config.rateLimits());
        this.feedLimits = new EnumMap<>(config.feedLimits());
        this.feedProcessingTime = config.feedProcessingTime();
        for (Endpoint endpoint : Endpoint.values()) {
            requestsByEndpoint.put(endpoint, new AtomicLong());
            rateLimitedByEndpoint.put(endpoint, new AtomicLong());
        }
        // the seller id Walmart shows as the feeds' partnerId
        this.feeds = new Feeds(Clock.systemUTC(), Long.toString(100_000_000L + Math.floorMod(config.seed(), 900_000_000L)),
                config.seed());
        this.listing = new ListingApi(catalog, inventoryUpdates::incrementAndGet);
        this.feedsApi = new FeedsApi(feeds, catalog, Clock.systemUTC(), () -> feedProcessingTime, this::feedLimit);
    }

    public WalmartSandbox start() {
        restoreState();
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        BodyHandler bodies = BodyHandler.create().setBodyLimit(64 * 1024);
        // feed files (up to 10 MB, often multipart) are read by the Feeds API itself
        router.route().handler(ctx -> {
            if (isFeedUpload(ctx.request())) {
                ctx.next();
            } else {
                bodies.handle(ctx);
            }
        });
        router.route("/sandbox/*").handler(this::control);
        router.route("/v3/*").handler(this::api);
        server = await(vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()));
        feedsApi.start((millis, task) -> vertx.setTimer(Math.max(1, millis), t -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Walmart sandbox: feed processing failed", e);
            }
        }));
        if (config.ordersPerMinute() > 0) {
            startGenerator(config.ordersPerMinute());
        }
        LOG.info("Walmart sandbox at {} — {} s tokens, {} demo orders per minute", baseUrl(),
                config.tokenLifetime().toSeconds(), config.ordersPerMinute());
        return this;
    }

    /** Where the API paths start, as https://marketplace.walmartapis.com does: {@code baseUrl() + "/v3/token"}. */
    public URI baseUrl() {
        return URI.create("http://" + config.host() + ":" + port());
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        if (vertx != null) {
            await(vertx.close());
            vertx = null;
        }
        saveState();
    }

    // ---------------------------------------------------------------- test and operator controls

    /** A demo buyer's seller-fulfilled purchase (not placed), to adjust before {@link #placeOrder}. */
    public Purchase demoPurchase() {
        return buyers.next(ShipNodeType.SELLER_FULFILLED);
    }

    /** Turns a purchase into a purchase order, as Walmart does when a buyer checks out; returns its purchaseOrderId. */
    public String placeOrder(Purchase purchase) {
        return orders.place(purchase).get("purchaseOrderId").asText();
    }

    /** Places demo orders, about one in five of them fulfilled by WFS. */
    public List<String> placeDemoOrders(int count) {
        return place(count, buyers::next);
    }

    /** The order as {@code GET /v3/orders/{purchaseOrderId}} returns it, without the "order" wrapper. */
    public ObjectNode order(String purchaseOrderId) {
        return orders.get(purchaseOrderId).orElseThrow(() -> new IllegalArgumentException("no purchase order " + purchaseOrderId));
    }

    /** Whether no line of the order waits for acknowledgement any more (WFS orders: from the start). */
    public boolean isAcknowledged(String purchaseOrderId) {
        return PurchaseOrders.isAcknowledged(order(purchaseOrderId));
    }

    /** What the buyer paid: the lines' charges and taxes, cancelled lines left out. Walmart's order has no such field. */
    public BigDecimal orderTotal(String purchaseOrderId) {
        return PurchaseOrders.total(order(purchaseOrderId));
    }

    /** Ships the order's acknowledged lines, as Walmart does for WFS orders. */
    public void ship(String purchaseOrderId) {
        orders.ship(purchaseOrderId);
    }

    /** Cancels what is not shipped of a line (status Cancelled), as when the buyer cancels before shipment. */
    public void cancelLine(String purchaseOrderId, String lineNumber) {
        orders.cancelLine(purchaseOrderId, lineNumber);
    }

    /**
     * The order's shipments as Ship Order Lines recorded them, in line order: {@code lineNumber}, {@code sku},
     * {@code quantity} (a number), {@code sellerOrderId} and {@code trackingInfo} as the order shows it (shipDateTime,
     * carrierName, methodCode, trackingNumber, trackingURL); WFS shipments have no tracking.
     */
    public List<ObjectNode> shipments(String purchaseOrderId) {
        return orders.shipments(purchaseOrderId);
    }

    /**
     * The line's status, e.g. Acknowledged; a line whose quantity is split between statuses answers them in the
     * order of the line's life, joined by commas, e.g. "Acknowledged,Shipped" for a line partly shipped.
     */
    public String lineStatus(String purchaseOrderId, String lineNumber) {
        return orders.lineStatus(purchaseOrderId, lineNumber);
    }

    public int orderCount() {
        return orders.size();
    }

    public synchronized void startGenerator(double perMinute) {
        stopGenerator();
        long period = Math.max(1, Math.round(60_000 / perMinute));
        // each tick Walmart ships the WFS orders of earlier ticks, then a new order comes in
        generatorTimer = vertx.setPeriodic(period, t -> vertx.executeBlocking(() -> {
            orders.unshippedWalmartFulfilled().forEach(orders::ship);
            return placeOrder(buyers.next());
        }, false));
    }

    public synchronized void stopGenerator() {
        if (generatorTimer >= 0 && vertx != null) {
            vertx.cancelTimer(generatorTimer);
            generatorTimer = -1;
        }
    }

    /** Replaces an API's limit (the feed list's is the feed status's); its bucket starts full. */
    public void setRateLimit(Endpoint endpoint, int tokensPerPeriod, Duration period) {
        buckets.set(endpoint, new RateLimit(tokensPerPeriod, period));
    }

    /** How long feeds submitted from now on take: RECEIVED for the first half, INPROGRESS for the second. */
    public void setFeedProcessingTime(Duration processingTime) {
        this.feedProcessingTime = processingTime;
    }

    public synchronized void setFeedLimit(FeedType type, FeedLimit limit) {
        feedLimits.put(type, limit);
    }

    private synchronized FeedLimit feedLimit(FeedType type) {
        return feedLimits.get(type);
    }

    /** The item as {@code GET /v3/items/{sku}} shows it (sku, wpid, upc, gtin, productName, price, statuses). */
    public ObjectNode item(String sku) {
        return catalog.item(sku).orElseThrow(() -> new IllegalArgumentException("no item with SKU " + sku));
    }

    /** The SKU's quantity at the default ship node, as {@code GET /v3/inventory?sku=} tells it. */
    public int inventory(String sku) {
        return inventory(sku, SellerCatalog.DEFAULT_SHIP_NODE);
    }

    public int inventory(String sku, String shipNode) {
        return catalog.quantity(sku, shipNode).orElseThrow(() -> new IllegalArgumentException("no item with SKU " + sku));
    }

    /** Sets a quantity as if the seller had, e.g. to start a test from a known stock. */
    public void setInventory(String sku, int quantity) {
        catalog.setQuantity(sku, SellerCatalog.DEFAULT_SHIP_NODE, quantity);
    }

    /** The item's current price in USD. */
    public BigDecimal price(String sku) {
        return catalog.price(sku).orElseThrow(() -> new IllegalArgumentException("no item with SKU " + sku));
    }

    public void setPrice(String sku, BigDecimal price) {
        catalog.setPrice(sku, price);
    }

    /** The seller's ship nodes, the default node first. */
    public static List<String> shipNodes() {
        return SellerCatalog.SHIP_NODES;
    }

    /** Every feed submitted, oldest first. */
    public List<FeedSummary> feeds() {
        return feeds.summaries();
    }

    public FeedSummary feed(String feedId) {
        return feeds.summary(feedId).orElseThrow(() -> new IllegalArgumentException("no feed " + feedId));
    }

    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("orders", orders.size());
        stats.put("released", orders.released());
        stats.put("requests", requests.get());
        stats.put("rateLimited", rateLimited.get());
        stats.put("acknowledgements", acknowledgements.get());
        stats.put("tokensIssued", tokensIssued.get());
        stats.put("authFailures", authFailures.get());
        stats.put("items", catalog.size());
        stats.put("inventoryUpdates", inventoryUpdates.get());
        stats.put("feedsReceived", feeds.size());
        stats.put("feedsByStatus", feeds.countByStatus());
        stats.put("itemsPerFeed", feeds.itemsPerFeed());
        stats.put("requestsByEndpoint", counts(requestsByEndpoint));
        stats.put("rateLimitedByEndpoint", counts(rateLimitedByEndpoint));
        return stats;
    }

    private static Map<String, Long> counts(Map<Endpoint, AtomicLong> counters) {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.forEach((endpoint, count) -> {
            if (count.get() > 0) {
                out.put(endpoint.name(), count.get());
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- the Walmart API

    private void api(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Call call = call(request.method().name(), request.path(), request.getParam("feedType"));
        if (call == null) {
            json(response, 404, WalmartErrors.uriNotFound(request.path()));
            return;
        }
        if (!call.methodAllowed()) {
            json(response, 405, WalmartErrors.methodNotAllowed(request.method().name()));
            return;
        }
        Endpoint endpoint = call.endpoint();
        String service = endpoint == null ? FeedsApi.SERVICE : endpoint.service();
        requests.incrementAndGet();
        if (endpoint != null) {
            requestsByEndpoint.get(endpoint).incrementAndGet();
        }
        String missing = missingHeader(request);
        if (missing != null) {
            limitHeaders(response, endpoint);
            json(response, 400, WalmartErrors.invalidHeader(service, missing));
            return;
        }
        if (!acceptsJson(request.getHeader("Accept"))) {
            limitHeaders(response, endpoint);
            json(response, 406, WalmartErrors.invalidAcceptType(request.getHeader("Accept")));
            return;
        }
        String refusal = endpoint == Endpoint.TOKEN ? checkClientCredentials(request) : checkAccessToken(request);
        if (refusal != null) {
            authFailures.incrementAndGet();
            limitHeaders(response, endpoint);
            json(response, 401, WalmartErrors.unauthorized(refusal));
            return;
        }
        if (endpoint == null) {
            json(response, 400, WalmartErrors.invalidParameter(service, "feedType", "feedType must be one of inventory, "
                    + "MP_INVENTORY or price (the feeds this sandbox takes), was '" + call.id() + "'"));
            return;
        }
        TokenBuckets.State bucket = buckets.take(endpoint.bucket());
        limitHeaders(response, bucket);
        if (!bucket.allowed()) {
            rateLimited.incrementAndGet();
            rateLimitedByEndpoint.get(endpoint).incrementAndGet();
            long wait = Math.max(0, bucket.nextReplenish() - System.currentTimeMillis());
            response.putHeader("Retry-After", Long.toString((wait + 999) / 1000));
            json(response, 429, WalmartErrors.thresholdViolated());
            return;
        }
        try {
            switch (endpoint) {
                case TOKEN -> issueToken(ctx);
                case RELEASED_ORDERS -> list(ctx, true);
                case ALL_ORDERS -> list(ctx, false);
                case ORDER -> orderOrNotFound(response, call.id(), orders.get(call.id()).orElse(null));
                case ACKNOWLEDGE -> acknowledge(response, call.id());
                case SHIPPING -> orderOrNotFound(response, call.id(),
                        orders.ship(call.id(), OrderLineUpdates.shipments(jsonBody(ctx))).orElse(null));
                case CANCEL -> orderOrNotFound(response, call.id(),
                        orders.cancel(call.id(), OrderLineUpdates.cancellations(jsonBody(ctx))).orElse(null));
                case ITEMS -> listing.items(ctx);
                case ITEM -> listing.item(ctx, call.id());
                case INVENTORY -> listing.inventory(ctx);
                case UPDATE_INVENTORY -> listing.updateInventory(ctx);
                case INVENTORY_FEED, MULTI_NODE_INVENTORY_FEED, PRICE_FEED -> feedsApi.submit(ctx, FeedType.fromWire(call.id()));
                case FEED_STATUSES -> feedsApi.list(ctx);
                case FEED_STATUS -> feedsApi.status(ctx, call.id());
            }
        } catch (InvalidParameter e) {
            json(response, 400, WalmartErrors.invalidParameter(service, e.name(), e.getMessage()));
        } catch (InvalidContent e) {
            json(response, 400, WalmartErrors.invalidContent(e.field(), e.getMessage()));
        }
    }

    /** Where a request goes; null for a path no API has. */
    private static Call call(String method, String path, String feedType) {
        switch (path) {
            case "/v3/token":
                return only(method, "POST", Endpoint.TOKEN, null);
            case "/v3/orders":
                return only(method, "GET", Endpoint.ALL_ORDERS, null);
            case "/v3/orders/released":
                return only(method, "GET", Endpoint.RELEASED_ORDERS, null);
            case "/v3/items":
                return only(method, "GET", Endpoint.ITEMS, null);
            case "/v3/inventory":
                return method.equals("PUT") ? new Call(Endpoint.UPDATE_INVENTORY, true, null)
                        : only(method, "GET", Endpoint.INVENTORY, null);
            case "/v3/feeds":
                if (method.equals("POST")) {
                    FeedType type = FeedType.fromWire(feedType);
                    return new Call(type == null ? null : Endpoint.ofFeed(type), true, feedType);
                }
                return only(method, "GET", Endpoint.FEED_STATUSES, null);
            default:
                Matcher order = ORDER_PATH.matcher(path);
                if (order.matches()) {
                    String purchaseOrderId = order.group(1);
                    return order.group(2) == null ? only(method, "GET", Endpoint.ORDER, purchaseOrderId)
                            : switch (order.group(2)) {
                                case "/acknowledge" -> only(method, "POST", Endpoint.ACKNOWLEDGE, purchaseOrderId);
                                case "/shipping" -> only(method, "POST", Endpoint.SHIPPING, purchaseOrderId);
                                default -> only(method, "POST", Endpoint.CANCEL, purchaseOrderId);
                            };
                }
                Matcher item = ITEM_PATH.matcher(path);
                if (item.matches()) {
                    return only(method, "GET", Endpoint.ITEM, Replies.segment(item.group(1)));
                }
                Matcher feed = FEED_PATH.matcher(path);
                if (feed.matches()) {
                    return only(method, "GET", Endpoint.FEED_STATUS, Replies.segment(feed.group(1)));
                }
                return null;
        }
    }

    private static Call only(String method, String allowed, Endpoint endpoint, String id) {
        return new Call(endpoint, method.equals(allowed), id);
    }

    private static boolean isFeedUpload(HttpServerRequest request) {
        return request.method().name().equals("POST") && request.path().equals("/v3/feeds");
    }

    /** The headers Walmart wants on every call, the Token API's included. */
    private static String missingHeader(HttpServerRequest request) {
        for (String header : List.of("WM_SVC.NAME", "WM_QOS.CORRELATION_ID", "Accept")) {
            String value = request.getHeader(header);
            if (value == null || value.isBlank()) {
                return header;
            }
        }
        return null;
    }

    private static boolean acceptsJson(String accept) {
        return accept.contains("application/json") || accept.contains("*/*") || accept.contains("application/*");
    }

    /** Null when the Basic credentials are the account's client id and secret, else why not. */
    private String checkClientCredentials(HttpServerRequest request) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (config.clientId() + ":" + config.clientSecret()).getBytes(StandardCharsets.UTF_8));
        return expected.equals(request.getHeader("Authorization")) ? null
                : "Unauthorized token or incorrect authorization header. Please verify correct format: "
                + "\"Authorization: Basic Base64Encode(clientId:clientSecret)\"";
    }

    /** Null when WM_SEC.ACCESS_TOKEN holds a live token of this account, else why not. */
    private String checkAccessToken(HttpServerRequest request) {
        return switch (tokens.check(request.getHeader("WM_SEC.ACCESS_TOKEN"))) {
            case VALID -> null;
            case EXPIRED -> "The access token has expired; get a new one from POST /v3/token";
            case UNKNOWN -> request.getHeader("WM_SEC.ACCESS_TOKEN") == null ? "The WM_SEC.ACCESS_TOKEN header is missing"
                    : "Unauthorized token: WM_SEC.ACCESS_TOKEN is not a token this account issued";
        };
    }

    private void issueToken(RoutingContext ctx) {
        String grant = ctx.request().getFormAttribute("grant_type");
        if (!"client_credentials".equals(grant)) {
            throw new InvalidParameter("grant_type", "grant_type must be client_credentials (form-encoded), was '"
                    + grant + "'; a seller's own app has no authorization code or refresh token");
        }
        tokensIssued.incrementAndGet();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.issue());
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.lifetimeSeconds());
        json(ctx.response(), 200, body);
    }

    private void list(RoutingContext ctx, boolean released) {
        String cursor = ctx.request().getParam("nextCursor");
        Function<String, String> params = cursor != null ? OrderQuery.cursorParameters(cursor) : ctx.request()::getParam;
        OrderQuery query = OrderQuery.parse(released, params, Clock.systemUTC().instant());
        PurchaseOrders.Page page = orders.find(query);
        if (page.orders().isEmpty()) {
            // Walmart answers an empty result with 404 and an INFO error, not with an empty list
            json(ctx.response(), 404, WalmartErrors.contentNotFound("Orders not found for given search parameters"));
            return;
        }
        ObjectNode body = json.createObjectNode();
        ObjectNode list = body.putObject("list");
        ObjectNode meta = list.putObject("meta").put("totalCount", page.total()).put("limit", page.orders().size());
        String next = query.nextCursor(page.total());
        if (next != null) {
            meta.put("nextCursor", next);
        }
        list.putObject("elements").putArray("order").addAll(page.orders());
        json(ctx.response(), 200, body);
    }

    private void acknowledge(HttpServerResponse response, String purchaseOrderId) {
        ObjectNode order = orders.acknowledge(purchaseOrderId).orElse(null);
        if (order != null) {
            acknowledgements.incrementAndGet();
        }
        orderOrNotFound(response, purchaseOrderId, order);
    }

    /** The request's JSON body; a body that is not JSON is content Walmart refuses. */
    private JsonNode jsonBody(RoutingContext ctx) {
        String text = ctx.body().asString();
        try {
            JsonNode body = text == null || text.isBlank() ? null : json.readTree(text);
            if (body == null || !body.isObject()) {
                throw new InvalidContent("body", "The request body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new InvalidContent("body", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void orderOrNotFound(HttpServerResponse response, String purchaseOrderId, JsonNode order) {
        if (order == null) {
            json(response, 404, WalmartErrors.contentNotFound("Order not found for purchaseOrderId " + purchaseOrderId));
        } else {
            json(response, 200, Map.of("order", order));
        }
    }

    /** The rate headers of an answer that took no token; none for a call that reaches no API. */
    private void limitHeaders(HttpServerResponse response, Endpoint endpoint) {
        if (endpoint != null) {
            limitHeaders(response, buckets.peek(endpoint.bucket()));
        }
    }

    private static void limitHeaders(HttpServerResponse response, TokenBuckets.State bucket) {
        response.putHeader("x-current-token-count", Long.toString(bucket.tokens()));
        response.putHeader("x-next-replenish-time", Long.toString(bucket.nextReplenish()));
    }

    // ---------------------------------------------------------------- /sandbox control API

    private void control(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.equals("/sandbox/stats")) {
            json(ctx.response(), 200, stats());
        } else if (path.equals("/sandbox/orders") && ctx.request().method().name().equals("POST")) {
            int count = Math.max(1, parseInt(ctx.request().getParam("count"), 1));
            String node = ctx.request().getParam("shipNodeType");
            vertx.executeBlocking(() -> node == null ? placeDemoOrders(count)
                            : place(count, () -> buyers.next(ShipNodeType.fromWire(node))), false)
                    .onSuccess(ids -> json(ctx.response(), 201, Map.of("purchaseOrderIds", ids)))
                    .onFailure(e -> json(ctx.response(), 400, Map.of("error", e.getMessage())));
        } else {
            ctx.response().setStatusCode(404).end();
        }
    }

    private List<String> place(int count, Supplier<Purchase> purchases) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(placeOrder(purchases.get()));
        }
        return ids;
    }

    // ---------------------------------------------------------------- helpers

    private static int parseInt(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void json(HttpServerResponse response, int status, Object body) {
        Replies.json(response, status, body);
    }

    private void restoreState() {
        SandboxState.read(config.stateFile(), "Walmart").ifPresent(state -> {
            orders.restore(state.path("orders"));
            if (state.has("catalog")) {
                catalog.restore(state.get("catalog"));
            }
            if (state.has("feeds")) {
                feeds.restore(state.get("feeds"));
            }
            LOG.info("Walmart sandbox restored {} purchase orders and {} feeds from {}", orders.size(), feeds.size(),
                    config.stateFile());
        });
    }

    private void saveState() {
        ObjectNode state = json.createObjectNode();
        state.set("orders", orders.snapshot());
        state.set("catalog", catalog.snapshot());
        state.set("feeds", feeds.snapshot());
        SandboxState.write(config.stateFile(), state, "Walmart");
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        return SandboxState.await(future, "Walmart");
    }
}
