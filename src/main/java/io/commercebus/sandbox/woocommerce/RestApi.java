package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's {@code /wp-json/wc/v3} routes: orders (list, get, create, update), an order's refunds and
 * notes (list, get, create, delete), products and product variations (list, get, create, update, delete,
 * batch) and webhooks (list, get, create, update, delete). Authentication is the consumer key and secret over HTTP Basic or the
 * {@code consumer_key}/{@code consumer_secret} query parameters; a wrong key or secret is refused
 * before routing, a missing one by the route's permission check, as WordPress does. Requests are
 * counted per operation (method and route) and batches by their number of objects.
 */
final class RestApi {

    private static final Pattern ROUTE = Pattern.compile("/wp-json/wc/v3/(orders|webhooks)(?:/(\\d{1,9}))?/?");
    private static final Pattern PRODUCTS = Pattern.compile("/wp-json/wc/v3/products(?:/(batch|\\d{1,9}))?/?");
    private static final Pattern ORDER_CHILDREN = Pattern.compile("/wp-json/wc/v3/orders/(\\d{1,9})/(refunds|notes)(?:/(\\d{1,9}))?/?");
    private static final List<String> REFUND_ORDERBY = List.of("date", "id", "include", "title", "slug", "modified");
    private static final Pattern VARIATIONS = Pattern.compile("/wp-json/wc/v3/products/(\\d{1,9})/variations(?:/(batch|\\d{1,9}))?/?");
    private static final List<String> PRODUCT_ORDERBY = List.of("date", "id", "include", "title", "slug", "modified", "price",
            "popularity", "rating");
    private static final List<String> VARIATION_ORDERBY = List.of("date", "id", "include", "title", "slug", "modified");
    private static final List<String> LIST_STATUSES = List.of("any", "future", "trash", "draft", "pending", "private", "publish");
    private static final Set<String> UPDATE = Set.of("PUT", "POST", "PATCH");
    private static final DateTimeFormatter WEBHOOK_NAME_DATE = DateTimeFormatter.ofPattern("MMM dd, uuuu @ hh:mm a", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final WooCommerceSandbox store;
    private final OrderBook orders;
    private final ProductCatalog catalog;
    private final WebhookSender webhooks;
    private final String consumerKey;
    private final String consumerSecret;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong batchesRefused = new AtomicLong();
    private final Map<String, Long> operations = new TreeMap<>();
    private final Map<String, List<Integer>> batchSizes = new TreeMap<>();

    RestApi(WooCommerceSandbox store, OrderBook orders, ProductCatalog catalog, WebhookSender webhooks, String consumerKey,
            String consumerSecret) {
        this.store = store;
        this.orders = orders;
        this.catalog = catalog;
        this.webhooks = webhooks;
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
    }

    long requests() {
        return requests.get();
    }

    long authFailures() {
        return authFailures.get();
    }

    long batchesRefused() {
        return batchesRefused.get();
    }

    synchronized long operationCount(String operation) {
        return operations.getOrDefault(operation, 0L);
    }

    synchronized Map<String, Long> operations() {
        return new TreeMap<>(operations);
    }

    synchronized List<Integer> batchSizes(String operation) {
        return List.copyOf(batchSizes.getOrDefault(operation, List.of()));
    }

    /** Per batch operation: the batch requests accepted, their objects in all, and the largest. */
    synchronized Map<String, Map<String, Object>> batchStats() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        batchSizes.forEach((operation, sizes) -> {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("requests", sizes.size());
            stats.put("objects", sizes.stream().mapToInt(Integer::intValue).sum());
            stats.put("largest", sizes.stream().mapToInt(Integer::intValue).max().orElse(0));
            out.put(operation, stats);
        });
        return out;
    }

    synchronized void resetStats() {
        requests.set(0);
        authFailures.set(0);
        batchesRefused.set(0);
        operations.clear();
        batchSizes.clear();
    }

    private synchronized void count(String operation) {
        operations.merge(operation, 1L, Long::sum);
    }

    private synchronized void countBatch(String operation, int objects) {
        batchSizes.computeIfAbsent(operation, k -> new ArrayList<>()).add(objects);
    }

