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
import java.time.Instant;
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
 * (getOrders, getOrder, getOrderItems, getOrderAddress, getOrderBuyerInfo, confirmShipment), Finances
 * API v0 (financial event groups and events: shipments, refunds, fees), Reports API 2021-06-30
 * (settlement reports Amazon publishes, as Flat File V2 documents), Feeds API 2021-06-30
 * (feed documents uploaded to and read from presigned URLs the sandbox serves itself, feeds processed
 * in order, JSON_LISTINGS_FEED applied to the seller's listings with a processing report) and Listings
 * Items API 2021-08-01 (getListingsItem, patchListingsItem), behind Login with Amazon's token
 * endpoint. Each operation has its usage plan, a token bucket: every answer carries
 * {@code x-amzn-RateLimit-Limit}, and past the burst it answers 429 QuotaExceeded. A generator
 * places demo orders at a configurable rate and moves earlier ones along (payment, FBA shipment);
 * every shipment posts its financial event, and settlements can be published on a period.
 * The seller lists every product of {@link io.commercebus.sandbox.SandboxCatalog}.
 *
 * <p>Beside the API it answers {@code /sandbox/...} for operators and tests: stats, demo orders,
 * status changes, refunds, settlements, listings and feed reports.
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
     * @param feedProcessingDelay how long a feed (and a report requested with createReport) stays IN_QUEUE at
     *                            least, and then IN_PROGRESS; null for
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
    private final Finances finances;
    private final FinancesApi financesApi;
    private final FeedDocuments reportDocuments;
    private final Reports reports;
    private final ReportsApi reportsApi;
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
    private long settlementTimer = -1;

    public AmazonSandbox(Config config) {
        this.config = config;
        this.finances = new Finances(clock, config.seed());
        this.orders = new OrderBook(clock, config.marketplaceId(), config.seed(), finances);
        this.financesApi = new FinancesApi(finances, clock, config::listingDelay);
        this.reportDocuments = new FeedDocuments(clock, config.clientSecret(), FeedDocuments.REPORTS_PATH, "amzn1.spdoc.1.4.na.");
        this.reports = new Reports(clock, reportDocuments, config.feedProcessingDelay(), config.seed());
        this.reportsApi = new ReportsApi(reports, reportDocuments, config.marketplaceId(), this::baseUrl, clock);
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
        router.get(FeedDocuments.REPORTS_PATH + ":id").handler(ctx -> FeedsApi.download(ctx, reportDocuments));
        router.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.post("/auth/o2/token").handler(this::token);
        router.route("/sandbox/*").handler(this::control);
        router.get("/orders/v0/orders").handler(ordersOperation("getOrders", this::getOrders));
        router.get("/orders/v0/orders/:orderId").handler(ordersOperation("getOrder", ctx -> orders.view(stored(ctx))));
        router.get("/orders/v0/orders/:orderId/orderItems").handler(ordersOperation("getOrderItems", this::getOrderItems));
        router.get("/orders/v0/orders/:orderId/address").handler(ordersOperation("getOrderAddress", this::getOrderAddress));
        router.get("/orders/v0/orders/:orderId/buyerInfo").handler(ordersOperation("getOrderBuyerInfo", this::getOrderBuyerInfo));
        router.post("/orders/v0/orders/:orderId/shipmentConfirmation").handler(operation("confirmShipment", this::confirmShipment));
        router.get("/finances/v0/financialEventGroups").handler(ordersOperation("listFinancialEventGroups",
                ctx -> financesApi.listFinancialEventGroups(ctx.queryParams())));
        router.get("/finances/v0/financialEventGroups/:eventGroupId/financialEvents").handler(ordersOperation(
                "listFinancialEventsByGroupId", ctx -> financesApi.listFinancialEventsByGroupId(ctx.pathParam("eventGroupId"), ctx.queryParams())));
        router.get("/finances/v0/orders/:orderId/financialEvents").handler(ordersOperation("listFinancialEventsByOrderId",
                ctx -> financesApi.listFinancialEventsByOrderId(ctx.pathParam("orderId"), ctx.queryParams())));
        router.get("/finances/v0/financialEvents").handler(ordersOperation("listFinancialEvents",
                ctx -> financesApi.listFinancialEvents(ctx.queryParams())));
        router.get("/reports/2021-06-30/reports").handler(operation("getReports", ctx -> reportsApi.getReports(ctx.queryParams())));
        router.post("/reports/2021-06-30/reports").handler(operation("createReport", ctx -> reportsApi.createReport(jsonBody(ctx))));
        router.get("/reports/2021-06-30/reports/:reportId").handler(operation("getReport",
                ctx -> reportsApi.getReport(ctx.pathParam("reportId"))));
        router.delete("/reports/2021-06-30/reports/:reportId").handler(operation("cancelReport",
                ctx -> reportsApi.cancelReport(ctx.pathParam("reportId"))));
        router.get("/reports/2021-06-30/documents/:reportDocumentId").handler(operation("getReportDocument",
                ctx -> reportsApi.getReportDocument(ctx.pathParam("reportDocumentId"), ctx.request().getParam("enableContentEncodingUrlHeader"))));
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
        stopSettlements();
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

    /**
     * Confirms the shipment of a package of a seller-fulfilled order, as confirmShipment does: the
     * items' units ship (their financial event is posted), the order becomes PartiallyShipped or
     * Shipped; a packageReferenceId confirmed before edits that package.
     */
    public void confirmShipment(String orderId, JsonNode request) {
        orders.confirmShipment(orderId, ShipmentConfirmation.parse(request, config.marketplaceId()));
    }

    /** The packages confirmed for an order: each the packageDetail sent, with confirmedAt and the shipmentId Amazon gave it. */
    public ArrayNode packages(String orderId) {
        return orders.with(orderId, stored -> stored.packages().deepCopy());
    }

    /**
     * Refunds shipped units of an order now, as the seller does in Seller Central: a RefundEvent is
     * posted with the refunded charges (negative), promotions and withheld tax (positive), the referral
     * fee credited back and the refund administration fee.
     *
     * @param quantityBySellerSku units to refund per SKU of the order (shipped and not yet refunded)
     * @param refundShipping      whether the shipping charged for those units is refunded too
     * @return the refund's adjustment id (the settlement report's adjustment-id)
     * @throws NoSuchElementException   for an unknown order
     * @throws IllegalArgumentException for a SKU the order lacks or more units than can be refunded
     */
    public String refund(String amazonOrderId, Map<String, Integer> quantityBySellerSku, boolean refundShipping) {
        return orders.with(amazonOrderId, stored -> finances.refund(stored, quantityBySellerSku, refundShipping));
    }

    /** A Sponsored Products charge now, deducted from the seller's balance (ProductAdsPaymentEvent, Cost of Advertising). */
    public void chargeAdvertising(BigDecimal amount) {
        finances.advertising(amount, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * An FBA inventory reimbursement now (AdjustmentEvent FBAInventoryReimbursement): {@code reason} is
     * e.g. WAREHOUSE_DAMAGE or WAREHOUSE_LOST, or REVERSAL_REIMBURSEMENT with a negative per-unit amount.
     */
    public void reimburse(String sku, int quantity, BigDecimal perUnitAmount, String reason) {
        finances.reimbursement(sku, OrderBook.asin(sku), quantity, perUnitAmount, reason, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The financial events of an order, by posting time, each as the Finances API shows it (in ShipmentEventList or RefundEventList). */
    public List<JsonNode> financialEvents(String amazonOrderId) {
        return finances.find(e -> amazonOrderId.equals(e.orderId)).stream().map(e -> (JsonNode) e.body.deepCopy()).toList();
    }

    /**
     * Places {@code count} demo orders, mixed seller- and Amazon-fulfilled, placed an hour before
     * {@code shippedAt} and shipped at it, with their shipment events posted then. The same seed gives
     * the same orders' contents.
     */
    public List<String> seedShippedOrders(int count, Instant shippedAt, long seed) {
        DemoBuyers seeded = new DemoBuyers(seed);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = orders.create(seeded.nextOrder().withStatus("Unshipped"), shippedAt.minus(Duration.ofHours(1))).id();
            orders.advance(id, "Shipped", shippedAt);
            ids.add(id);
        }
        return ids;
    }

    /** Publishes the settlement of [start, end): see {@link #publishSettlement(Instant, Instant, BigDecimal)} without a skew. */
    public String publishSettlement(Instant start, Instant end) {
        return publishSettlement(start, end, BigDecimal.ZERO);
    }

    /**
     * Publishes a settlement as Amazon does at the end of a period: the monthly subscription fee is
     * posted at {@code start}, the events posted in [start, end) and not yet settled close the open
     * financial event group, and a GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 report, DONE, lists them.
     * Its total-amount is the sum of its rows plus {@code totalAmountSkew} (non-zero to test that a
     * client catches a report that does not add up).
     *
     * @return the report's id
     */
    public String publishSettlement(Instant start, Instant end, BigDecimal totalAmountSkew) {
        Finances.Settlement settlement = finances.settle(start, end, totalAmountSkew);
        byte[] file = SettlementFlatFile.write(settlement, listings.currency()).getBytes(StandardCharsets.UTF_8);
        return reports.publish(Reports.SETTLEMENT_FLAT_FILE_V2, config.marketplaceId(), start, end, file,
                SettlementFlatFile.CONTENT_TYPE, settlement.settlementId());
    }

    /** The settlement a settlement report shows. */
    public SettlementSummary settlement(String reportId) {
        String settlementId = reports.settlementId(reportId)
                .orElseThrow(() -> new IllegalArgumentException("report " + reportId + " is no settlement report"));
        Finances.Settlement s = finances.settlementById(settlementId).orElseThrow();
        return new SettlementSummary(reportId, s.settlementId(), s.groupId(), s.start(), s.end(), s.depositDate(), s.totalAmount(),
                s.rowsTotal(), listings.currency(), List.copyOf(s.orderIds()), s.rows().size());
    }

    /**
     * Publishes a settlement every {@code period}, of the time since the last one (the first: of the
     * period before), so that the demo shows payouts. Off until called.
     */
    public synchronized void startSettlements(Duration period) {
        stopSettlements();
        settlementTimer = vertx.setPeriodic(Math.max(1, period.toMillis()), t -> vertx.executeBlocking(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Instant start = finances.lastSettled().orElse(now.minus(period));
            // a tick within the second of the last settlement waits for the next
            return start.isBefore(now) ? publishSettlement(start, now) : null;
        }, false));
    }

    public synchronized void stopSettlements() {
        if (settlementTimer >= 0 && vertx != null) {
            vertx.cancelTimer(settlementTimer);
            settlementTimer = -1;
        }
    }

    /** Whether settlement documents published from now on are gzipped (getReportDocument: compressionAlgorithm GZIP); they are by default. */
    public void setGzipReportDocuments(boolean gzip) {
        reports.setGzip(gzip);
    }

    /** How long a report requested with createReport stays IN_QUEUE, and then IN_PROGRESS, before it ends FATAL. */
    public void setReportProcessingDelay(Duration delay) {
        reports.setDelay(delay);
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
        stats.put("financialEvents", finances.size());
        stats.put("reports", reports.size());
        stats.put("reportsByStatus", reports.countByStatus());
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

    private Answer confirmShipment(RoutingContext ctx) {
        String id = ctx.pathParam("orderId");
        if (!ORDER_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Invalid AmazonOrderId: " + id + " is not in 3-7-7 format.");
        }
        confirmShipment(id, jsonBody(ctx));
        return new Answer(204, null);
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
        } else if (path.startsWith("/sandbox/orders/") && path.endsWith("/refund") && post) {
            // POST /sandbox/orders/{orderId}/refund?items=SKU:units,SKU:units[&shipping=true]
            String id = path.substring("/sandbox/orders/".length(), path.length() - "/refund".length());
            try {
                String adjustmentId = refund(id, units(ctx.request().getParam("items")), "true".equals(ctx.request().getParam("shipping")));
                json(ctx.response(), 201, Map.of("adjustmentId", adjustmentId));
            } catch (NoSuchElementException e) {
                json(ctx.response(), 404, Map.of("error", e.getMessage()));
            } catch (IllegalArgumentException e) {
                json(ctx.response(), 400, Map.of("error", e.getMessage()));
            }
        } else if (path.equals("/sandbox/settlements") && post) {
            // POST /sandbox/settlements?start=&end=[&skew=] publishes a settlement report
            try {
                Instant start = Instant.parse(ctx.request().getParam("start"));
                Instant end = Instant.parse(ctx.request().getParam("end"));
                String skew = ctx.request().getParam("skew");
                String reportId = publishSettlement(start, end, skew == null ? BigDecimal.ZERO : new BigDecimal(skew));
                json(ctx.response(), 201, settlement(reportId).toJson());
            } catch (RuntimeException e) {
                json(ctx.response(), 400, Map.of("error", "POST needs start and end (ISO 8601 instants, end after start) and "
                        + "optionally skew (a decimal): " + e.getMessage()));
            }
        } else if (path.startsWith("/sandbox/settlements/")) {
            try {
                json(ctx.response(), 200, settlement(path.substring("/sandbox/settlements/".length())).toJson());
            } catch (NoSuchElementException | IllegalArgumentException e) {
                json(ctx.response(), 404, Map.of("error", e.getMessage()));
            }
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

    /** {@code SKU:units,SKU:units} as a map; IllegalArgumentException when it is not. */
    private static Map<String, Integer> units(String items) {
        if (items == null || items.isBlank()) {
            throw new IllegalArgumentException("POST needs items=SKU:units[,SKU:units...]");
        }
        Map<String, Integer> units = new LinkedHashMap<>();
        for (String item : items.split(",")) {
            int colon = item.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("items are SKU:units, not " + item);
            }
            units.merge(item.substring(0, colon).trim(), Integer.parseInt(item.substring(colon + 1).trim()), Integer::sum);
        }
        return units;
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
            finances.restore(state.path("finances"));
            reports.restore(state.path("reports"));
            LOG.info("Amazon sandbox restored {} orders, {} listings, {} feeds, {} financial events and {} reports from {}",
                    orders.size(), listings.size(), feeds.size(), finances.size(), reports.size(), config.stateFile());
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
        state.set("finances", finances.snapshot());
        state.set("reports", reports.snapshot());
        SandboxState.write(config.stateFile(), state, "Amazon");
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        return SandboxState.await(future, "Amazon");
    }
}
