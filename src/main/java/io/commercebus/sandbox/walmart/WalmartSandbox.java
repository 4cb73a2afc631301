package io.commercebus.sandbox.walmart;

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

import java.io.IOException;
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
 * credentials, 15-minute tokens) and the Orders API v3 (released orders with Walmart's query-string
 * cursor, all orders, one order, acknowledge). Like Walmart it wants WM_SVC.NAME,
 * WM_QOS.CORRELATION_ID and Accept on every call and WM_SEC.ACCESS_TOKEN on the Orders API, and
 * throttles each API with a token bucket: every answer carries {@code x-current-token-count} and
 * {@code x-next-replenish-time}, and an empty bucket answers 429. A generator places demo orders.
 *
 * <p>What this follows from Walmart's documentation, and what it chooses where the documentation is
 * silent, is in docs/sandboxes/walmart.md.
 */
public class WalmartSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalmartSandbox.class);
    private static final Pattern ORDER_PATH = Pattern.compile("/v3/orders/([^/]+)(/acknowledge)?");

    /** The APIs Walmart throttles separately. */
    public enum Endpoint { TOKEN, RELEASED_ORDERS, ALL_ORDERS, ORDER, ACKNOWLEDGE }

    /** A token bucket of {@code tokens}, refilled one at a time, evenly over {@code per}. */
    public record RateLimit(int tokens, Duration per) {
    }

    /**
     * Per-API limits: the Orders figures are those reported for Walmart (5000 reads and 60
     * acknowledgements a minute); the Token API's is this sandbox's choice.
     */
    public static final Map<Endpoint, RateLimit> DEFAULT_RATE_LIMITS = Map.of(
            Endpoint.TOKEN, new RateLimit(100, Duration.ofMinutes(1)),
            Endpoint.RELEASED_ORDERS, new RateLimit(5000, Duration.ofMinutes(1)),
            Endpoint.ALL_ORDERS, new RateLimit(5000, Duration.ofMinutes(1)),
            Endpoint.ORDER, new RateLimit(5000, Duration.ofMinutes(1)),
            Endpoint.ACKNOWLEDGE, new RateLimit(60, Duration.ofMinutes(1)));

    /** Walmart's access tokens live 15 minutes. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(900);

    /**
     * How the simulated seller account is set up. A null token lifetime means Walmart's; endpoints
     * missing from {@code rateLimits} (or all, when it is null) get {@link #DEFAULT_RATE_LIMITS}.
     */
    public record Config(String host, int port, String clientId, String clientSecret, Duration tokenLifetime,
                         Map<Endpoint, RateLimit> rateLimits, double ordersPerMinute, long seed, Path stateFile) {

        public Config {
            tokenLifetime = tokenLifetime == null ? DEFAULT_TOKEN_LIFETIME : tokenLifetime;
            Map<Endpoint, RateLimit> limits = new EnumMap<>(DEFAULT_RATE_LIMITS);
            if (rateLimits != null) {
                limits.putAll(rateLimits);
            }
            rateLimits = Map.copyOf(limits);
        }

        /** On a free local port, with Walmart's token lifetime and limits, no generator and no state file. */
        public static Config defaults(String clientId, String clientSecret) {
            return new Config("127.0.0.1", 0, clientId, clientSecret, null, null, 0, 42, null);
        }
    }

    /** Where a call goes: the API and, for one order, its purchaseOrderId. */
    private record Call(Endpoint endpoint, String method, String purchaseOrderId) {
    }

    private final Config config;
    private final ObjectMapper json = Json.mapper();
    private final PurchaseOrders orders = new PurchaseOrders(Clock.systemUTC());
    private final DemoBuyers buyers;
    private final AccessTokens tokens;
    private final TokenBuckets buckets;
    private final AtomicLong requests = new AtomicLong();
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
    }

    public WalmartSandbox start() {
        restoreState();
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.route("/sandbox/*").handler(this::control);
        router.route("/v3/*").handler(this::api);
        server = await(vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()));
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

    /** Cancels a line (status Cancelled), as when the buyer cancels before shipment. */
    public void cancelLine(String purchaseOrderId, String lineNumber) {
        orders.cancelLine(purchaseOrderId, lineNumber);
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

    /** Replaces an API's limit; its bucket starts full. */
    public void setRateLimit(Endpoint endpoint, int tokensPerPeriod, Duration period) {
        buckets.set(endpoint, new RateLimit(tokensPerPeriod, period));
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
        return stats;
    }

    // ---------------------------------------------------------------- the Walmart API

    private void api(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Call call = call(request.path());
        if (call == null) {
            json(response, 404, WalmartErrors.uriNotFound(request.path()));
            return;
        }
        if (!call.method().equals(request.method().name())) {
            json(response, 405, WalmartErrors.methodNotAllowed(request.method().name()));
            return;
        }
        requests.incrementAndGet();
        String missing = missingHeader(request);
        if (missing != null) {
            limitHeaders(response, buckets.peek(call.endpoint()));
            json(response, 400, WalmartErrors.invalidHeader(missing));
            return;
        }
        if (!acceptsJson(request.getHeader("Accept"))) {
            limitHeaders(response, buckets.peek(call.endpoint()));
            json(response, 406, WalmartErrors.invalidAcceptType(request.getHeader("Accept")));
            return;
        }
        String refusal = call.endpoint() == Endpoint.TOKEN ? checkClientCredentials(request) : checkAccessToken(request);
        if (refusal != null) {
            authFailures.incrementAndGet();
            limitHeaders(response, buckets.peek(call.endpoint()));
            json(response, 401, WalmartErrors.unauthorized(refusal));
            return;
        }
        TokenBuckets.State bucket = buckets.take(call.endpoint());
        limitHeaders(response, bucket);
        if (!bucket.allowed()) {
            rateLimited.incrementAndGet();
            json(response, 429, WalmartErrors.thresholdViolated());
            return;
        }
        try {
            switch (call.endpoint()) {
                case TOKEN -> issueToken(ctx);
                case RELEASED_ORDERS -> list(ctx, true);
                case ALL_ORDERS -> list(ctx, false);
                case ORDER -> orderOrNotFound(response, call.purchaseOrderId(), orders.get(call.purchaseOrderId()).orElse(null));
                case ACKNOWLEDGE -> acknowledge(response, call.purchaseOrderId());
            }
        } catch (InvalidParameter e) {
            json(response, 400, WalmartErrors.invalidParameter(e.name(), e.getMessage()));
        }
    }

    private static Call call(String path) {
        switch (path) {
            case "/v3/token":
                return new Call(Endpoint.TOKEN, "POST", null);
            case "/v3/orders":
                return new Call(Endpoint.ALL_ORDERS, "GET", null);
            case "/v3/orders/released":
                return new Call(Endpoint.RELEASED_ORDERS, "GET", null);
            default:
                Matcher m = ORDER_PATH.matcher(path);
                if (!m.matches()) {
                    return null;
                }
                return m.group(2) == null ? new Call(Endpoint.ORDER, "GET", m.group(1))
                        : new Call(Endpoint.ACKNOWLEDGE, "POST", m.group(1));
        }
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

    private void orderOrNotFound(HttpServerResponse response, String purchaseOrderId, JsonNode order) {
        if (order == null) {
            json(response, 404, WalmartErrors.contentNotFound("Order not found for purchaseOrderId " + purchaseOrderId));
        } else {
            json(response, 200, Map.of("order", order));
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
        try {
            response.setStatusCode(status).putHeader("Content-Type", "application/json").end(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void restoreState() {
        SandboxState.read(config.stateFile(), "Walmart").ifPresent(state -> {
            orders.restore(state.path("orders"));
            LOG.info("Walmart sandbox restored {} purchase orders from {}", orders.size(), config.stateFile());
        });
    }

    private void saveState() {
        ObjectNode state = json.createObjectNode();
        state.set("orders", orders.snapshot());
        SandboxState.write(config.stateFile(), state, "Walmart");
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        return SandboxState.await(future, "Walmart");
    }
}