    void handle(RoutingContext ctx) {
        requests.incrementAndGet();
        String method = ctx.request().method().name();
        String path = ctx.request().path().substring(store.sitePath().length());
        try {
            String[] credentials = credentials(ctx);
            if (credentials != null && !consumerKey.equals(credentials[0])) {
                throw refused("Consumer key is invalid.");
            }
            if (credentials != null && !consumerSecret.equals(credentials[1])) {
                throw refused("Consumer secret is invalid.");
            }
            Matcher products = PRODUCTS.matcher(path);
            Matcher variations = VARIATIONS.matcher(path);
            if (products.matches() || variations.matches()) {
                catalogRoute(ctx, method, credentials != null, products.matches() ? products : variations, variations.matches());
                return;
            }
            Matcher children = ORDER_CHILDREN.matcher(path);
            if (children.matches()) {
                orderChildren(ctx, method, credentials != null, children);
                return;
            }
            Matcher route = ROUTE.matcher(path);
            if (!route.matches() || !(method.equals("GET") || UPDATE.contains(method) || method.equals("DELETE"))) {
                throw noRoute();
            }
            Integer id = route.group(2) == null ? null : Integer.valueOf(route.group(2));
            count(method + " /" + route.group(1) + (id == null ? "" : "/{id}"));
            if (credentials == null) {
                authFailures.incrementAndGet();
                throw permissionDenied(method, id == null);
            }
            if (route.group(1).equals("orders")) {
                orders(ctx, method, id);
            } else {
                webhooks(ctx, method, id);
            }
        } catch (RestError e) {
            error(ctx.response(), e);
        }
    }

    // ---------------------------------------------------------------- orders

    private void orders(RoutingContext ctx, String method, Integer id) {
        if (id == null && method.equals("GET")) {
            listOrders(ctx);
        } else if (id == null && method.equals("POST")) {
            ObjectNode order = store.create(body(ctx), OrderBook.Origin.REST_API);
            ctx.response().putHeader("Location", store.baseUrl() + WooCommerceSandbox.API_PATH + "/orders/" + order.get("id").asInt());
            json(ctx.response(), 201, order);
        } else if (id != null && method.equals("GET")) {
            json(ctx.response(), 200, orders.get(id).orElseThrow(() -> invalidOrder(404)));
        } else if (id != null && UPDATE.contains(method)) {
            json(ctx.response(), 200, store.update(id, body(ctx)).orElseThrow(() -> invalidOrder(400)));
        } else {
            throw new RestError(404, "rest_no_route", "No route was found matching the URL and request method.");
        }
    }

    // ---------------------------------------------------------------- an order's refunds and notes

    /**
     * {@code /orders/<order_id>/refunds} and {@code /orders/<order_id>/notes}: list and create on the
     * collection, read and delete on an item.
     */
    private void orderChildren(RoutingContext ctx, String method, boolean authenticated, Matcher route) {
        int orderId = Integer.parseInt(route.group(1));
        String kind = route.group(2);
        Integer id = route.group(3) == null ? null : Integer.valueOf(route.group(3));
        boolean allowed = id == null ? method.equals("GET") || method.equals("POST") : method.equals("GET") || method.equals("DELETE");
        if (!allowed) {
            throw noRoute();
        }
        count(method + " /orders/{order_id}/" + kind + (id == null ? "" : "/{id}"));
        if (!authenticated) {
            authFailures.incrementAndGet();
            throw permissionDenied(method, id == null);
        }
        if (kind.equals("refunds")) {
            refunds(ctx, method, orderId, id);
        } else {
            notes(ctx, method, orderId, id);
        }
    }

    private void refunds(RoutingContext ctx, String method, int orderId, Integer id) {
        String collection = "/orders/" + orderId + "/refunds";
        if (id == null && method.equals("GET")) {
            page(ctx, collection, refundList(ctx.request().params(), orderId), r -> r);
        } else if (id == null) {
            ObjectNode refund = store.createRefund(orderId, OrderRefunds.parse(body(ctx)));
            ctx.response().putHeader("Location", store.baseUrl() + WooCommerceSandbox.API_PATH + collection + "/" + refund.get("id").asInt());
            json(ctx.response(), 201, refund);
        } else if (method.equals("GET")) {
            json(ctx.response(), 200, orders.refund(orderId, id));
        } else {
            // refunds cannot be trashed, so their route deletes for good unless told force=false
            boolean force = ctx.request().getParam("force") == null || force(ctx.request().params());
            json(ctx.response(), 200, store.deleteRefund(orderId, id, force));
        }
    }

