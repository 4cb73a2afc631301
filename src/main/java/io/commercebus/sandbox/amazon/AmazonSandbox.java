package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An Amazon seller account for the sandbox and the tests: the Selling Partner API's Orders API v0
 * (getOrders, getOrder, getOrderItems, getOrderAddress, getOrderBuyerInfo) behind Login with
 * Amazon's token endpoint. Each operation has its usage plan, a token bucket: every answer carries
 * {@code x-amzn-RateLimit-Limit}, and past the burst it answers 429 QuotaExceeded. A generator
 * places demo orders at a configurable rate and moves earlier ones along (payment, FBA shipment).
 *
 * <p>Beside the API it answers {@code /sandbox/...} for operators and tests: stats, demo orders,
 * and status changes.
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
     */
    public record Config(String host, int port, String clientId, String clientSecret, String refreshToken,
                         String sellerId, String marketplaceId, Map<String, UsagePlan> usagePlans,
                         Duration accessTokenLifetime, Duration listingDelay, double ordersPerMinute, long seed,
                         Path stateFile) {

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
        }
    }

    private final Config config;
    private final ObjectMapper json = Json.mapper();
    private final Clock clock = Clock.systemUTC();
    private final OrderBook orders;
    private final DemoBuyers buyers;
    private final LoginWithAmazon lwa;
    private final UsagePlans plans;
    private final AtomicLong requests = new AtomicLong();
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
    }

    public AmazonSandbox start() {
        restoreState();
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.response().putHeader("x-amzn-RequestId", UUID.randomUUID().toString());
            ctx.next();
        });
        router.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.post("/auth/o2/token").handler(this::token);
        router.route("/sandbox/*").handler(this::control);
        router.get("/orders/v0/orders").handler(operation("getOrders", this::getOrders));
        router.get("/orders/v0/orders/:orderId").handler(operation("getOrder", ctx -> orders.view(stored(ctx))));
        router.get("/orders/v0/orders/:orderId/orderItems").handler(operation("getOrderItems", this::getOrderItems));
        router.get("/orders/v0/orders/:orderId/address").handler(operation("getOrderAddress", this::getOrderAddress));
        router.get("/orders/v0/orders/:orderId/buyerInfo").handler(operation("getOrderBuyerInfo", this::getOrderBuyerInfo));
        server = await(vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()));
        if (config.ordersPerMinute() > 0) {
            startGenerator(config.ordersPerMinute());
        }
        LOG.info("Amazon SP-API sandbox (seller {}, marketplace {}) at {} — usage plans {}, {} demo orders per minute",
                config.sellerId(), config.marketplaceId(), baseUrl(), config.usagePlans(), config.ordersPerMinute());
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

    public Map<String, Object> stats() {
        Map<String, Long> throttled = plans.throttled();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("sellerId", config.sellerId());
        stats.put("marketplaceId", config.marketplaceId());
        stats.put("orders", orders.size());
        stats.put("requests", requests.get());
        stats.put("throttled", throttled.values().stream().mapToLong(Long::longValue).sum());
        stats.put("throttledByOperation", throttled);
        stats.put("tokensIssued", lwa.issued());
        stats.put("tokenRefusals", lwa.refused());
        stats.put("authFailures", authFailures.get());
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

    /**
     * An SP-API operation: the access token is checked, then the usage plan; the answer is the
     * operation's payload, or SP-API's error list (400 InvalidInput, 403 Unauthorized, 404 NotFound,
     * 429 QuotaExceeded).
     */
    private Handler<RoutingContext> operation(String name, Function<RoutingContext, JsonNode> payload) {
        return ctx -> {
            requests.incrementAndGet();
            HttpServerResponse response = ctx.response();
            response.putHeader("x-amzn-RateLimit-Limit", plans.plan(name).header());
            LoginWithAmazon.Access access = lwa.check(ctx.request().getHeader("x-amz-access-token"));
            if (access != LoginWithAmazon.Access.GRANTED) {
                authFailures.incrementAndGet();
                error(response, 403, "Unauthorized", access.message);
            } else if (!plans.tryAcquire(name)) {
                error(response, 429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
            } else {
                try {
                    json(response, 200, Map.of("payload", payload.apply(ctx)));
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
        } else {
            ctx.response().setStatusCode(404).end();
        }
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
            LOG.info("Amazon sandbox restored {} orders from {}", orders.size(), config.stateFile());
        });
    }

    private void saveState() {
        ObjectNode state = json.createObjectNode();
        state.set("orders", orders.snapshot());
        SandboxState.write(config.stateFile(), state, "Amazon");
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        return SandboxState.await(future, "Amazon");
    }
}
