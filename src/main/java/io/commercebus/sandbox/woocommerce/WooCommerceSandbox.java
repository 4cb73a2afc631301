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
 * paging, get, create, update) and webhooks that POST {@code order.created} and
 * {@code order.updated} signed with each webhook's secret. A generator places demo checkout orders
 * at a configurable rate. WooCommerce has no request rate limit, and neither has the sandbox.
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
    private final OrderBook orders;
    private final WebhookSender webhooks;
    private final DemoShoppers shoppers;
    private final RestApi api;
    private Vertx vertx;
    private HttpServer server;
    private long generatorTimer = -1;

    public WooCommerceSandbox(Config config) {
        this.config = config;
        this.orders = new OrderBook(Clock.systemUTC(), config.taxRate(), config.seed(), () -> baseUrl().toString());
        this.webhooks = new WebhookSender(Clock.systemUTC(), () -> baseUrl().toString(), config.webhookRetryDelays(),
                config.maxDeliveryFailures());
        this.shoppers = new DemoShoppers(config.seed());
        this.api = new RestApi(this, orders, webhooks, config.consumerKey(), config.consumerSecret());
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
        return URI.create("http://" + config.host() + ":" + port() + config.sitePath());
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

    /** Places an order as a shopper at the checkout would, from a {@code POST /orders} body; fires order.created. */
    public int placeOrder(JsonNode body) {
        return create(body, OrderBook.Origin.CHECKOUT).get("id").asInt();
    }

    /** Places the given number of demo orders. */
    public List<Integer> placeDemoOrders(int count) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(placeOrder(shoppers.nextOrder()));
        }
        return ids;
    }

    /** A demo order body (not placed), to adjust before {@link #placeOrder}. */
    public ObjectNode demoOrderBody() {
        return shoppers.nextOrder();
    }

    /** Changes an order as the merchant would ({@code PUT /orders/{id}}), firing order.updated. */
    public void updateOrder(int id, JsonNode put) {
        update(id, put).orElseThrow(() -> new IllegalArgumentException("no order " + id));
    }

    /** The order as {@code GET /orders/{id}} returns it. */
    public ObjectNode order(int id) {
        return orders.get(id).orElseThrow(() -> new IllegalArgumentException("no order " + id));
    }

    public int orderCount() {
        return orders.size();
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
        stats.put("requests", api.requests());
        stats.put("authFailures", api.authFailures());
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
            orders.restore(state.path("orders"));
            for (JsonNode h : state.path("webhooks")) {
                webhooks.restore(new WebhookSender.Hook(h.get("id").asInt(), h.get("name").asText(), h.get("status").asText(),
                        h.get("topic").asText(), h.get("delivery_url").asText(), h.get("secret").asText(),
                        h.path("failure_count").asInt(0), Instant.parse(h.get("created").asText()),
                        Instant.parse(h.get("modified").asText())));
            }
            LOG.info("WooCommerce sandbox restored {} orders from {}", orders.size(), config.stateFile());
        });
    }

    private void saveState() {
        ObjectNode state = Json.mapper().createObjectNode();
        state.set("orders", orders.snapshot());
        ArrayNode hooks = state.putArray("webhooks");
        for (WebhookSender.Hook h : webhooks.hooks()) {
            hooks.addObject().put("id", h.id()).put("name", h.name()).put("status", h.status()).put("topic", h.topic())
                    .put("delivery_url", h.deliveryUrl()).put("secret", h.secret()).put("failure_count", h.failures())
                    .put("created", h.created().toString()).put("modified", h.modified().toString());
        }
        SandboxState.write(config.stateFile(), state, "WooCommerce");
    }
}