    /**
     * The refunds of {@code GET /orders/<id>/refunds} (none for an order that does not exist, as the refunds
     * query finds none): {@code include}, {@code exclude}, {@code after} and {@code before} (exclusive, on the
     * creation date), {@code orderby} and {@code order}, newest first by default.
     */
    private List<ObjectNode> refundList(MultiMap params, int orderId) {
        Map<String, String> problems = new LinkedHashMap<>();
        String orderBy = enumParam(params, "orderby", REFUND_ORDERBY, problems);
        String order = enumParam(params, "order", List.of("asc", "desc"), problems);
        if (!problems.isEmpty()) {
            throw RestError.invalidParams(problems);
        }
        List<Integer> include = idList(params, "include");
        List<Integer> exclude = idList(params, "exclude");
        Instant after = date(params, "after");
        Instant before = date(params, "before");
        List<ObjectNode> refunds = new ArrayList<>(Optional.ofNullable(orders.refunds(orderId)).orElse(List.of()));
        refunds.removeIf(r -> {
            Instant created = LocalDateTime.parse(r.get("date_created_gmt").asText()).toInstant(ZoneOffset.UTC);
            return include != null && !include.contains(r.get("id").asInt()) || exclude != null && exclude.contains(r.get("id").asInt())
                    || after != null && !created.isAfter(after) || before != null && !created.isBefore(before);
        });
        if ("include".equals(orderBy) && include != null) {
            refunds.sort(Comparator.comparingInt(r -> include.indexOf(r.get("id").asInt())));
        } else if ("asc".equals(order)) {
            // refunds are numbered as they are made, so their ids sort them by date as well
            Collections.reverse(refunds);
        }
        return refunds;
    }

    private void notes(RoutingContext ctx, String method, int orderId, Integer id) {
        if (id == null && method.equals("GET")) {
            Map<String, String> problems = new LinkedHashMap<>();
            String type = enumParam(ctx.request().params(), "type", List.of("any", "customer", "internal"), problems);
            if (!problems.isEmpty()) {
                throw RestError.invalidParams(problems);
            }
            List<ObjectNode> notes = orders.notes(orderId, type == null ? "any" : type);
            if (notes == null) {
                throw new RestError(404, "woocommerce_rest_shop_order_invalid_id", "Invalid order ID.");
            }
            json(ctx.response(), 200, notes);
        } else if (id == null) {
            ObjectNode note = orders.addNote(orderId, body(ctx));
            ctx.response().putHeader("Location", store.baseUrl() + WooCommerceSandbox.API_PATH + "/orders/" + orderId + "/notes/"
                    + note.get("id").asInt());
            json(ctx.response(), 201, note);
        } else if (method.equals("GET")) {
            json(ctx.response(), 200, orders.note(orderId, id));
        } else {
            // the notes controller's message, copied from the webhooks controller, is WooCommerce's own
            if (!force(ctx.request().params())) {
                throw new RestError(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
            }
            json(ctx.response(), 200, orders.deleteNote(orderId, id));
        }
    }

    private void listOrders(RoutingContext ctx) {
        MultiMap params = ctx.request().params();
        String orderBy = params.get("orderby") == null ? "date" : params.get("orderby");
        if (!List.of("date", "id", "modified").contains(orderBy)) {
            throw RestError.invalidParam("orderby", "orderby is not one of date, id, and modified.");
        }
        String order = params.get("order") == null ? "desc" : params.get("order");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw RestError.invalidParam("order", "order is not one of asc and desc.");
        }
        Integer customer = params.get("customer") == null ? null : integer(params.get("customer"), "customer");
        OrderBook.Query query = new OrderBook.Query(statuses(params), customer, date(params, "after"), date(params, "before"),
                date(params, "modified_after"), date(params, "modified_before"), orderBy, order.equals("desc"));
        page(ctx, "/orders", orders.list(query), o -> o);
    }

    /** {@code status} is a list ({@code status=a,b} or {@code status[]=a}); {@code any} means all. */
    private static Set<String> statuses(MultiMap params) {
        List<String> values = new ArrayList<>(params.getAll("status[]"));
        for (String value : params.getAll("status")) {
            values.addAll(List.of(value.split(",")));
        }
        Set<String> statuses = new LinkedHashSet<>();
        for (String value : values) {
            String status = value.trim();
            if (status.equals("any")) {
                return null;
            }
            if (!OrderBook.STATUSES.contains(status)) {
                throw RestError.invalidParam("status", "status[" + statuses.size() + "] is not one of any, "
                        + String.join(", ", OrderBook.STATUSES) + ".");
            }
            statuses.add(status);
        }
        return statuses.isEmpty() ? null : statuses;
    }

