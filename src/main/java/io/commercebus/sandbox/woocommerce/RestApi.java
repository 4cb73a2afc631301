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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's {@code /wp-json/wc/v3} routes: orders (list, get, create, update) and webhooks (list,
 * get, create, update, delete). Authentication is the consumer key and secret over HTTP Basic or the
 * {@code consumer_key}/{@code consumer_secret} query parameters; a wrong key or secret is refused
 * before routing, a missing one by the route's permission check, as WordPress does.
 */
final class RestApi {

    private static final Pattern ROUTE = Pattern.compile("/wp-json/wc/v3/(orders|webhooks)(?:/(\\d{1,9}))?/?");
    private static final Set<String> UPDATE = Set.of("PUT", "POST", "PATCH");
    private static final DateTimeFormatter WEBHOOK_NAME_DATE = DateTimeFormatter.ofPattern("MMM dd, uuuu @ hh:mm a", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final WooCommerceSandbox store;
    private final OrderBook orders;
    private final WebhookSender webhooks;
    private final String consumerKey;
    private final String consumerSecret;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();

    RestApi(WooCommerceSandbox store, OrderBook orders, WebhookSender webhooks, String consumerKey, String consumerSecret) {
        this.store = store;
        this.orders = orders;
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
            Matcher route = ROUTE.matcher(path);
            if (!route.matches() || !(method.equals("GET") || UPDATE.contains(method) || method.equals("DELETE"))) {
                throw new RestError(404, "rest_no_route", "No route was found matching the URL and request method.");
            }
            Integer id = route.group(2) == null ? null : Integer.valueOf(route.group(2));
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
        if (!e.params.isEmpty()) {
            ObjectNode params = data.putObject("params");
            e.params.forEach(params::put);
        }
        json(response, e.status, body);
    }
}
