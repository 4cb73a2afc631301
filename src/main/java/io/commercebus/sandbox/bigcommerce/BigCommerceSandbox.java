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
import java.util.concurrent.atomic.AtomicLong;
import java.math.BigDecimal;

/**
 * A BigCommerce store for the sandbox and the tests: orders v2 (list with date filters and paging,
 * get, create, update, products, shipping addresses), catalog v3 products, and webhooks v3 that POST
 * {@code store/order/created} and {@code store/order/updated} to registered destinations. Every
 * answer carries the per-store rate-limit headers; past the quota it answers 429. A generator
 * places demo orders at a configurable rate.
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
    private final WebhookSender webhooks;
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
        this.orders = new OrderBook(Clock.systemUTC(), config.storeHash(), config.taxRate());
        this.webhooks = new WebhookSender(config.storeHash(), config.storeId(), config.webhookRetryDelays());
        this.shoppers = new DemoShoppers(config.seed());
        this.quota = config.rateLimitQuota();
        this.window = config.rateLimitWindow();
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
        webhooks.publish("store/order/created", "order", id);
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

    /** Changes an order as the merchant would ({@code PUT /v2/orders/{id}}), firing store/order/updated. */
    public void updateOrder(int id, JsonNode put) {
        orders.update(id, put).orElseThrow(() -> new IllegalArgumentException("no order " + id));
        webhooks.publish("store/order/updated", "order", id);
        if (put.has("status_id")) {
            webhooks.publish("store/order/statusUpdated", "order", id);
        }
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
        return stats;
    }

    /** The order as the API returns it (without its sub-resources). */
    public ObjectNode order(int id) {
        return orders.get(id).map(o -> o.order().deepCopy()).orElseThrow(() -> new IllegalArgumentException("no order " + id));
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

    // ---------------------------------------------------------------- the BigCommerce API

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
        try {
            route(ctx, method, path);
        } catch (IllegalArgumentException e) {
            v3Error(response, 422, e.getMessage());
        } catch (IOException e) {
            v3Error(response, 400, "The request body is not valid JSON: " + e.getMessage());
        }
    }

    private void route(RoutingContext ctx, String method, String path) throws IOException {
        String[] parts = path.split("/");
        // parts: "", "v2"|"v3", resource, id, sub-resource
        if (parts.length >= 3 && parts[1].equals("v2") && parts[2].equals("orders")) {
            if (parts.length == 3 && method.equals("GET")) {
                listOrders(ctx);
            } else if (parts.length == 3 && method.equals("POST")) {
                int id = placeOrder(body(ctx));
                json(ctx.response(), 201, orders.get(id).orElseThrow().order());
            } else if (parts.length == 4 && parts[3].equals("count") && method.equals("GET")) {
                json(ctx.response(), 200, Map.of("count", orders.size()));
            } else if (parts.length >= 4) {
                Optional<OrderBook.StoredOrder> order = parseId(parts[3]).flatMap(orders::get);
                if (order.isEmpty()) {
                    v2Error(ctx.response(), 404, "The requested resource was not found.");
                } else if (parts.length == 4 && method.equals("GET")) {
                    json(ctx.response(), 200, order.get().order());
                } else if (parts.length == 4 && method.equals("PUT")) {
                    updateOrder(order.get().order().get("id").asInt(), body(ctx));
                    json(ctx.response(), 200, orders.get(order.get().order().get("id").asInt()).orElseThrow().order());
                } else if (parts.length == 5 && parts[4].equals("products") && method.equals("GET")) {
                    page(ctx, order.get().products());
                } else if (parts.length == 5 && parts[4].equals("shipping_addresses") && method.equals("GET")) {
                    page(ctx, order.get().shippingAddresses());
                } else {
                    v2Error(ctx.response(), 404, "The requested resource was not found.");
                }
            } else {
                v2Error(ctx.response(), 405, "The requested method is not supported on this resource.");
            }
        } else if (parts.length >= 3 && parts[1].equals("v3") && parts[2].equals("hooks")) {
            hooks(ctx, method, parts.length > 3 ? parts[3] : null);
        } else if (path.equals("/v3/catalog/products") && method.equals("GET")) {
            catalog(ctx);
        } else {
            v3Error(ctx.response(), 404, "No such resource: " + path);
        }
    }

    private void listOrders(RoutingContext ctx) {
        Instant min = date(ctx.request().getParam("min_date_modified"), "min_date_modified");
        Instant max = date(ctx.request().getParam("max_date_modified"), "max_date_modified");
        Integer minId = ctx.request().getParam("min_id") == null ? null : Integer.valueOf(ctx.request().getParam("min_id"));
        String sort = ctx.request().getParam("sort");
        int page = intParam(ctx, "page", 1);
        int limit = Math.min(intParam(ctx, "limit", 50), 250);
        List<OrderBook.StoredOrder> all = orders.list(min, max, minId, sort);
        int from = (page - 1) * limit;
        if (from >= all.size()) {
            // the v2 API answers an empty collection with 204 No Content
            ctx.response().setStatusCode(204).end();
            return;
        }
        ArrayNode out = json.createArrayNode();
        all.subList(from, Math.min(all.size(), from + limit)).forEach(o -> out.add(o.order()));
        json(ctx.response(), 200, out);
    }

    private void page(RoutingContext ctx, ArrayNode items) {
        int page = intParam(ctx, "page", 1);
        int limit = Math.min(intParam(ctx, "limit", 50), 250);
        ArrayNode out = json.createArrayNode();
        for (int i = (page - 1) * limit; i < Math.min(items.size(), page * limit); i++) {
            out.add(items.get(i));
        }
        if (out.isEmpty()) {
            ctx.response().setStatusCode(204).end();
        } else {
            json(ctx.response(), 200, out);
        }
    }

    private void hooks(RoutingContext ctx, String method, String id) throws IOException {
        if (id == null && method.equals("GET")) {
            ObjectNode out = json.createObjectNode();
            ArrayNode data = out.putArray("data");
            webhooks.hooks().forEach(h -> data.add(hookJson(h)));
            out.putObject("meta").putObject("pagination").put("offset", 0).put("limit", 50).put("total_items", data.size());
            json(ctx.response(), 200, out);
        } else if (id == null && method.equals("POST")) {
            JsonNode body = body(ctx);
            String scope = body.path("scope").asText(null);
            String destination = body.path("destination").asText(null);
            if (scope == null || destination == null || !destination.startsWith("http")) {
                v3Error(ctx.response(), 422, "scope and an http(s) destination are required");
                return;
            }
            WebhookSender.Hook hook = webhooks.register(scope, destination, body.path("is_active").asBoolean(true), headers(body));
            json(ctx.response(), 200, Map.of("data", hookJson(hook), "meta", Map.of()));
        } else if (id != null) {
            int hookId = parseId(id).orElse(-1);
            WebhookSender.Hook hook = switch (method) {
                case "GET" -> webhooks.find(hookId);
                case "DELETE" -> webhooks.remove(hookId);
                case "PUT" -> {
                    JsonNode body = body(ctx);
                    WebhookSender.Hook old = webhooks.find(hookId);
                    yield old == null ? null : webhooks.update(hookId, body.path("scope").asText(old.scope()),
                            body.path("destination").asText(old.destination()), body.path("is_active").asBoolean(old.active()),
                            body.has("headers") ? headers(body) : old.headers());
                }
                default -> null;
            };
            if (hook == null) {
                v3Error(ctx.response(), 404, "No webhook " + id);
            } else {
                json(ctx.response(), 200, Map.of("data", hookJson(hook), "meta", Map.of()));
            }
        } else {
            v3Error(ctx.response(), 405, "Method not allowed");
        }
    }

    private void catalog(RoutingContext ctx) {
        ObjectNode out = json.createObjectNode();
        ArrayNode data = out.putArray("data");
        for (SandboxCatalog.Product p : SandboxCatalog.PRODUCTS) {
            ObjectNode product = data.addObject();
            product.put("id", p.id());
            product.put("name", p.name());
            product.put("type", "physical");
            product.put("sku", p.sku());
            product.put("weight", 1);
            product.put("price", p.price());
            product.put("inventory_level", 100);
            product.put("inventory_tracking", "product");
            product.put("is_visible", true);
        }
        out.putObject("meta").putObject("pagination").put("total", data.size()).put("count", data.size())
                .put("per_page", 50).put("current_page", 1).put("total_pages", 1).putObject("links").put("current", "?page=1&limit=50");
        json(ctx.response(), 200, out);
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

    private JsonNode body(RoutingContext ctx) throws IOException {
        String text = ctx.body().asString();
        return json.readTree(text == null || text.isBlank() ? "{}" : text);
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("title", title);
        body.put("type", "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes");
        body.put("errors", Map.of());
        json(response, status, body);
    }

    private void restoreState() {
        SandboxState.read(config.stateFile(), "BigCommerce").ifPresent(state -> {
            orders.restore(state.path("orders"));
            for (JsonNode h : state.path("hooks")) {
                webhooks.register(h.get("scope").asText(), h.get("destination").asText(), h.path("is_active").asBoolean(true),
                        headers(h));
            }
            LOG.info("BigCommerce sandbox restored {} orders from {}", orders.size(), config.stateFile());
        });
    }

    private void saveState() {
        ObjectNode state = json.createObjectNode();
        state.set("orders", orders.snapshot());
        ArrayNode hooks = state.putArray("hooks");
        webhooks.hooks().forEach(h -> hooks.add(hookJson(h)));
        SandboxState.write(config.stateFile(), state, "BigCommerce");
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        return SandboxState.await(future, "BigCommerce");
    }
}