    private static RestError invalidOrder(int status) {
        return new RestError(status, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
    }

    // ---------------------------------------------------------------- products and variations

    /**
     * {@code /products}, {@code /products/batch}, {@code /products/<id>} and the same under
     * {@code /products/<product_id>/variations}: list and create on the collection, read, update and delete
     * on an item, create-update-delete on the batch route.
     */
    private void catalogRoute(RoutingContext ctx, String method, boolean authenticated, Matcher route, boolean variations) {
        String base = variations ? "/products/{product_id}/variations" : "/products";
        int productId = variations ? Integer.parseInt(route.group(1)) : 0;
        String last = route.group(variations ? 2 : 1);
        boolean batch = "batch".equals(last);
        Integer id = last == null || batch ? null : Integer.valueOf(last);
        boolean allowed = batch ? UPDATE.contains(method)
                : id == null ? method.equals("GET") || method.equals("POST")
                : method.equals("GET") || UPDATE.contains(method) || method.equals("DELETE");
        if (!allowed) {
            throw noRoute();
        }
        String operation = method + " " + base + (batch ? "/batch" : id == null ? "" : "/{id}");
        count(operation);
        if (!authenticated) {
            authFailures.incrementAndGet();
            throw batch ? new RestError(401, "woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource.")
                    : permissionDenied(method, id == null);
        }
        String collection = variations ? "/products/" + productId + "/variations" : "/products";
        if (batch) {
            JsonNode body = checkedBatch(body(ctx));
            int objects = body.path("create").size() + body.path("update").size() + body.path("delete").size();
            if (objects > ProductCatalog.BATCH_LIMIT) {
                batchesRefused.incrementAndGet();
                throw new RestError(413, "woocommerce_rest_request_entity_too_large",
                        "Unable to accept more than " + ProductCatalog.BATCH_LIMIT + " items for this request.");
            }
            countBatch(operation, objects);
            json(ctx.response(), 200, variations ? catalog.batchVariations(productId, body) : catalog.batchProducts(body));
        } else if (id == null && method.equals("GET")) {
            ProductCatalog.Query query = catalogQuery(ctx.request().params(), variations);
            page(ctx, collection, variations ? catalog.variations(productId, query) : catalog.products(query), p -> p);
        } else if (id == null) {
            ObjectNode created = variations ? catalog.createVariation(productId, body(ctx), true) : catalog.createProduct(body(ctx), true);
            // the variations controller builds its Location from its route pattern, placeholder and all
            String location = variations ? "/products/(?P<product_id>[\\d]+)/variations/" : "/products/";
            ctx.response().putHeader("Location", store.baseUrl() + WooCommerceSandbox.API_PATH + location + created.get("id").asInt());
            json(ctx.response(), 201, created);
        } else if (method.equals("GET")) {
            json(ctx.response(), 200, variations ? catalog.variation(productId, id) : catalog.product(id));
        } else if (method.equals("DELETE")) {
            boolean force = force(ctx.request().params());
            json(ctx.response(), 200, variations ? catalog.deleteVariation(productId, id, force) : catalog.deleteProduct(id, force));
        } else {
            JsonNode body = body(ctx);
            json(ctx.response(), 200, variations ? catalog.updateVariation(productId, id, body, true, true)
                    : catalog.updateProduct(id, body, true));
        }
    }

    /** The batch route's own arguments: create and update lists of objects, delete a list of ids. */
    private static JsonNode checkedBatch(JsonNode body) {
        if (!body.isObject()) {
            return JsonNodeFactory.instance.objectNode();
        }
        Map<String, String> problems = new LinkedHashMap<>();
        for (String key : List.of("create", "update", "delete")) {
            JsonNode value = body.get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isArray()) {
                problems.put(key, WpArgs.notOfType(key, "array"));
                continue;
            }
            for (int i = 0; i < value.size(); i++) {
                boolean ok = key.equals("delete") ? WpArgs.isInteger(value.get(i)) : value.get(i).isObject();
                if (!ok) {
                    problems.put(key, WpArgs.notOfType(key + "[" + i + "]", key.equals("delete") ? "integer" : "object"));
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw RestError.invalidParams(problems);
        }
        return body;
    }

    /**
     * The filters of {@code GET /products} (and of a product's variations): {@code sku} (a comma-separated list
     * matches any of its SKUs, and the whole text too), {@code include}, {@code exclude}, {@code parent},
     * {@code type}, {@code status} ({@code any} but the trash by default), {@code search}, {@code stock_status},
     * {@code slug}, {@code orderby} and {@code order}; paging is {@link #page}'s.
     */
    private static ProductCatalog.Query catalogQuery(MultiMap params, boolean variations) {
        Map<String, String> problems = new LinkedHashMap<>();
        List<Integer> include = idList(params, "include");
        List<Integer> exclude = idList(params, "exclude");
        List<Integer> parents = variations ? null : idList(params, "parent");
        String type = variations ? null : enumParam(params, "type", ProductFields.TYPES, problems);
        String status = enumParam(params, "status", LIST_STATUSES, problems);
        String stockStatus = enumParam(params, "stock_status", ProductFields.STOCK_STATUSES, problems);
        String orderBy = enumParam(params, "orderby", variations ? VARIATION_ORDERBY : PRODUCT_ORDERBY, problems);
        String order = enumParam(params, "order", List.of("asc", "desc"), problems);
        if (!problems.isEmpty()) {
            throw RestError.invalidParams(problems);
        }
        List<String> skus = null;
        String sku = params.get("sku");
        if (sku != null && !sku.isEmpty()) {
            skus = new ArrayList<>(List.of(sku.split(",", -1)));
            if (skus.size() > 1) {
                skus.add(sku);
            }
        }
        String search = params.get("search");
        String slug = params.get("slug");
        return new ProductCatalog.Query(skus, include, exclude == null ? null : Set.copyOf(exclude), type, status,
                search == null || search.isBlank() ? null : search, stockStatus, parents == null ? null : Set.copyOf(parents),
                slug == null || slug.isEmpty() ? null : slug, orderBy == null ? "date" : orderBy, !"asc".equals(order));
    }

    private static String enumParam(MultiMap params, String name, List<String> options, Map<String, String> problems) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!options.contains(value)) {
            problems.put(name, WpArgs.notOneOf(name, options));
        }
        return value;
    }

