package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import io.commercebus.sandbox.SandboxState;
import io.commercebus.support.Json;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An Amazon seller account for the sandbox and the tests: the Selling Partner API's Orders API v0
 * (getOrders, getOrder, getOrderItems, getOrderAddress, getOrderBuyerInfo), Feeds API 2021-06-30
 * (feed documents uploaded to and read from presigned URLs the sandbox serves itself, feeds processed
 * in order, JSON_LISTINGS_FEED applied to the seller's listings with a processing report) and Listings
 * Items API 2021-08-01 (getListingsItem, patchListingsItem), behind Login with Amazon's token
 * endpoint. Each operation has its usage plan, a token bucket: every answer carries
 * {@code x-amzn-RateLimit-Limit}, and past the burst it answers 429 QuotaExceeded. A generator
 * places demo orders at a configurable rate and moves earlier ones along (payment, FBA shipment).
 * The seller lists every product of {@link io.commercebus.sandbox.SandboxCatalog}.
 *
 * <p>Beside the API it answers {@code /sandbox/...} for operators and tests: stats, demo orders,
 * status changes, listings and feed reports.
 */
public class AmazonSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmazonSandbox.class);
    private static final Pattern ORDER_ID = Pattern.compile("\\d{3}-\\d{7}-\\d{7}");
    /** Amazon does not say how many items a getOrderItems page holds; a small page makes clients page. */
    static final int ORDER_ITEMS_PER_PAGE = 20;

    /**
     * How the simulated seller account is set up.
     *
     * @param clientId            the LWA client id of the application, with its secret and the seller's refresh token
     * @param marketplaceId       the marketplace the seller sells in, e.g. ATVPDKIKX0DER (amazon.com)
     * @param usagePlans          per operation, overriding {@link UsagePlan#DEFAULTS}; null or empty for the defaults
     * @param accessTokenLifetime how long an LWA access token lasts; null for Amazon's hour
     * @param listingDelay        how far behind the clock getOrders sees: its latest and default upper
     *                            bound; null for Amazon's two minutes
     * @param feedProcessingDelay how long a feed stays IN_QUEUE at least, and then IN_PROGRESS; null for
     *                            {@link #DEFAULT_FEED_PROCESSING_DELAY}
     * @param gzipFeedReports     whether processing reports are stored gzipped, so that getFeedDocument
     *                            answers compressionAlgorithm GZIP
     */
    public record Config(String host, int port, String clientId, String clientSecret, String refreshToken,
                         String sellerId, String marketplaceId, Map<String, UsagePlan> usagePlans,
                         Duration accessTokenLifetime, Duration listingDelay, double ordersPerMinute, long seed,
                         Path stateFile, Duration feedProcessingDelay, boolean gzipFeedReports) {

        /** A feed's time in the queue and in progress when the configuration does not say. */
        public static final Duration DEFAULT_FEED_PROCESSING_DELAY = Duration.ofSeconds(1);

        public Config {
            Map<String, UsagePlan> plans = new TreeMap<>(UsagePlan.DEFAULTS);
            for (Map.Entry<String, UsagePlan> plan : (usagePlans == null ? Map.<String, UsagePlan>of() : usagePlans).entrySet()) {
                if (!plans.containsKey(plan.getKey())) {
                    throw new IllegalArgumentException("no operation " + plan.getKey() + "; known: " + plans.keySet());
                }
                plans.put(plan.getKey(), plan.getValue());
            }
            usagePlans = Collections.unmodifiableMap(plans);
            accessTokenLifetime = accessTokenLifetime == null ? Duration.ofHours(1) : accessTokenLifetime;
            listingDelay = listingDelay == null ? Duration.ofMinutes(2) : listingDelay;
            feedProcessingDelay = feedProcessingDelay == null ? DEFAULT_FEED_PROCESSING_DELAY : feedProcessingDelay;
            if (feedProcessingDelay.isNegative()) {
                throw new IllegalArgumentException("the feed processing delay cannot be negative");
            }
        }

        /** The configuration before feeds: the default processing delay, reports not compressed. */
        public Config(String host, int port, String clientId, String clientSecret, String refreshToken,
                      String sellerId, String marketplaceId, Map<String, UsagePlan> usagePlans,
                      Duration accessTokenLifetime, Duration listingDelay, double ordersPerMinute, long seed,
                      Path stateFile) {
            this(host, port, clientId, clientSecret, refreshToken, sellerId, marketplaceId, usagePlans, accessTokenLifetime,
                    listingDelay, ordersPerMinute, seed, stateFile, null, false);
        }
    }

    private final Config config;
    private final ObjectMapper json = Json.mapper();
    private final Clock clock = Clock.systemUTC();
    private final OrderBook orders;
    private final DemoBuyers buyers;
    private final LoginWithAmazon lwa;
    private final UsagePlans plans;
    private final Listings listings;
    private final FeedDocuments documents;
    private final Feeds feeds;
    private final FeedsApi feedsApi;
    private final ListingsApi listingsApi;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> requestsByOperation = new ConcurrentHashMap<>();
    private final AtomicLong authFailures = new AtomicLong();
    private Vertx vertx;
    private HttpServer server;
    private long generatorTimer = -1;

    public AmazonSandbox(Config config) {
        this.config = config;
        this.orders = new OrderBook(clock, config.marketplaceId(), config.seed());
        this.buyers = new DemoBuyers(config.seed());
        this.lwa = new LoginWithAmazon(config.clientId(), config.clientSecret(), config.refreshToken(),
                config.accessTokenLifetime(), clock);
        this.plans = new UsagePlans(config.usagePlans(), clock);
        this.listings = new Listings(clock, config.marketplaceId());
        this.documents = new FeedDocuments(clock, config.clientSecret());
        this.feeds = new Feeds(clock, documents, new ListingsFeedProcessor(listings, config.sellerId()),
                config.feedProcessingDelay(), config.gzipFeedReports(), config.seed());
        this.feedsApi = new FeedsApi(feeds, documents, config.marketplaceId(), this::baseUrl, clock);
        this.listingsApi = new ListingsApi(listings, config.sellerId());
        config.usagePlans().keySet().forEach(operation -> requestsByOperation.put(operationOf(operation), new AtomicLong()));
    }

    public AmazonSandbox start() {
        restoreState();
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.response().putHeader("x-amzn-RequestId", UUID.randomUUID().toString());
            ctx.next();
        });
        // the S3 side of feed documents: presigned uploads (large bodies) and downloads
        router.put(FeedDocuments.PATH + ":id").handler(BodyHandler.create(false).setBodyLimit(FeedsApi.MAX_UPLOAD_BYTES))
                .handler(feedsApi::upload);
        router.get(FeedDocuments.PATH + ":id").handler(feedsApi::download);
        router.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.post("/auth/o2/token").handler(this::token);
        router.route("/sandbox/*").handler(this::control);
        router.get("/orders/v0/orders").handler(ordersOperation("getOrders", this::getOrders));
        router.get("/orders/v0/orders/:orderId").handler(ordersOperation("getOrder", ctx -> orders.view(stored(ctx))));
        router.get("/orders/v0/orders/:orderId/orderItems").handler(ordersOperation("getOrderItems", this::getOrderItems));
        router.get("/orders/v0/orders/:orderId/address").handler(ordersOperation("getOrderAddress", this::getOrderAddress));
        router.get("/orders/v0/orders/:orderId/buyerInfo").handler(ordersOperation("getOrderBuyerInfo", this::getOrderBuyerInfo));
        router.post("/feeds/2021-06-30/documents").handler(operation("createFeedDocument",
                ctx -> feedsApi.createFeedDocument(jsonBody(ctx))));
        router.post("/feeds/2021-06-30/feeds").handler(operation("createFeed", ctx -> FeedsApi.createFeedPlan(jsonBody(ctx)),
                ctx -> feedsApi.createFeed(jsonBody(ctx))));
        router.get("/feeds/2021-06-30/feeds").handler(operation("getFeeds", ctx -> feedsApi.getFeeds(ctx.queryParams())));
        router.get("/feeds/2021-06-30/feeds/:feedId").handler(operation("getFeed", ctx -> feedsApi.getFeed(ctx.pathParam("feedId"))));
        router.delete("/feeds/2021-06-30/feeds/:feedId").handler(operation("cancelFeed",
                ctx -> feedsApi.cancelFeed(ctx.pathParam("feedId"))));
        router.get("/feeds/2021-06-30/documents/:feedDocumentId").handler(operation("getFeedDocument",
                ctx -> feedsApi.getFeedDocument(ctx.pathParam("feedDocumentId"), ctx.request().getParam("enableContentEncodingUrlHeader"))));
        router.get("/listings/2021-08-01/items/:sellerId/:sku").handler(operation("getListingsItem",
                ctx -> listingsApi.getListingsItem(ctx.pathParam("sellerId"), ctx.pathParam("sku"), ctx.queryParams())));
        router.patch("/listings/2021-08-01/items/:sellerId/:sku").handler(operation("patchListingsItem",
                ctx -> listingsApi.patchListingsItem(ctx.pathParam("sellerId"), ctx.pathParam("sku"), ctx.queryParams(), jsonBody(ctx))));
        server = await(vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()));
        feeds.start();
        if (config.ordersPerMinute() > 0) {
            startGenerator(config.ordersPerMinute());
        }
        LOG.info("Amazon SP-API sandbox (seller {}, marketplace {}) at {} — usage plans {}, {} demo orders per minute, "
                        + "{} listings, feeds processed after {}", config.sellerId(), config.marketplaceId(), baseUrl(),
                config.usagePlans(), config.ordersPerMinute(), listings.size(), config.feedProcessingDelay());
        return this;
    }

    /** The SP-API endpoint, e.g. http://127.0.0.1:8103 (Orders API paths follow). */
    public URI baseUrl() {
        return URI.create("http://" + config.host() + ":" + port());
    }

    /** Login with Amazon's token endpoint, on the same server. */
    public URI tokenUrl() {
        return baseUrl().resolve("/auth/o2/token");
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        feeds.close();
        if (vertx != null) {
            await(vertx.close());
            vertx = null;
        }
        saveState();
    }

    // ---------------------------------------------------------------- test and operator controls

    /** Places an order, as a buyer would on amazon.com; returns its AmazonOrderId. */
    public String placeOrder(NewOrder order) {
        return orders.create(order).id();
    }

    /** A demo order (not placed), to adjust before {@link #placeOrder}. */
    public NewOrder demoOrder() {
        return buyers.nextOrder();
    }

    /** Places the given number of demo orders, all Pending. */
    public List<String> placeDemoOrders(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(placeOrder(buyers.nextOrder()));
        }
        return ids;
    }

    /**
     * Moves an order to its next status (Pending to Unshipped or Canceled; Unshipped to
     * PartiallyShipped, Shipped, Canceled or, Fulfilled by Amazon, Unfulfillable; PartiallyShipped to
     * Shipped), updating its LastUpdateDate and shipped quantities.
     *
     * @throws NoSuchElementException   for an unknown order
     * @throws IllegalArgumentException for a move Amazon would not make
     */
    public void advance(String orderId, String status) {
        orders.advance(orderId, status);
    }

    /** One generator tick's worth of progress: payment clears or fails, Amazon ships its orders. */
    public void progressOrders() {
        for (OrderBook.StoredOrder order : orders.open()) {
            buyers.nextStatus(order.status(), order.channel())
                    .ifPresent(status -> orders.advance(order.id(), status));
        }
    }

    /** Each tick moves earlier demo orders along, then places a new one. */
    public synchronized void startGenerator(double perMinute) {
        stopGenerator();
        long period = Math.max(1, Math.round(60_000 / perMinute));
        generatorTimer = vertx.setPeriodic(period, t -> vertx.executeBlocking(() -> {
            progressOrders();
            return placeOrder(buyers.nextOrder());
        }, false));
    }

    public synchronized void stopGenerator() {
        if (generatorTimer >= 0 && vertx != null) {
            vertx.cancelTimer(generatorTimer);
            generatorTimer = -1;
        }
    }

    /** Gives an operation another usage plan, with a full bucket. */
    public void setUsagePlan(String operation, double rate, int burst) {
        plans.plan(operation); // throws for an operation the sandbox does not serve
        plans.set(operation, new UsagePlan(rate, burst));
    }

    /** The order as getOrder returns it. */
    public ObjectNode order(String orderId) {
        return orders.view(orders.get(orderId).orElseThrow(() -> new NoSuchElementException("no order " + orderId)));
    }

    /** The order's items as getOrderItems returns them, all pages together. */
    public ArrayNode orderItems(String orderId) {
        return orders.itemsView(orders.get(orderId).orElseThrow(() -> new NoSuchElementException("no order " + orderId)));
    }

    public int orderCount() {
        return orders.size();
    }

    // ---------------------------------------------------------------- listings and feeds

    /** The quantity the listing of this SKU offers from the seller's own stock (fulfillment channel DEFAULT), if any. */
    public OptionalInt listingQuantity(String sku) {
        return listings.quantity(sku);
    }

    /** The price of the listing of this SKU to every buyer (audience ALL), in {@link #listingCurrency()}, if any. */
    public Optional<BigDecimal> listingPrice(String sku) {
        return listings.price(sku);
    }

    /** The currency of the seller's marketplace, in which listings are priced. */
    public String listingCurrency() {
        return listings.currency();
    }

    /** The ASIN the listing of this SKU is matched to (orders show the same). */
    public String listingAsin(String sku) {
        return listings.asin(sku);
    }

    /** The listing as getListingsItem shows it with every data set. */
    public ObjectNode listingsItem(String sku) {
        return listings.item(sku, ListingsFeedSchema.INCLUDED_DATA);
    }

    public Set<String> listingSkus() {
        return listings.skus();
    }

    /** Sets a listing's own stock and price, as the seller would in Seller Central. */
    public void setListing(String sku, int quantity, BigDecimal price) {
        listings.set(sku, quantity, price);
    }

    /** The feeds received, oldest first. */
    public List<String> feedIds() {
        return feeds.ids();
    }

    /** A feed as getFeed shows it. */
    public ObjectNode feed(String feedId) {
        return feeds.view(feedId);
    }

    /** The processing report of a feed that has one (DONE, or FATAL with a report), decompressed. */
    public Optional<JsonNode> feedReport(String feedId) {
        return feeds.report(feedId);
    }

    /** How long feeds stay IN_QUEUE at least, and then IN_PROGRESS, from now on. */
    public void setFeedProcessingDelay(Duration delay) {
        feeds.setDelay(delay);
    }

    /** Whether reports written from now on are gzipped (getFeedDocument: compressionAlgorithm GZIP). */
    public void setGzipFeedReports(boolean gzip) {
        feeds.setGzipReports(gzip);
    }

    /** Holds new feeds IN_QUEUE (so that they can be cancelled) until {@link #resumeFeedProcessing()}. */
    public void pauseFeedProcessing() {
        feeds.pause();
    }

    public void resumeFeedProcessing() {
        feeds.resume();
    }

    /** Requests per SP-API operation, throttled and refused ones included. */
    public Map<String, Long> requestsByOperation() {
        Map<String, Long> counts = new TreeMap<>();
        requestsByOperation.forEach((operation, count) -> counts.put(operation, count.get()));
        return counts;
    }

    public Map<String, Object> stats() {
        Map<String, Long> throttled = plans.throttled();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("sellerId", config.sellerId());
        stats.put("marketplaceId", config.marketplaceId());
        stats.put("orders", orders.size());
        stats.put("requests", requests.get());
        stats.put("requestsByOperation", requestsByOperation());
        stats.put("throttled", throttled.values().stream().mapToLong(Long::longValue).sum());
        stats.put("throttledByOperation", throttled);
        stats.put("tokensIssued", lwa.issued());
        stats.put("tokenRefusals", lwa.refused());
        stats.put("authFailures", authFailures.get());
        stats.put("listings", listings.size());
        stats.put("feeds", feeds.size());
        stats.put("feedsByStatus", feeds.countByStatus());
        stats.put("feedMessages", feeds.messages());
        return stats;
    }

    // ---------------------------------------------------------------- Login with Amazon

    /** The refresh-token grant, from a form body as LWA documents it or from JSON as Amazon's SDKs send it. */
    private void token(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        Function<String, String> form = ctx.request()::getFormAttribute;
        if (contentType != null && contentType.startsWith("application/json")) {
            JsonNode body = jsonBody(ctx);
            form = name -> body.path(name).isTextual() ? body.get(name).asText() : null;
        }
        LoginWithAmazon.Answer answer = lwa.token(form);
        json(ctx.response(), answer.status(), answer.body());
    }

    // ---------------------------------------------------------------- the Orders API

    /** An Orders API operation: its answer is 200 with the operation's payload under {@code payload}. */
    private Handler<RoutingContext> ordersOperation(String name, Function<RoutingContext, JsonNode> payload) {
        return operation(name, ctx -> new Answer(200, json.createObjectNode().set("payload", payload.apply(ctx))));
    }

    private Handler<RoutingContext> operation(String name, Function<RoutingContext, Answer> answer) {
        return operation(name, ctx -> name, answer);
    }

    /**
     * An SP-API operation: the access token is checked, then the usage plan (the operation's, or the
     * one {@code plan} picks for the request); the answer is the operation's, or SP-API's error list
     * (400 InvalidInput, 403 Unauthorized, 404 NotFound, 429 QuotaExceeded, or an operation's own).
     */
    private Handler<RoutingContext> operation(String name, Function<RoutingContext, String> plan,
                                              Function<RoutingContext, Answer> answer) {
        return ctx -> {
            requests.incrementAndGet();
            requestsByOperation.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
            HttpServerResponse response = ctx.response();
            String planName = plan.apply(ctx);
            response.putHeader("x-amzn-RateLimit-Limit", plans.plan(planName).header());
            LoginWithAmazon.Access access = lwa.check(ctx.request().getHeader("x-amz-access-token"));
            if (access != LoginWithAmazon.Access.GRANTED) {
                authFailures.incrementAndGet();
                error(response, 403, "Unauthorized", access.message);
            } else if (!plans.tryAcquire(planName)) {
                error(response, 429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
            } else {
                try {
                    Answer result = answer.apply(ctx);
                    if (result.body() == null) {
                        response.setStatusCode(result.status()).end();
                    } else {
                        json(response, result.status(), result.body());
                    }
                } catch (SpApiError e) {
                    error(response, e.status, e.code, e.getMessage());
                } catch (NoSuchElementException e) {
                    error(response, 404, "NotFound", e.getMessage());
                } catch (IllegalArgumentException e) {
                    error(response, 400, "InvalidInput", e.getMessage());
                }
            }
        };
    }

    private JsonNode getOrders(RoutingContext ctx) {
        OrdersQuery query = OrdersQuery.parse(ctx.queryParams(), config.marketplaceId(),
                clock.instant().minus(config.listingDelay()).truncatedTo(ChronoUnit.SECONDS));
        List<ObjectNode> found = orders.find(query);
        ObjectNode payload = json.createObjectNode();
        ArrayNode list = payload.putArray("Orders");
        found.stream().limit(query.pageSize()).forEach(list::add);
        if (found.size() > query.pageSize()) {
            payload.put("NextToken", query.nextToken(found.get(query.pageSize() - 1)));
        }
        payload.put(query.boundName(), query.before().toString());
        return payload;
    }

    private JsonNode getOrderItems(RoutingContext ctx) {
        OrderBook.StoredOrder stored = stored(ctx);
        String id = stored.id();
        ArrayNode items = orders.itemsView(stored);
        int from = itemsOffset(ctx.request().getParam("NextToken"), id);
        ObjectNode payload = json.createObjectNode();
        payload.put("AmazonOrderId", id);
        ArrayNode page = payload.putArray("OrderItems");
        for (int i = from; i < Math.min(items.size(), from + ORDER_ITEMS_PER_PAGE); i++) {
            page.add(items.get(i));
        }
        if (from + ORDER_ITEMS_PER_PAGE < items.size()) {
            String token = id + "/" + (from + ORDER_ITEMS_PER_PAGE);
            payload.put("NextToken", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        return payload;
    }

    private JsonNode getOrderAddress(RoutingContext ctx) {
        ObjectNode order = orders.view(stored(ctx));
        ObjectNode payload = json.createObjectNode().put("AmazonOrderId", order.get("AmazonOrderId").asText());
        if (order.has("ShippingAddress")) {
            payload.set("ShippingAddress", order.get("ShippingAddress"));
        }
        return payload;
    }

    private JsonNode getOrderBuyerInfo(RoutingContext ctx) {
        ObjectNode order = orders.view(stored(ctx));
        ObjectNode payload = json.createObjectNode().put("AmazonOrderId", order.get("AmazonOrderId").asText());
        payload.setAll((ObjectNode) order.get("BuyerInfo"));
        return payload;
    }

    private OrderBook.StoredOrder stored(RoutingContext ctx) {
        String id = ctx.pathParam("orderId");
        if (!ORDER_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Invalid AmazonOrderId: " + id + " is not in 3-7-7 format.");
        }
        return orders.get(id).orElseThrow(() -> new NoSuchElementException("No order " + id + " was found for this seller."));
    }

    private static int itemsOffset(String nextToken, String orderId) {
        if (nextToken == null) {
            return 0;
        }
        try {
            String[] token = new String(Base64.getDecoder().decode(nextToken), StandardCharsets.UTF_8).split("/");
            int offset = token.length == 2 && token[0].equals(orderId) ? Integer.parseInt(token[1]) : -1;
            if (offset >= 0) {
                return offset;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("Invalid NextToken.");
    }

    // ---------------------------------------------------------------- /sandbox control API

    private void control(RoutingContext ctx) {
        String path = ctx.request().path();
        boolean post = ctx.request().method().name().equals("POST");
        if (path.equals("/sandbox/stats")) {
            json(ctx.response(), 200, stats());
        } else if (path.equals("/sandbox/orders") && post) {
            int count = count(ctx.request().getParam("count"));
            vertx.executeBlocking(() -> placeDemoOrders(count), false)
                    .onSuccess(ids -> json(ctx.response(), 201, Map.of("orders", ids)));
        } else if (path.startsWith("/sandbox/orders/") && post) {
            // POST /sandbox/orders/{orderId}?status=Shipped moves an order on, e.g. a seller's shipment
            String id = path.substring("/sandbox/orders/".length());
            try {
                advance(id, ctx.request().getParam("status"));
                json(ctx.response(), 200, order(id));
            } catch (NoSuchElementException e) {
                json(ctx.response(), 404, Map.of("error", e.getMessage()));
            } catch (IllegalArgumentException e) {
                json(ctx.response(), 400, Map.of("error", e.getMessage()));
            }
        } else if (path.startsWith("/sandbox/listings/")) {
            // GET shows a listing whole; POST ?quantity=&price= sets its stock and price
            String sku = java.net.URLDecoder.decode(path.substring("/sandbox/listings/".length()), StandardCharsets.UTF_8);
            try {
                if (post) {
                    setListing(sku, Integer.parseInt(ctx.request().getParam("quantity")), new BigDecimal(ctx.request().getParam("price")));
                }
                json(ctx.response(), 200, listingsItem(sku));
            } catch (NoSuchElementException e) {
                json(ctx.response(), 404, Map.of("error", e.getMessage()));
            } catch (NullPointerException | NumberFormatException e) {
                json(ctx.response(), 400, Map.of("error", "POST needs quantity (a whole number) and price (a decimal)"));
            }
        } else if (path.startsWith("/sandbox/feeds/") && path.endsWith("/report")) {
            String id = path.substring("/sandbox/feeds/".length(), path.length() - "/report".length());
            try {
                Optional<JsonNode> report = feedReport(id);
                if (report.isPresent()) {
                    json(ctx.response(), 200, report.get());
                } else {
                    json(ctx.response(), 404, Map.of("error", "feed " + id + " has no report (yet)"));
                }
            } catch (NoSuchElementException e) {
                json(ctx.response(), 404, Map.of("error", e.getMessage()));
            }
        } else {
            ctx.response().setStatusCode(404).end();
        }
    }

    /** The operation a usage plan belongs to: createFeed for createFeed's feed-type plans. */
    private static String operationOf(String plan) {
        int slash = plan.indexOf('/');
        return slash < 0 ? plan : plan.substring(0, slash);
    }

    // ---------------------------------------------------------------- helpers

    /** A JSON request body; an empty object when there is none or it is not JSON. */
    private JsonNode jsonBody(RoutingContext ctx) {
        String text = ctx.body().asString();
        try {
            return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static int count(String value) {
        try {
            return value == null ? 1 : Math.max(1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void json(HttpServerResponse response, int status, Object body) {
        try {
            response.setStatusCode(status).putHeader("Content-Type", "application/json").end(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SP-API's error body: a list of errors, each with a code, a message and (empty) details. */
    private void error(HttpServerResponse response, int status, String code, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", "");
        json(response, status, Map.of("errors", List.of(error)));
    }

    private void restoreState() {
        SandboxState.read(config.stateFile(), "Amazon").ifPresent(state -> {
            orders.restore(state.path("orders"));
            if (state.has("listings")) {
                listings.restore(state.get("listings"));
            }
            documents.restore(state.path("feedDocuments"));
            feeds.restore(state.path("feeds"));
            LOG.info("Amazon sandbox restored {} orders, {} listings and {} feeds from {}", orders.size(), listings.size(),
                    feeds.size(), config.stateFile());
        });
        // a state file from before listings (or a first start) gets the demo seller's listings
        if (listings.size() == 0) {
            listings.seed(SandboxCatalog.PRODUCTS);
        }
    }

    private void saveState() {
        ObjectNode state = json.createObjectNode();
        state.set("orders", orders.snapshot());
        state.set("listings", listings.snapshot());
        state.set("feedDocuments", documents.snapshot());
        state.set("feeds", feeds.snapshot());
        SandboxState.write(config.stateFile(), state, "Amazon");
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        return SandboxState.await(future, "Amazon");
    }
}
