package io.commercebus.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.connector.marketplace.MarketplaceUnavailableException;
import io.commercebus.support.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** One WooCommerce store's REST API v3 (orders, webhooks), authenticated by its consumer key and secret. */
public class WooCommerceClient {

    static final int PAGE_SIZE = 100;
    private static final DateTimeFormatter WOO_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final WooCommerceStore store;
    private final HttpClient http;
    private final Duration timeout;
    private final String authorization;
    private final ObjectMapper json = Json.mapper();

    public WooCommerceClient(WooCommerceStore store, HttpClient http, Duration timeout) {
        this.store = store;
        this.http = http;
        this.timeout = timeout;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (store.consumerKey() + ":" + store.consumerSecret()).getBytes(StandardCharsets.UTF_8));
    }

    /** Every order modified at or after {@code since} (GMT), whole, across all pages. */
    public List<JsonNode> ordersModifiedSince(Instant since) {
        String after = gmt(since);
        List<JsonNode> orders = new ArrayList<>();
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            HttpResponse<String> response = send("GET", "/orders?modified_after=" + after + "&dates_are_gmt=true&orderby=id"
                    + "&order=asc&status=any&per_page=" + PAGE_SIZE + "&page=" + page, null);
            pages = response.headers().firstValue("X-WP-TotalPages").map(Integer::parseInt).orElse(1);
            read(response).forEach(orders::add);
        }
        return orders;
    }

    /**
     * Every order created in [from, to] whole seconds (GMT), across all pages; WooCommerce's {@code after}
     * and {@code before} are exclusive, so the window is widened by a second each side for the caller to trim.
     */
    public List<JsonNode> ordersCreated(Instant from, Instant to) {
        String after = gmt(from.minusSeconds(1));
        String before = gmt(to.plusSeconds(1));
        List<JsonNode> orders = new ArrayList<>();
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            HttpResponse<String> response = send("GET", "/orders?after=" + after + "&before=" + before + "&dates_are_gmt=true"
                    + "&orderby=id&order=asc&status=any&per_page=" + PAGE_SIZE + "&page=" + page, null);
            pages = response.headers().firstValue("X-WP-TotalPages").map(Integer::parseInt).orElse(1);
            read(response).forEach(orders::add);
        }
        return orders;
    }

    private static String gmt(Instant instant) {
        return URLEncoder.encode(WOO_DATE.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)),
                StandardCharsets.UTF_8);
    }

    /**
     * Makes sure the store sends the topic to the URL, signed with the secret: a matching webhook is
     * kept, or re-activated if the store disabled it after failed deliveries; a missing one is created.
     */
    public void ensureWebhook(String topic, String deliveryUrl, String secret) {
        ObjectNode body = json.createObjectNode();
        body.put("name", "commerce-bus " + topic);
        body.put("topic", topic);
        body.put("delivery_url", deliveryUrl);
        body.put("secret", secret);
        body.put("status", "active");
        for (JsonNode hook : read(send("GET", "/webhooks?per_page=100", null))) {
            if (topic.equals(hook.path("topic").asText()) && deliveryUrl.equals(hook.path("delivery_url").asText())) {
                if (!"active".equals(hook.path("status").asText())) {
                    send("PUT", "/webhooks/" + hook.path("id").asText(), body);
                }
                return;
            }
        }
        send("POST", "/webhooks", body);
    }

    /** The products and variations with these SKUs (variations come with type "variation" and their parent_id). */
    public List<JsonNode> productsBySku(List<String> skus) {
        List<JsonNode> found = new ArrayList<>();
        for (int from = 0; from < skus.size(); from += PAGE_SIZE) {
            String list = URLEncoder.encode(String.join(",", skus.subList(from, Math.min(skus.size(), from + PAGE_SIZE))),
                    StandardCharsets.UTF_8);
            int pages = 1;
            for (int page = 1; page <= pages; page++) {
                HttpResponse<String> response = send("GET", "/products?sku=" + list + "&status=any&per_page=" + PAGE_SIZE
                        + "&page=" + page, null);
                pages = response.headers().firstValue("X-WP-TotalPages").map(Integer::parseInt).orElse(1);
                read(response).forEach(found::add);
            }
        }
        return found;
    }

    /**
     * Calls the REST API with a JSON body (a product, a batch). A refusal (4xx) is thrown as
     * {@link WooCommerceRefusal} with WooCommerce's error code and data.
     */
    public JsonNode call(String method, String path, JsonNode body) {
        return read(send(method, path, body));
    }

    /** WooCommerce dates are site-local without zone; the _gmt variants are UTC. */
    static Instant parseGmt(String date) {
        return LocalDateTime.parse(date).toInstant(ZoneOffset.UTC);
    }

    private JsonNode read(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("WooCommerce store " + store.id() + " answered with something that"
                    + " is not JSON", e);
        }
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
        URI uri = URI.create(store.siteUrl() + "/wp-json/wc/v3" + path);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Authorization", authorization)
                    .header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw new MarketplaceUnavailableException("WooCommerce store " + store.id() + " refused the API key ("
                        + status + "); check bus.store." + store.id() + ".consumer-key and its read/write permission");
            }
            if (status == 429 || status >= 500) {
                throw new MarketplaceUnavailableException("WooCommerce store " + store.id() + " answered " + status + " to "
                        + method + " " + path);
            }
            if (status >= 400) {
                throw WooCommerceRefusal.of(store.id(), method + " " + path, status, response.body());
            }
            return response;
        } catch (HttpTimeoutException e) {
            throw new MarketplaceUnavailableException("WooCommerce store " + store.id() + " did not answer " + method + " "
                    + path + " within " + timeout, e);
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("WooCommerce store " + store.id() + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketplaceUnavailableException("Interrupted while calling WooCommerce", e);
        }
    }
}
