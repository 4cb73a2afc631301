package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import io.commercebus.sandbox.SandboxState;
import io.commercebus.support.Json;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.math.BigDecimal;

/**
 * A BigCommerce store for the sandbox and the tests: orders v2 (list with date filters and paging,
 * get, create, update, products, shipping addresses, shipments), refunds (orders v3 payment actions:
 * quotes, refunds, their batches and lists), the Catalog API v3 (products, variants, options and
 * values, with BigCommerce's batch limits and SKU uniqueness), the Price Lists API v3 (lists, records
 * per variant and currency, assignments), v2 customer groups, and webhooks v3 that POST the order,
 * shipment and refund events ({@code store/order/created}, {@code /updated}, {@code /statusUpdated},
 * {@code /refund/created}, {@code store/shipment/*}) to registered destinations.
 * Every answer carries the per-store rate-limit headers; past the quota it answers 429. Requests are
 * counted per operation ({@code PUT /v3/catalog/variants}) and batches by their item count. A
 * generator places demo orders at a configurable rate. See docs/sandboxes/bigcommerce.md.
 */
public class BigCommerceSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BigCommerceSandbox.class);

    /** How the simulated store is set up. */
    public record Config(String host, int port, String storeHash, String storeId, String accessToken,
                         int rateLimitQuota, Duration rateLimitWindow, double ordersPerMinute,
                         List<Duration> webhookRetryDelays, BigDecimal taxRate, long seed, Path stateFile) {
    }

    private final Config config;
    private final ObjectMapper json = Json.mapper();
    private final OrderBook orders;
    private final Catalog catalog;
    private final Pricing pricing;
    private final PricingApi pricingApi;
    private final Api.Stats operations = new Api.Stats();
    private final Api.Routes routes = new Api.Routes();
    private final WebhookSender webhooks;
    private final OrderEvents events;
    private final Shipments shipments;
    private final Refunds refunds;
    private final ShipmentsApi shipmentsApi;
    private final RefundsApi refundsApi;
    private final DemoShoppers shoppers;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private volatile int quota;
    private volatile Duration window;
    private long windowStart;
    private int used;
    private Vertx vertx;
    private HttpServer server;
    private long generatorTimer = -1;

    public BigCommerceSandbox(Config config) {
        this.config = config;
        this.catalog = new Catalog(Clock.systemUTC());
        catalog.seed(SandboxCatalog.PRODUCTS);
        this.pricing = new Pricing(Clock.systemUTC(), catalog);
        this.pricingApi = new PricingApi(pricing, operations);
        this.orders = new OrderBook(Clock.systemUTC(), config.storeHash(), config.taxRate(), this::orderable);
        this.webhooks = new WebhookSender(config.storeHash(), config.storeId(), config.webhookRetryDelays());
        this.events = new OrderEvents(webhooks);
        this.shipments = new Shipments(orders);
        this.refunds = new Refunds(orders, Clock.systemUTC());
        this.shipmentsApi = new ShipmentsApi(orders, shipments, events);
        this.refundsApi = new RefundsApi(orders, refunds, events);
        this.shoppers = new DemoShoppers(config.seed());
        this.quota = config.rateLimitQuota();
        this.window = config.rateLimitWindow();
        registerRoutes();
    }

    public BigCommerceSandbox start() {
        restoreState();
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(1024 * 1024));
        router.route("/sandbox/*").handler(this::control);
        router.route("/stores/" + config.storeHash() + "/*").handler(this::api);
        server = await(vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()));
        if (config.ordersPerMinute() > 0) {
            startGenerator(config.ordersPerMinute());
        }
        LOG.info("BigCommerce sandbox (store {}) at {} — rate limit {} requests per {} s, {} demo orders per minute",
                config.storeHash(), apiUrl(), quota, window.toSeconds(), config.ordersPerMinute());
        return this;
    }

    /** The store's API root, e.g. http://127.0.0.1:8101/stores/abc123 (v2 and v3 paths follow). */
    public URI apiUrl() {
        return URI.create("http://" + config.host() + ":" + server.actualPort() + "/stores/" + config.storeHash());
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
        webhooks.close();
        saveState();
    }

    // ---------------------------------------------------------------- test and operator controls

    /** Places an order from a {@code POST /v2/orders} body, as a shopper would, and fires its webhook. */
    public int placeOrder(JsonNode post) {
        ObjectNode order = orders.create(post, apiUrl() + "");
        int id = order.get("id").asInt();
        events.created(id);
        return id;
    }

    /** Places the given number of demo orders. */
    public List<Integer> placeDemoOrders(int count) {
        List<Integer> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(placeOrder(shoppers.nextOrder()));
        }
        return ids;
    }

    /** A demo order body (not placed), to adjust before {@link #placeOrder}. */
    public ObjectNode demoOrderBody() {
        return shoppers.nextOrder();
    }

    /**
     * Changes an order as the merchant would ({@code PUT /v2/orders/{id}}), firing store/order/updated and,
     * when its status moves, store/order/statusUpdated.
     */
    public void updateOrder(int id, JsonNode put) {
        events.changed(orders.update(id, put).orElseThrow(() -> new IllegalArgumentException("no order " + id)));
    }

    /** Sets an order's status as {@code PUT /v2/orders/{id}} with {@code status_id} does (5 cancels it), with its webhooks. */
    public void setOrderStatus(int orderId, int statusId) {
        updateOrder(orderId, json.createObjectNode().put("status_id", statusId));
    }

    public synchronized void startGenerator(double perMinute) {
        stopGenerator();
        long period = Math.max(1, Math.round(60_000 / perMinute));
        generatorTimer = vertx.setPeriodic(period, t -> vertx.executeBlocking(() -> placeOrder(shoppers.nextOrder()), false));
    }

    public synchronized void stopGenerator() {
        if (generatorTimer >= 0 && vertx != null) {
            vertx.cancelTimer(generatorTimer);
            generatorTimer = -1;
        }
    }

    public void setRateLimit(int requestsPerWindow, Duration perWindow) {
        synchronized (this) {
            quota = requestsPerWindow;
            window = perWindow;
            used = 0;
            windowStart = 0;
        }
    }

    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("orders", orders.size());
        stats.put("requests", requests.get());
        stats.put("rateLimited", rateLimited.get());
        stats.put("webhooksDelivered", webhooks.delivered());
        stats.put("webhookFailedAttempts", webhooks.failedAttempts());
        stats.put("hooks", webhooks.hooks().size());
        synchronized (orders) {
            stats.put("shipments", shipments.count());
            stats.put("refunds", refunds.count());
        }
        stats.put("products", catalog.productCount());
        stats.put("variants", catalog.variantCount());
        stats.put("priceLists", pricing.lists().size());
        stats.put("priceRecords", pricing.recordCount());
        stats.put("priceListAssignments", pricing.assignments().size());
        stats.put("customerGroups", pricing.groups().size());
        stats.put("refusedConcurrentUpserts", pricingApi.refusedUpserts());
        stats.put("operations", operations.requests());
        stats.put("batches", operations.batches());
        return stats;
    }

    /**
     * The order as the API returns it (without its sub-resources): {@code status_id}, {@code status},
     * {@code items_shipped}, {@code refunded_amount}, {@code payment_status}, {@code date_modified}…
     */
    public ObjectNode order(int id) {
        synchronized (orders) {
            return orders.get(id).map(o -> o.order().deepCopy()).orElseThrow(() -> new IllegalArgumentException("no order " + id));
        }
    }

    /** The order's products as {@code GET /v2/orders/{id}/products} returns them: {@code quantity_shipped}, {@code quantity_refunded}… */
    public List<ObjectNode> orderProducts(int id) {
        synchronized (orders) {
            OrderBook.StoredOrder order = orders.get(id).orElseThrow(() -> new IllegalArgumentException("no order " + id));
            List<ObjectNode> out = new java.util.ArrayList<>();
            order.products().forEach(p -> out.add(p.deepCopy()));
            return out;
        }
    }

    /**
     * Creates a shipment as {@code POST /v2/orders/{id}/shipments} does (same checks, same webhooks); the
     * shipment. A request BigCommerce refuses throws IllegalArgumentException with its v2 error message.
     */
    public ObjectNode createShipment(int orderId, JsonNode shipment) {
        return asJava(() -> shipmentsApi.create(orderId, shipment).deepCopy());
    }

    /** The order's shipments as {@code GET /v2/orders/{id}/shipments} returns them. */
    public List<ObjectNode> shipments(int orderId) {
        return shipmentsApi.of(orderId);
    }

    /**
     * What {@code POST /v3/orders/{id}/payment_actions/refund_quotes} answers for a {@code {"items": […]}}
     * body ({@code total_refund_amount}, {@code total_refund_tax_amount}, {@code refund_methods}…).
     */
    public ObjectNode refundQuote(int orderId, JsonNode quoteRequest) {
        return asJava(() -> refundsApi.quote(orderId, quoteRequest));
    }

    /**
     * Refunds as {@code POST /v3/orders/{id}/payment_actions/refunds} does (same checks: {@code payments}
     * must add up to the quote's total), firing store/order/refund/created and the order's webhooks; the
     * refund's id. A refund BigCommerce refuses throws IllegalArgumentException with its title and details.
     */
    public int refund(int orderId, JsonNode refundRequest) {
        return asJava(() -> refundsApi.create(orderId, refundRequest).get("id").asInt());
    }

    /** The order's refunds as {@code GET /v3/orders/{id}/payment_actions/refunds} lists them. */
    public List<ObjectNode> refunds(int orderId) {
        return asJava(() -> refundsApi.of(orderId));
    }

    public int orderCount() {
        return orders.size();
    }

    public long rateLimitedRequests() {
        return rateLimited.get();
    }

    public long webhooksDelivered() {
        return webhooks.delivered();
    }

    // ---------------------------------------------------------------- catalogue and price lists, for tests

    /**
     * The product whose own SKU, or one of whose variants' SKU, this is, as
     * {@code GET /v3/catalog/products/{id}?include=variants,options} returns it.
     */
    public Optional<ObjectNode> productBySku(String sku) {
        synchronized (catalog) {
            return catalog.productBySku(sku).map(p -> catalog.render(p, Set.of("variants", "options")));
        }
    }

    /** The product as {@code GET /v3/catalog/products/{id}?include=variants,options} returns it. */
    public Optional<ObjectNode> product(int id) {
        synchronized (catalog) {
            return catalog.product(id).map(p -> catalog.render(p, Set.of("variants", "options")));
        }
    }

    /**
     * The variant with this SKU (a simple product's base variant included) as {@code GET /v3/catalog/variants}
     * returns it: {@code inventory_level}, {@code price} (null when it is the product's), {@code calculated_price}…
     */
    public Optional<ObjectNode> variantBySku(String sku) {
        synchronized (catalog) {
            return catalog.variantBySku(sku).map(catalog::render);
        }
    }

    /** Creates a product as {@code POST /v3/catalog/products} does, without a request; the product as returned, with its variants. */
    public ObjectNode createProduct(JsonNode post) {
        synchronized (catalog) {
            return catalog.render(catalog.create(post), Set.of("variants", "options"));
        }
    }

    public List<ObjectNode> priceLists() {
        synchronized (pricing) {
            return pricing.lists().stream().map(pricing::render).toList();
        }
    }

    public Optional<ObjectNode> priceList(String name) {
        synchronized (pricing) {
            return pricing.listByName(name).map(pricing::render);
        }
    }

    /** A price list's records by variant then currency, each with its {@code sku} and {@code product_id}. */
    public List<ObjectNode> priceRecords(int priceListId) {
        synchronized (pricing) {
            return pricing.records(priceListId).stream().map(r -> pricing.render(r, Set.of("sku", "bulk_pricing_tiers"))).toList();
        }
    }

    /** Every price list assignment as {@code GET /v3/pricelists/assignments} returns it. */
    public List<ObjectNode> priceListAssignments() {
        synchronized (pricing) {
            return pricing.assignments().stream().map(pricing::render).toList();
        }
    }

    public List<ObjectNode> customerGroups() {
        return pricing.groups();
    }

    /** Creates a customer group as {@code POST /v2/customer_groups} does, without a request. */
    public ObjectNode createCustomerGroup(String name) {
        return pricing.createGroup(json.createObjectNode().put("name", name));
    }

    /** Runs a store operation for a Java caller: a refusal becomes an IllegalArgumentException saying what the API would answer. */
    private static <T> T asJava(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (Api.ApiException e) {
            throw new IllegalArgumentException("BigCommerce answers " + e.status + ": " + e.body, e);
        }
    }

    /** Requests served (authorised, within the rate limit) for an operation, e.g. {@code PUT /v3/catalog/variants}. */
    public long requests(String operation) {
        return operations.requests(operation);
    }

    /** Requests served per operation, e.g. {@code GET /v3/catalog/products/{product_id}}. */
    public Map<String, Long> requestsByOperation() {
        return operations.requests();
    }

    /** The item count of every batch written, in order, e.g. the variants of each {@code PUT /v3/catalog/variants}. */
    public List<Integer> batchSizes(String operation) {
        return operations.batches(operation);
    }

    /** Forgets the requests and batches counted so far. */
    public void resetOperationStats() {
        operations.reset();
    }

    /** How long a batch upsert of price records takes to answer (none by default), to run several at once in tests. */
    public void setPriceRecordUpsertLatency(Duration latency) {
        pricingApi.setUpsertLatency(latency);
    }

    // ---------------------------------------------------------------- the BigCommerce API

    private void registerRoutes() {
        routes.add("GET", "/v2/orders", this::listOrders)
                .add("POST", "/v2/orders", c -> {
                    int id = placeOrder(c.json());
                    return Api.Reply.of(201, order(id));
                })
                .add("GET", "/v2/orders/count", c -> Api.Reply.ok(Map.of("count", orders.size())))
                .add("GET", "/v2/orders/{order_id}", c -> Api.Reply.ok(order(requireOrder(c).id())))
                .add("PUT", "/v2/orders/{order_id}", c -> {
                    int id = requireOrder(c).id();
                    updateOrder(id, c.json());
                    return Api.Reply.ok(order(id));
                })
                .add("GET", "/v2/orders/{order_id}/products", c -> {
                    synchronized (orders) {
                        return Api.v2Page(c, list(requireOrder(c).products()));
                    }
                })
                .add("GET", "/v2/orders/{order_id}/shipping_addresses", c -> {
                    synchronized (orders) {
                        return Api.v2Page(c, list(requireOrder(c).shippingAddresses()));
                    }
                })
                .add("GET", "/v3/hooks", c -> {
                    ObjectNode out = json.createObjectNode();
                    ArrayNode data = out.putArray("data");
                    webhooks.hooks().forEach(h -> data.add(hookJson(h)));
                    out.putObject("meta").putObject("pagination").put("offset", 0).put("limit", 50).put("total_items", data.size());
                    return Api.Reply.ok(out);
                })
                .add("POST", "/v3/hooks", this::createHook)
                .add("GET", "/v3/hooks/{hook_id}", c -> hook(webhooks.find(parseId(c.vars.get("hook_id")).orElse(-1)), c))
                .add("DELETE", "/v3/hooks/{hook_id}", c -> hook(webhooks.remove(parseId(c.vars.get("hook_id")).orElse(-1)), c))
                .add("PUT", "/v3/hooks/{hook_id}", c -> {
                    int hookId = parseId(c.vars.get("hook_id")).orElse(-1);
                    JsonNode body = c.json();
                    WebhookSender.Hook old = webhooks.find(hookId);
                    return hook(old == null ? null : webhooks.update(hookId, body.path("scope").asText(old.scope()),
                            body.path("destination").asText(old.destination()), body.path("is_active").asBoolean(old.active()),
                            body.has("headers") ? headers(body) : old.headers()), c);
                });
        shipmentsApi.register(routes);
        refundsApi.register(routes);
        new CatalogApi(catalog, operations).register(routes);
        pricingApi.register(routes);
    }

    private void api(RoutingContext ctx) {
        requests.incrementAndGet();
        HttpServerResponse response = ctx.response();
        if (!config.accessToken().equals(ctx.request().getHeader("X-Auth-Token"))) {
            v3Error(response, 401, "Unauthorized: the X-Auth-Token header is missing or not valid for this store");
            return;
        }
        if (!withinRateLimit(response)) {
            rateLimited.incrementAndGet();
            v3Error(response, 429, "Too many requests: the store's API quota for this window is used up");
            return;
        }
        String path = ctx.request().path().substring(("/stores/" + config.storeHash()).length());
        String method = ctx.request().method().name();
        boolean v2 = path.startsWith("/v2/");
        Optional<Api.Match> match = routes.match(method, path);
        if (match.isEmpty()) {
            if (v2) {
                v2Error(response, 404, "The requested resource was not found.");
            } else {
                v3Error(response, 404, "No such resource: " + path);
            }
            return;
        }
        if (match.get().handler() == null) {
            String allowed = String.join(", ", match.get().methods());
            response.putHeader("Allow", allowed);
            if (v2) {
                v2Error(response, 405, "The requested method is not supported on this resource.");
            } else {
                v3Error(response, 405, "The requested method is not supported on this resource; it takes " + allowed);
            }
            return;
        }
        String operation = method + " " + match.get().template();
        operations.request(operation);
        Api.Call call = new Api.Call(method, path, operation, match.get().vars(), ctx.queryParams(), ctx.request().headers(),
                ctx.body().asString());
        Api.Reply reply;
        try {
            reply = match.get().handler().handle(call);
        } catch (Api.ApiException e) {
            reply = Api.Reply.of(e.status, e.body);
        } catch (IllegalArgumentException e) {
            reply = v2 ? Api.Reply.of(400, Api.v2(400, e.getMessage())) : Api.Reply.of(422, v3Body(422, e.getMessage()));
        } catch (IOException e) {
            String message = "The request body is not valid JSON: " + e.getMessage();
            reply = Api.Reply.of(400, v2 ? Api.v2(400, message) : v3Body(400, message));
        }
        send(response, reply);
    }

    private void send(HttpServerResponse response, Api.Reply reply) {
        Runnable out = () -> {
            try {
                if (reply.body() == null) {
                    response.setStatusCode(reply.status()).end();
                } else {
                    json(response, reply.status(), reply.body());
                }
            } finally {
                if (reply.afterSend() != null) {
                    reply.afterSend().run();
                }
            }
        };
        if (reply.delayMillis() > 0 && vertx != null) {
            vertx.setTimer(reply.delayMillis(), t -> out.run());
        } else {
            out.run();
        }
    }

    private OrderBook.StoredOrder requireOrder(Api.Call call) {
        return orders.get(call.v2Id("order_id")).orElseThrow(Api::v2NotFound);
    }

    private Api.Reply listOrders(Api.Call c) {
        Instant min = date(c.param("min_date_modified"), "min_date_modified");
        Instant max = date(c.param("max_date_modified"), "max_date_modified");
        Instant minCreated = date(c.param("min_date_created"), "min_date_created");
        Instant maxCreated = date(c.param("max_date_created"), "max_date_created");
        Integer minId = c.param("min_id") == null ? null : Integer.valueOf(c.param("min_id"));
        String sort = c.param("sort");
        int page = c.v2Int("page", 1);
        int limit = Math.min(c.v2Int("limit", 50), 250);
        List<OrderBook.StoredOrder> all = orders.list(min, max, minCreated, maxCreated, minId, sort);
        int from = (page - 1) * limit;
        if (from >= all.size()) {
            // the v2 API answers an empty collection with 204 No Content
            return Api.Reply.noContent();
        }
        ArrayNode out = json.createArrayNode();
        synchronized (orders) {
            all.subList(from, Math.min(all.size(), from + limit)).forEach(o -> out.add(o.order().deepCopy()));
        }
        return Api.Reply.ok(out);
    }

    private static List<JsonNode> list(ArrayNode items) {
        List<JsonNode> out = new java.util.ArrayList<>();
        items.forEach(out::add);
        return out;
    }

    private Api.Reply createHook(Api.Call c) throws IOException {
        JsonNode body = c.json();
        String scope = body.path("scope").asText(null);
        String destination = body.path("destination").asText(null);
        if (scope == null || destination == null || !destination.startsWith("http")) {
            return Api.Reply.of(422, v3Body(422, "scope and an http(s) destination are required"));
        }
        WebhookSender.Hook hook = webhooks.register(scope, destination, body.path("is_active").asBoolean(true), headers(body));
        return Api.Reply.ok(Map.of("data", hookJson(hook), "meta", Map.of()));
    }

    private Api.Reply hook(WebhookSender.Hook hook, Api.Call c) {
        if (hook == null) {
            return Api.Reply.of(404, v3Body(404, "No webhook " + c.vars.get("hook_id")));
        }
        return Api.Reply.ok(Map.of("data", hookJson(hook), "meta", Map.of()));
    }

    /** What an order line of this product takes: its SKU, name, price (the sale price if set) and variant. */
    private Optional<OrderBook.Item> orderable(int productId) {
        synchronized (catalog) {
            return catalog.product(productId).map(p -> {
                ObjectNode product = catalog.render(p, Set.of());
                Catalog.Variant variant = p.allVariants().isEmpty() ? null : p.allVariants().get(0);
                return new OrderBook.Item(variant == null ? p.sku() : catalog.sku(variant), p.name(),
                        product.get("calculated_price").decimalValue(), variant == null ? 0 : variant.id);
            });
        }
    }

    // ---------------------------------------------------------------- rate limit

    /** A fixed window per store; the headers tell the client how much is left and when it resets. */
    private boolean withinRateLimit(HttpServerResponse response) {
        long now = System.currentTimeMillis();
        int left;
        long reset;
        boolean allowed;
        synchronized (this) {
            if (windowStart == 0 || now - windowStart >= window.toMillis()) {
                windowStart = now;
                used = 0;
            }
            allowed = used < quota;
            if (allowed) {
                used++;
            }
            left = Math.max(0, quota - used);
            reset = Math.max(0, window.toMillis() - (now - windowStart));
        }
        response.putHeader("X-Rate-Limit-Requests-Quota", Integer.toString(quota));
        response.putHeader("X-Rate-Limit-Requests-Left", Integer.toString(left));
        response.putHeader("X-Rate-Limit-Time-Window-Ms", Long.toString(window.toMillis()));
        response.putHeader("X-Rate-Limit-Time-Reset-Ms", Long.toString(reset));
        return allowed;
    }

    // ---------------------------------------------------------------- /sandbox control API

    private void control(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.equals("/sandbox/stats")) {
            json(ctx.response(), 200, stats());
        } else if (path.equals("/sandbox/orders") && ctx.request().method().name().equals("POST")) {
            int count = intParam(ctx, "count", 1);
            vertx.executeBlocking(() -> placeDemoOrders(count), false)
                    .onSuccess(ids -> json(ctx.response(), 201, Map.of("orders", ids)));
        } else {
            ctx.response().setStatusCode(404).end();
        }
    }

    // ---------------------------------------------------------------- helpers

    private ObjectNode hookJson(WebhookSender.Hook h) {
        ObjectNode node = json.createObjectNode();
        node.put("id", h.id());
        node.put("client_id", "sandbox-client");
        node.put("store_hash", config.storeHash());
        node.put("created_at", h.createdAt());
        node.put("updated_at", h.updatedAt());
        node.put("scope", h.scope());
        node.put("destination", h.destination());
        node.put("is_active", h.active());
        ObjectNode headers = node.putObject("headers");
        h.headers().forEach(headers::put);
        return node;
    }

    private static Map<String, String> headers(JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            headers.put(h.getKey(), h.getValue().asText());
        }
        return headers;
    }

    private static Instant date(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (Character.isLetter(value.charAt(0))) {
                return ZonedDateTime.parse(value, OrderBook.RFC_2822).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be RFC 2822 or ISO-8601, was '" + value + "'");
        }
    }

    private static Optional<Integer> parseId(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int intParam(RoutingContext ctx, String name, int fallback) {
        String value = ctx.request().getParam(name);
        try {
            return value == null ? fallback : Math.max(1, Integer.parseInt(value));
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

    private void v2Error(HttpServerResponse response, int status, String message) {
        json(response, status, List.of(Map.of("status", status, "message", message)));
    }

    private void v3Error(HttpServerResponse response, int status, String title) {
        json(response, status, v3Body(status, title));
    }

    private static ObjectNode v3Body(int status, String title) {
        return Api.v3(status, title, null);
    }

    private void restoreState() {
        SandboxState.read(config.stateFile(), "BigCommerce").ifPresent(state -> {
            orders.restore(state.path("orders"));
            shipments.restore(state.path("shipments"));
            refunds.restore(state.path("refunds"));
            if (state.has("catalog")) {
                catalog.restore(state.get("catalog"));
            }
            if (state.has("pricing")) {
                pricing.restore(state.get("pricing"));
            }
            for (JsonNode h : state.path("hooks")) {
                webhooks.register(h.get("scope").asText(), h.get("destination").asText(), h.path("is_active").asBoolean(true),
                        headers(h));
            }
            LOG.info("BigCommerce sandbox restored {} orders, {} products and {} price lists from {}", orders.size(),
                    catalog.productCount(), pricing.lists().size(), config.stateFile());
        });
    }

    private void saveState() {
        ObjectNode state = json.createObjectNode();
        synchronized (orders) {
            state.set("orders", orders.snapshot());
            state.set("shipments", shipments.snapshot());
            state.set("refunds", refunds.snapshot());
        }
        state.set("catalog", catalog.snapshot());
        state.set("pricing", pricing.snapshot());
        ArrayNode hooks = state.putArray("hooks");
        webhooks.hooks().forEach(h -> hooks.add(hookJson(h)));
        SandboxState.write(config.stateFile(), state, "BigCommerce");
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        return SandboxState.await(future, "BigCommerce");
    }
}
