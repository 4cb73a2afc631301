package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.connector.marketplace.MarketplaceUnavailableException;
import io.commercebus.connector.marketplace.RateLimitGate;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.support.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One BigCommerce store's REST API (orders v2, webhooks v3), authenticated by access token. It keeps
 * within the store's rate limit as the {@code X-Rate-Limit-*} headers report it and waits out a 429
 * before trying again.
 */
public class BigCommerceClient {

    /** SKUs per {@code sku:in} filter, keeping the URL short. */
    static final int SKU_FILTER = 50;

    /** An order the store reports as changed, with its modification time. */
    public record ChangedOrder(String id, Instant modifiedAt) {
    }

    static final int PAGE_SIZE = 250;

    private final BigCommerceStore store;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration maxRateLimitWait;
    private final Clock clock;
    private final RateLimitGate gate;
    private final ObjectMapper json = Json.mapper();

    public BigCommerceClient(BigCommerceStore store, HttpClient http, Duration timeout, Duration maxRateLimitWait, Clock clock) {
        this.store = store;
        this.http = http;
        this.timeout = timeout;
        this.maxRateLimitWait = maxRateLimitWait;
        this.clock = clock;
        this.gate = new RateLimitGate(clock);
    }

    /**
     * The full order: the v2 order with its {@code products} and {@code shipping_addresses} resources
     * replaced by their content, as the mappings expect it.
     *
     * @throws PermanentFailure SOURCE_NOT_FOUND when the store has no such order
     */
    public String fetchOrder(String orderId) {
        if (!orderId.matches("\\d{1,12}")) {
            throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "'" + orderId + "' is not a BigCommerce order id");
        }
        JsonNode order = get("/v2/orders/" + orderId).orElseThrow(() -> new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND,
                "BigCommerce store " + store.id() + " has no order " + orderId));
        ObjectNode full = (ObjectNode) order;
        full.set("products", all("/v2/orders/" + orderId + "/products"));
        full.set("shipping_addresses", all("/v2/orders/" + orderId + "/shipping_addresses"));
        try {
            return json.writeValueAsString(full);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The order as {@code GET /v2/orders/{id}} returns it (without its sub-resources), or empty when the store has none. */
    public Optional<JsonNode> order(String orderId) {
        return orderId.matches("\\d{1,12}") ? get("/v2/orders/" + orderId) : Optional.empty();
    }

    /** The order's products (order product {@code id}, {@code sku}, {@code quantity}, {@code order_address_id}...), every page. */
    public ArrayNode orderProducts(String orderId) {
        return all("/v2/orders/" + orderId + "/products");
    }

    /** The order's shipments, every page. */
    public ArrayNode shipments(String orderId) {
        return all("/v2/orders/" + orderId + "/shipments");
    }

    /** Every order created from {@code from} to {@code to}, both included to the second, in id order. */
    public ArrayNode ordersCreated(Instant from, Instant to) {
        String min = URLEncoder.encode(from.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
        String max = URLEncoder.encode(to.toString(), StandardCharsets.UTF_8);
        return all("/v2/orders?min_date_created=" + min + "&max_date_created=" + max + "&sort=id:asc");
    }

    /** Every element of a v3 collection ({@code data}), page after page as {@code meta.pagination} counts them. */
    public List<JsonNode> allPages(String path) {
        List<JsonNode> out = new ArrayList<>();
        String separator = path.contains("?") ? "&" : "?";
        for (int page = 1, pages = 1; page <= pages; page++) {
            JsonNode body = call("GET", path + separator + "limit=" + PAGE_SIZE + "&page=" + page, null);
            body.path("data").forEach(out::add);
            pages = body.path("meta").path("pagination").path("total_pages").asInt(1);
        }
        return out;
    }

    /** Every order modified at or after {@code since}, oldest change first. */
    public List<ChangedOrder> ordersModifiedSince(Instant since) {
        // the API filters to the second; rounding down keeps the filter inclusive
        String min = URLEncoder.encode(since.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
        List<ChangedOrder> out = new ArrayList<>();
        for (JsonNode order : all("/v2/orders?min_date_modified=" + min + "&sort=date_modified:asc")) {
            out.add(new ChangedOrder(order.path("id").asText(), parseDate(order.path("date_modified").asText())));
        }
        return out;
    }

    /**
     * Makes sure the store sends the scope to the destination with the given headers: an existing
     * hook is kept or corrected, a missing one created.
     */
    public void ensureWebhook(String scope, String destination, Map<String, String> headers) {
        JsonNode hooks = get("/v3/hooks").map(n -> n.path("data")).orElse(json.createArrayNode());
        ObjectNode body = json.createObjectNode();
        body.put("scope", scope);
        body.put("destination", destination);
        body.put("is_active", true);
        ObjectNode h = body.putObject("headers");
        headers.forEach(h::put);
        for (JsonNode hook : hooks) {
            if (scope.equals(hook.path("scope").asText()) && destination.equals(hook.path("destination").asText())) {
                if (!hook.path("is_active").asBoolean() || !h.equals(hook.path("headers"))) {
                    send("PUT", "/v3/hooks/" + hook.path("id").asText(), body);
                }
                return;
            }
        }
        send("POST", "/v3/hooks", body);
    }

    /** The variants (base variants of simple products included) with these SKUs, across pages. */
    public List<JsonNode> variantsBySku(List<String> skus) {
        List<JsonNode> found = new ArrayList<>();
        for (int from = 0; from < skus.size(); from += SKU_FILTER) {
            String list = URLEncoder.encode(String.join(",", skus.subList(from, Math.min(skus.size(), from + SKU_FILTER))),
                    StandardCharsets.UTF_8);
            for (int page = 1, pages = 1; page <= pages; page++) {
                JsonNode body = call("GET", "/v3/catalog/variants?sku:in=" + list + "&limit=250&page=" + page, null);
                body.path("data").forEach(found::add);
                pages = body.path("meta").path("pagination").path("total_pages").asInt(1);
            }
        }
        return found;
    }

    /**
     * A call with a JSON body (a batch, a product, a shipment), or none; its JSON answer. A refusal (4xx,
     * 404 included) is thrown as {@link BigCommerceRefusal} with BigCommerce's status and error body.
     */
    public JsonNode call(String method, String path, JsonNode body) {
        HttpResponse<String> response = send(method, path, body);
        if (response.statusCode() == 404) {
            throw new BigCommerceRefusal(store.id(), method + " " + path, 404, response.body());
        }
        try {
            return response.statusCode() == 204 || response.body().isBlank() ? json.createObjectNode()
                    : json.readTree(response.body());
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("BigCommerce answered " + path + " with something that is not JSON", e);
        }
    }

    /** All pages of a v2 collection (a 204 ends it). */
    ArrayNode all(String path) {
        ArrayNode out = json.createArrayNode();
        String separator = path.contains("?") ? "&" : "?";
        for (int page = 1; ; page++) {
            Optional<JsonNode> items = get(path + separator + "limit=" + PAGE_SIZE + "&page=" + page);
            if (items.isEmpty() || !items.get().isArray() || items.get().isEmpty()) {
                return out;
            }
            out.addAll((ArrayNode) items.get());
            if (items.get().size() < PAGE_SIZE) {
                return out;
            }
        }
    }

    private Optional<JsonNode> get(String path) {
        HttpResponse<String> response = send("GET", path, null);
        if (response.statusCode() == 404 || response.statusCode() == 204) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(response.body()));
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("BigCommerce answered " + path + " with something that is not JSON", e);
        }
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
        URI uri = URI.create(store.apiUrl() + path);
        Instant giveUp = clock.instant().plus(maxRateLimitWait);
        while (true) {
            HttpResponse<String> response;
            try {
                gate.await();
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                        .header("X-Auth-Token", store.accessToken())
                        .header("Accept", "application/json");
                if (body != null) {
                    request.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
                } else {
                    request.method(method, HttpRequest.BodyPublishers.noBody());
                }
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                throw new MarketplaceUnavailableException("BigCommerce store " + store.id() + " did not answer " + method + " "
                        + path + " within " + timeout, e);
            } catch (IOException e) {
                throw new MarketplaceUnavailableException("BigCommerce store " + store.id() + " unreachable: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MarketplaceUnavailableException("Interrupted while calling BigCommerce", e);
            }
            Long reset = header(response, "X-Rate-Limit-Time-Reset-Ms");
            Long left = header(response, "X-Rate-Limit-Requests-Left");
            gate.observe(left == null ? null : left.intValue(), reset);
            int status = response.statusCode();
            if (status == 429) {
                gate.rejected(reset);
                if (clock.instant().isAfter(giveUp)) {
                    throw new MarketplaceUnavailableException("BigCommerce store " + store.id() + " still rate-limiting after "
                            + maxRateLimitWait);
                }
                continue;
            }
            if (status >= 500) {
                throw new MarketplaceUnavailableException("BigCommerce store " + store.id() + " answered " + status + " to "
                        + method + " " + path);
            }
            if (status == 401 || status == 403) {
                throw new MarketplaceUnavailableException("BigCommerce store " + store.id() + " refused the access token ("
                        + status + "); check bus.store." + store.id() + ".access-token and its API account scopes");
            }
            if (status >= 400 && status != 404) {
                throw new BigCommerceRefusal(store.id(), method + " " + path, status, response.body());
            }
            return response;
        }
    }

    private static Long header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    static Instant parseDate(String rfc2822) {
        return ZonedDateTime.parse(rfc2822, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
}
