package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxState;
import io.commercebus.support.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A WooCommerce store for the sandbox and the tests, speaking the REST API v3 under
 * {@code <site>/wp-json/wc/v3}: orders (list with status, date and modification filters and
 * paging, get, create, update), their refunds (through the payment gateway when asked, restocking
 * what they name, never more than remains) and notes, products and their variations (list with filters and paging, get,
 * create, update, delete, batches of at most 100 objects) with unique SKUs, prices and stock that
 * paid orders reduce, and webhooks that POST {@code order.created} and {@code order.updated} signed
 * with each webhook's secret. The demo catalogue ({@link io.commercebus.sandbox.SandboxCatalog}) is
 * there from the start as simple products managing their stock. A generator places demo checkout
 * orders at a configurable rate. WooCommerce has no request rate limit, and neither has the sandbox.
 */
public class WooCommerceSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WooCommerceSandbox.class);

    /** Where the REST API lives under the site URL. */
    public static final String API_PATH = "/wp-json/wc/v3";

    /**
     * How the simulated store is set up. {@code sitePath} is the WordPress site's path on the host
     * ("" or e.g. "/shop"); {@code port} 0 takes a free one. {@code maxDeliveryFailures} is
     * WooCommerce's {@code woocommerce_max_webhook_delivery_failures} (5 in WooCommerce); an empty
     * {@code webhookRetryDelays} delivers once, as WooCommerce does.
     */
    public record Config(String host, int port, String sitePath, String consumerKey, String consumerSecret,
                         double ordersPerMinute, List<Duration> webhookRetryDelays, int maxDeliveryFailures,
                         BigDecimal taxRate, long seed, Path stateFile) {
    }

    private final Config config;
    private final ProductCatalog catalog;
    private final OrderBook orders;
    private final WebhookSender webhooks;
    private final DemoShoppers shoppers;
    private final RestApi api;
    private Vertx vertx;
    private HttpServer server;
    private long generatorTimer = -1;

    public WooCommerceSandbox(Config config) {
        this.config = config;
        this.catalog = new ProductCatalog(Clock.systemUTC(), () -> baseUrl().toString());
        this.catalog.seed();
        this.orders = new OrderBook(Clock.systemUTC(), config.taxRate(), config.seed(), () -> baseUrl().toString(), catalog);
        this.webhooks = new WebhookSender(Clock.systemUTC(), () -> baseUrl().toString(), config.webhookRetryDelays(),
                config.maxDeliveryFailures());
        this.shoppers = new DemoShoppers(config.seed(), catalog::available);
        this.api = new RestApi(this, orders, catalog, webhooks, config.consumerKey(), config.consumerSecret());
    }

    public WooCommerceSandbox start() {
        restoreState();
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(1024 * 1024));
        router.route("/sandbox/*").handler(this::control);
        router.route(config.sitePath() + "/wp-json/*").handler(api::handle);
        server = SandboxState.await(vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()),
                "WooCommerce");
        if (config.ordersPerMinute() > 0) {
            startGenerator(config.ordersPerMinute());
        }
        LOG.info("WooCommerce sandbox at {}{} — {} demo orders per minute", baseUrl(), API_PATH, config.ordersPerMinute());
        return this;
    }

    /** The site URL, e.g. http://127.0.0.1:8102 — what a store owner gives; the API is under {@link #API_PATH}. */
    public URI baseUrl() {
        return URI.create("http://" + config.host() + ":" + (server == null ? config.port() : port()) + config.sitePath());
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        if (vertx != null) {
            SandboxState.await(vertx.close(), "WooCommerce");
            vertx = null;
        }
        webhooks.close();
        saveState();
    }

    // ---------------------------------------------------------------- test and operator controls

    /**
     * Places an order as a shopper at the checkout would, from a {@code POST /orders} body; fires order.created.
     * The cart refuses, with WooCommerce's message, products out of stock or fewer than the order wants
     * ({@link IllegalStateException}); a paid order reduces the stock of what it bought.
     */
    public int placeOrder(JsonNode body) {
        return create(body, OrderBook.Origin.CHECKOUT).get("id").asInt();
    }

    /** Places the given number of demo orders, fewer if the demo products sell out. */
    public List<Integer> placeDemoOrders(int count) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode order = shoppers.nextOrder();
            if (order == null) {
                break;
            }
            ids.add(placeOrder(order));
        }
        return ids;
    }

    /** A demo order body (not placed), to adjust before {@link #placeOrder}. */
    public ObjectNode demoOrderBody() {
        ObjectNode order = shoppers.nextOrder();
        if (order == null) {
            throw new IllegalStateException("every demo product is out of stock");
        }
        return order;
    }

    /** Changes an order as the merchant would ({@code PUT /orders/{id}}), firing order.updated. */
    public void updateOrder(int id, JsonNode put) {
        update(id, put).orElseThrow(() -> new IllegalArgumentException("no order " + id));
    }

    /** The order as {@code GET /orders/{id}} returns it. */
    public ObjectNode order(int id) {
        return orders.get(id).orElseThrow(() -> new IllegalArgumentException("no order " + id));
    }

    /** The order's status, e.g. processing, completed, cancelled or refunded. */
    public String status(int orderId) {
        String status = orders.status(orderId);
        if (status == null) {
            throw new IllegalArgumentException("no order " + orderId);
        }
        return status;
    }

    /**
     * Refunds an order as {@code POST /orders/{id}/refunds} does, from the same body ({@code amount},
     * {@code reason}, {@code line_items} with {@code id}, {@code quantity}, {@code refund_total} and
     * {@code refund_tax}, {@code api_refund}, {@code api_restock}), refused as WooCommerce refuses it (a
     * {@link IllegalArgumentException} carrying WooCommerce's message); fires order.updated. Returns the refund's id.
     */
    public int refund(int orderId, JsonNode request) {
        return createRefund(orderId, OrderRefunds.parse(request)).get("id").asInt();
    }

    /** The order's refunds as {@code GET /orders/{id}/refunds} lists them, newest first. */
    public List<ObjectNode> refunds(int orderId) {
        List<ObjectNode> refunds = orders.refunds(orderId);
        if (refunds == null) {
            throw new IllegalArgumentException("no order " + orderId);
        }
        return refunds;
    }

    /**
     * The order's notes as {@code GET /orders/{id}/notes} lists them, newest first: the merchant's and
     * WooCommerce's own (status changes, stock levels, restocks).
     */
    public List<ObjectNode> notes(int orderId) {
        List<ObjectNode> notes = orders.notes(orderId, "any");
        if (notes == null) {
            throw new IllegalArgumentException("no order " + orderId);
        }
        return notes;
    }

    public int orderCount() {
        return orders.size();
    }

    /** The product (not a variation) with the SKU, as {@code GET /products/<id>} shows it; none in the trash. */
    public Optional<ObjectNode> productBySku(String sku) {
        return catalog.productBySku(sku);
    }

    /** The variation with the SKU, as {@code GET /products/<parent>/variations/<id>} shows it. */
    public Optional<ObjectNode> variationBySku(String sku) {
        return catalog.variationBySku(sku);
    }

    /** The product or variation as {@code GET /products/<id>} shows it. */
    public ObjectNode product(int id) {
        return catalog.product(id);
    }

    /**
     * The {@code stock_quantity} of the product or variation with the SKU (its parent's when the parent
     * manages its stock); null when no stock is managed. {@link IllegalArgumentException} for an unknown SKU.
     */
    public Integer stock(String sku) {
        return catalog.stock(sku);
    }

    /** Its {@code stock_status}: instock, outofstock or onbackorder. */
    public String stockStatus(String sku) {
        return catalog.stockStatus(sku);
    }

    /** Its active price ({@code price}: the sale price during a sale); null when it has none. */
    public BigDecimal price(String sku) {
        return catalog.price(sku);
    }

    /** Products not in the trash (variations not counted). */
    public int productCount() {
        return catalog.productCount();
    }

    /**
     * API requests answered for one operation, a method and WooCommerce's route, e.g.
     * {@code "POST /products/batch"}, {@code "PUT /products/{id}"},
     * {@code "POST /products/{product_id}/variations/batch"}.
     */
    public long operationCount(String operation) {
        return api.operationCount(operation);
    }

    /** Requests per operation, for every operation asked for since the start (or the last {@link #resetStats}). */
    public Map<String, Long> operations() {
        return api.operations();
    }

    /** The number of objects (create, update and delete together) of each batch request an operation accepted, in order. */
    public List<Integer> batchSizes(String operation) {
        return api.batchSizes(operation);
    }

    /** Forgets the request counts, operations and batch sizes; the store's data stays. */
    public void resetStats() {
        api.resetStats();
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

    /** Orders, API requests, refused requests, webhooks and their deliveries, pings and failed attempts. */
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("orders", orders.size());
        stats.put("products", catalog.productCount());
        stats.put("variations", catalog.variationCount());
        stats.put("requests", api.requests());
        stats.put("authFailures", api.authFailures());
        stats.put("operations", api.operations());
        stats.put("batches", api.batchStats());
        stats.put("batchesRefused", api.batchesRefused());
        stats.put("webhooks", webhooks.hooks().size());
        stats.put("webhooksDelivered", webhooks.delivered());
        stats.put("webhookFailedAttempts", webhooks.failedAttempts());
        stats.put("webhookPings", webhooks.pings());
        return stats;
    }

    // ---------------------------------------------------------------- shared with the REST API

    ObjectNode create(JsonNode body, OrderBook.Origin origin) {
        ObjectNode order = orders.create(body, origin);
        webhooks.publish("order.created", order);
        return order;
    }

    Optional<ObjectNode> update(int id, JsonNode put) {
        Optional<ObjectNode> order = orders.update(id, put);
        order.ifPresent(o -> webhooks.publish("order.updated", o));
        return order;
    }

    /** A refund fires order.updated once ({@code woocommerce_order_refunded}, one delivery per request). */
    ObjectNode createRefund(int orderId, OrderRefunds.Request request) {
        ObjectNode refund = orders.refund(orderId, request);
        webhooks.publish("order.updated", order(orderId));
        return refund;
    }

    /** Deleting a refund fires order.updated ({@code woocommerce_delete_order_refund}, since WooCommerce 11.2). */
    ObjectNode deleteRefund(int orderId, int refundId, boolean force) {
        ObjectNode refund = orders.deleteRefund(orderId, refundId, force);
        webhooks.publish("order.updated", order(orderId));
        return refund;
    }

    String sitePath() {
        return config.sitePath();
    }

    Vertx vertx() {
        return vertx;
    }

    // ---------------------------------------------------------------- /sandbox control API

    private void control(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.equals("/sandbox/stats")) {
            RestApi.json(ctx.response(), 200, stats());
        } else if (path.equals("/sandbox/orders") && ctx.request().method().name().equals("POST")) {
            int count = Math.max(1, Integer.parseInt(ctx.request().getParam("count", "1")));
            vertx.executeBlocking(() -> placeDemoOrders(count), false)
                    .onSuccess(ids -> RestApi.json(ctx.response(), 201, Map.of("orders", ids)));
        } else {
            ctx.response().setStatusCode(404).end();
        }
    }

    // ---------------------------------------------------------------- state file

    private void restoreState() {
        SandboxState.read(config.stateFile(), "WooCommerce").ifPresent(state -> {
            // a state file from before the catalogue keeps the seeded demo catalogue
            if (state.has("catalog")) {
                catalog.restore(state.get("catalog"));
            }
            orders.restore(state.path("orders"));
            for (JsonNode h : state.path("webhooks")) {
                webhooks.restore(new WebhookSender.Hook(h.get("id").asInt(), h.get("name").asText(), h.get("status").asText(),
                        h.get("topic").asText(), h.get("delivery_url").asText(), h.get("secret").asText(),
                        h.path("failure_count").asInt(0), Instant.parse(h.get("created").asText()),
                        Instant.parse(h.get("modified").asText())));
            }
            LOG.info("WooCommerce sandbox restored {} orders and {} products from {}", orders.size(), catalog.productCount(),
                    config.stateFile());
        });
    }

    private void saveState() {
        ObjectNode state = Json.mapper().createObjectNode();
        state.set("orders", orders.snapshot());
        state.set("catalog", catalog.snapshot());
        ArrayNode hooks = state.putArray("webhooks");
        for (WebhookSender.Hook h : webhooks.hooks()) {
            hooks.addObject().put("id", h.id()).put("name", h.name()).put("status", h.status()).put("topic", h.topic())
                    .put("delivery_url", h.deliveryUrl()).put("secret", h.secret()).put("failure_count", h.failures())
                    .put("created", h.created().toString()).put("modified", h.modified().toString());
        }
        SandboxState.write(config.stateFile(), state, "WooCommerce");
    }
}