    /** {@code wp_parse_id_list}: {@code include=1,2} or {@code include[]=1&include[]=2}, absolute and unique; null when absent. */
    private static List<Integer> idList(MultiMap params, String name) {
        List<String> values = new ArrayList<>(params.getAll(name + "[]"));
        params.getAll(name).forEach(v -> values.addAll(List.of(v.split("[,\\s]+"))));
        List<Integer> ids = new ArrayList<>();
        for (String value : values) {
            int id = Math.abs(ProductFields.intval(JsonNodeFactory.instance.textNode(value)));
            if (id != 0 && !ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids.isEmpty() ? null : ids;
    }

    /** {@code force}, a boolean argument: true, false, 1, 0 (and yes: WordPress's boolean check is no stricter). */
    private static boolean force(MultiMap params) {
        String value = params.get("force");
        if (value == null) {
            return false;
        }
        if (!WpArgs.isBoolean(JsonNodeFactory.instance.textNode(value))) {
            throw RestError.invalidParam("force", WpArgs.notOfType("force", "boolean"));
        }
        return value.equalsIgnoreCase("true") || value.equals("1");
    }

    private static RestError noRoute() {
        return new RestError(404, "rest_no_route", "No route was found matching the URL and request method.");
    }

    // ---------------------------------------------------------------- webhooks

    private void webhooks(RoutingContext ctx, String method, Integer id) {
        if (id == null && method.equals("GET")) {
            String status = ctx.request().getParam("status", "all");
            List<WebhookSender.Hook> hooks = new ArrayList<>(webhooks.hooks());
            hooks.removeIf(h -> !status.equals("all") && !h.status().equals(status));
            page(ctx, "/webhooks", hooks, this::hookJson);
        } else if (id == null && method.equals("POST")) {
            createWebhook(ctx, body(ctx));
        } else if (id != null && method.equals("GET")) {
            WebhookSender.Hook hook = webhooks.find(id);
            if (hook == null) {
                throw new RestError(400, "woocommerce_rest_webhook_invalid_id", "ID is invalid.");
            }
            json(ctx.response(), 200, hookJson(hook));
        } else if (id != null && UPDATE.contains(method)) {
            json(ctx.response(), 200, hookJson(updateWebhook(id, body(ctx))));
        } else if (id != null && method.equals("DELETE")) {
            // webhooks cannot be trashed: only force=true deletes
            if (!"true".equals(ctx.request().getParam("force")) && !"1".equals(ctx.request().getParam("force"))) {
                throw new RestError(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
            }
            WebhookSender.Hook hook = webhooks.remove(id);
            if (hook == null) {
                throw new RestError(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.");
            }
            json(ctx.response(), 200, hookJson(hook));
        } else {
            throw new RestError(404, "rest_no_route", "No route was found matching the URL and request method.");
        }
    }

    /** Registers the webhook, answers 201 once WooCommerce's ping to the delivery URL is done. */
    private void createWebhook(RoutingContext ctx, JsonNode body) {
        String topic = body.path("topic").asText("").toLowerCase(Locale.ROOT);
        if (!WebhookSender.validTopic(topic)) {
            throw new RestError(400, "woocommerce_rest_webhook_invalid_topic", "Webhook topic is required and must be valid.");
        }
        String url = body.path("delivery_url").asText("");
        if (!validUrl(url)) {
            throw new RestError(400, "woocommerce_rest_webhook_invalid_delivery_url",
                    "Webhook delivery URL must be a valid URL starting with http:// or https://.");
        }
        String name = body.path("name").asText("");
        if (name.isEmpty()) {
            name = "Webhook created on " + WEBHOOK_NAME_DATE.format(Instant.now());
        }
        WebhookSender.Hook hook = webhooks.create(name, topic, url, body.path("secret").asText(""));
        ObjectNode created = hookJson(hook);
        store.vertx().executeBlocking(() -> webhooks.ping(hook), false).onComplete(ping -> {
            ctx.response().putHeader("Location", store.baseUrl() + WooCommerceSandbox.API_PATH + "/webhooks/" + hook.id());
            json(ctx.response(), 201, created);
        });
    }

    private WebhookSender.Hook updateWebhook(int id, JsonNode body) {
        if (webhooks.find(id) == null) {
            throw new RestError(400, "woocommerce_rest_webhook_invalid_id", "ID is invalid.");
        }
        String topic = text(body, "topic");
        if (topic != null && !WebhookSender.validTopic(topic.toLowerCase(Locale.ROOT))) {
            throw new RestError(400, "woocommerce_rest_webhook_invalid_topic", "Webhook topic must be valid.");
        }
        String url = text(body, "delivery_url");
        if (url != null && !validUrl(url)) {
            throw new RestError(400, "woocommerce_rest_webhook_invalid_delivery_url",
                    "Webhook delivery URL must be a valid URL starting with http:// or https://.");
        }
        String status = text(body, "status");
        if (status != null && !WebhookSender.STATUSES.contains(status)) {
            throw new RestError(400, "woocommerce_rest_webhook_invalid_status", "Webhook status must be valid.");
        }
        return webhooks.update(id, text(body, "name"), status, topic == null ? null : topic.toLowerCase(Locale.ROOT), url,
                text(body, "secret"));
    }

    /** The webhook as the API shows it; the secret is write-only and never shown. */
    private ObjectNode hookJson(WebhookSender.Hook hook) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", hook.id());
        node.put("name", hook.name());
        node.put("status", hook.status());
        node.put("topic", hook.topic());
        node.put("resource", hook.resource());
        node.put("event", hook.event());
        ArrayNode names = node.putArray("hooks");
        hook.hooks().forEach(names::add);
        node.put("delivery_url", hook.deliveryUrl());
        node.put("date_created", OrderBook.date(hook.created()));
        node.put("date_created_gmt", OrderBook.date(hook.created()));
        node.put("date_modified", OrderBook.date(hook.modified()));
        node.put("date_modified_gmt", OrderBook.date(hook.modified()));
        ObjectNode links = node.putObject("_links");
        String collection = store.baseUrl() + WooCommerceSandbox.API_PATH + "/webhooks";
        links.putArray("self").addObject().put("href", collection + "/" + hook.id());
        links.putArray("collection").addObject().put("href", collection);
        return node;
    }

    // ---------------------------------------------------------------- authentication

    /** Wrong credentials are refused before routing, whatever the route. */
    private RestError refused(String message) {
        authFailures.incrementAndGet();
        return new RestError(401, "woocommerce_rest_authentication_error", message);
    }

    /** Key and secret from the Basic Authorization header, else from the query string. */
    private static String[] credentials(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
            }
        }
        String key = ctx.request().getParam("consumer_key");
        String secret = ctx.request().getParam("consumer_secret");
        return key == null || key.isEmpty() || secret == null || secret.isEmpty() ? null : new String[] {key, secret};
    }

    /** What each route's permission check answers a request without credentials. */
    private static RestError permissionDenied(String method, boolean collection) {
        return switch (method) {
            case "GET" -> new RestError(401, "woocommerce_rest_cannot_view",
                    collection ? "Sorry, you cannot list resources." : "Sorry, you cannot view this resource.");
            case "DELETE" -> new RestError(401, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.");
            default -> collection
                    ? new RestError(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.")
                    : new RestError(401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
        };
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Answers one page of a collection with {@code X-WP-Total}, {@code X-WP-TotalPages} and a
     * {@code Link} header to the previous and next pages, built from the request's own parameters.
     */
    private <T> void page(RoutingContext ctx, String collection, List<T> items, java.util.function.Function<T, JsonNode> view) {
        MultiMap params = ctx.request().params();
        int perPage = params.get("per_page") == null ? 10 : integer(params.get("per_page"), "per_page");
        if (perPage < 1 || perPage > 100) {
            throw RestError.invalidParam("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
        }
        int page = params.get("page") == null ? 1 : integer(params.get("page"), "page");
        if (page < 1) {
            throw RestError.invalidParam("page", "page must be greater than or equal to 1");
        }
        int offset = params.get("offset") == null ? (page - 1) * perPage : integer(params.get("offset"), "offset");
        int totalPages = (items.size() + perPage - 1) / perPage;
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = Math.max(0, offset); i < Math.min(items.size(), offset + perPage); i++) {
            out.add(view.apply(items.get(i)));
        }
        HttpServerResponse response = ctx.response();
        response.putHeader("X-WP-Total", Integer.toString(items.size()));
        response.putHeader("X-WP-TotalPages", Integer.toString(totalPages));
        List<String> links = new ArrayList<>();
        if (page > 1) {
            links.add("<" + pageUrl(ctx, collection, Math.min(page - 1, Math.max(totalPages, 1))) + ">; rel=\"prev\"");
        }
        if (totalPages > page) {
            links.add("<" + pageUrl(ctx, collection, page + 1) + ">; rel=\"next\"");
        }
        if (!links.isEmpty()) {
            response.putHeader("Link", String.join(", ", links));
        }
        json(response, 200, out);
    }

    private String pageUrl(RoutingContext ctx, String collection, int page) {
        StringBuilder url = new StringBuilder(store.baseUrl() + WooCommerceSandbox.API_PATH + collection + "?");
        for (Map.Entry<String, String> param : ctx.request().params()) {
            if (!param.getKey().equals("page")) {
                url.append(encode(param.getKey())).append('=').append(encode(param.getValue())).append('&');
            }
        }
        return url.append("page=").append(page).toString();
    }

    /**
     * An ISO-8601 date parameter. Without an offset it is site time, which is UTC here; like MySQL
     * the comparison uses whole seconds.
     */
    private static Instant date(MultiMap params, String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant instant = value.matches(".*(Z|z|[+-]\\d{2}(:?\\d{2})?)$")
                    ? OffsetDateTime.parse(value.replace(' ', 'T')).toInstant()
                    : LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            return instant.truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw RestError.invalidParam(name, "Invalid date.");
        }
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw RestError.invalidParam(name, name + " is not of type integer.");
        }
    }

    private static boolean validUrl(String url) {
        return url.startsWith("http://") || url.startsWith("https://");
    }

    private static String text(JsonNode body, String field) {
        String value = body.path(field).asText("");
        return value.isEmpty() ? null : value;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonNode body(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new RestError(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
    }

    static void json(HttpServerResponse response, int status, Object body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8").end(PhpJson.write(body));
    }

    private static void error(HttpServerResponse response, RestError e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("code", e.code);
        body.put("message", e.getMessage());
        ObjectNode data = body.putObject("data").put("status", e.status);
        e.data.forEach((key, value) -> data.set(key, value instanceof JsonNode node ? node
                : value instanceof Integer n ? JsonNodeFactory.instance.numberNode(n)
                : JsonNodeFactory.instance.textNode(value.toString())));
        if (!e.params.isEmpty()) {
            ObjectNode params = data.putObject("params");
            e.params.forEach(params::put);
        }
        json(response, e.status, body);
    }
}
