package io.commercebus.connector.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.connector.marketplace.MarketplaceUnavailableException;
import io.commercebus.connector.marketplace.TokenBucket;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Amazon seller's SP-API: Orders v0, and the Feeds and Listings Items operations the listings
 * use ({@link AmazonListings}). Each operation has its own usage plan (rate and burst):
 * requests are paced per operation, the rate follows {@code x-amzn-RateLimit-Limit}, and a 429 is
 * waited out, so a throttling storm only delays the orders.
 */
public class AmazonClient {

    /** An order Amazon reports as changed, with its LastUpdateDate. */
    public record ChangedOrder(String id, Instant lastUpdated) {
    }

    /** Usage plans of the Orders API operations the bus calls (rate per second, burst), per Amazon's model. */
    static final Map<String, double[]> USAGE_PLANS = Map.of(
            "getOrders", new double[] {0.0167, 20},
            "getOrder", new double[] {0.5, 30},
            "getOrderItems", new double[] {0.5, 30},
            "createFeedDocument", new double[] {0.5, 15},
            "createFeed", new double[] {0.0083, 15},
            "getFeed", new double[] {2, 15},
            "getFeedDocument", new double[] {0.0222, 10},
            "patchListingsItem", new double[] {5, 5});

    private final AmazonStore store;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration maxThrottleWait;
    private final Clock clock;
    private final LoginWithAmazon login;
    private final Map<String, TokenBucket> plans;
    private final ObjectMapper json = Json.mapper();

    public AmazonClient(AmazonStore store, HttpClient http, Duration timeout, Duration maxThrottleWait, Clock clock) {
        this.store = store;
        this.http = http;
        this.timeout = timeout;
        this.maxThrottleWait = maxThrottleWait;
        this.clock = clock;
        this.login = new LoginWithAmazon(store, http, clock);
        Map<String, TokenBucket> buckets = new HashMap<>();
        USAGE_PLANS.keySet().forEach(operation -> buckets.put(operation, bucket(operation)));
        this.plans = Map.copyOf(buckets);
    }

    /** Every order of the store's marketplaces updated at or after {@code since}, across NextToken pages. */
    public List<ChangedOrder> ordersUpdatedSince(Instant since) {
        // Amazon refuses LastUpdatedAfter later than two minutes before the request
        Instant latest = clock.instant().minus(Duration.ofMinutes(2));
        Instant after = since.isAfter(latest) ? latest : since;
        String marketplaces = encode(String.join(",", store.marketplaceIds()));
        String query = "MarketplaceIds=" + marketplaces + "&LastUpdatedAfter=" + encode(after.truncatedTo(ChronoUnit.SECONDS)
                .toString()) + "&MaxResultsPerPage=100";
        List<ChangedOrder> changed = new ArrayList<>();
        while (true) {
            JsonNode payload = get("getOrders", "/orders/v0/orders?" + query).path("payload");
            for (JsonNode order : payload.path("Orders")) {
                changed.add(new ChangedOrder(order.path("AmazonOrderId").asText(),
                        Instant.parse(order.path("LastUpdateDate").asText())));
            }
            String next = payload.path("NextToken").asText(null);
            if (next == null || next.isEmpty()) {
                return changed;
            }
            query = "MarketplaceIds=" + marketplaces + "&NextToken=" + encode(next);
        }
    }

    /** The order with its items ({@code OrderItems}), as the mappings read it. */
    public String fetchOrder(String orderId) {
        if (!orderId.matches("[0-9A-Z-]{3,30}")) {
            throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "'" + orderId + "' is not an Amazon order id");
        }
        ObjectNode order = (ObjectNode) get("getOrder", "/orders/v0/orders/" + orderId).path("payload");
        ArrayNode items = order.putArray("OrderItems");
        String path = "/orders/v0/orders/" + orderId + "/orderItems";
        while (true) {
            JsonNode payload = get("getOrderItems", path).path("payload");
            payload.path("OrderItems").forEach(items::add);
            String next = payload.path("NextToken").asText(null);
            if (next == null || next.isEmpty()) {
                break;
            }
            path = "/orders/v0/orders/" + orderId + "/orderItems?NextToken=" + encode(next);
        }
        try {
            return json.writeValueAsString(order);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String operation, String pathAndQuery) {
        HttpResponse<String> response = exchange(operation, "GET", pathAndQuery, null);
        if (response.statusCode() == 404) {
            throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "Amazon has no such order (" + pathAndQuery + ")");
        }
        return body(operation, response);
    }

    /** Calls an operation with a JSON body; 4xx answers other than throttling are refused with Amazon's errors. */
    JsonNode call(String operation, String method, String pathAndQuery, String jsonBody) {
        return body(operation, exchange(operation, method, pathAndQuery, jsonBody));
    }

    private JsonNode body(String operation, HttpResponse<String> response) {
        if (response.statusCode() >= 400) {
            throw new IllegalStateException("Amazon refused " + operation + ": " + response.statusCode() + " " + response.body());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("Amazon answered " + operation + " with something that is not JSON", e);
        }
    }

    /**
     * One operation, paced by its usage plan: a 429 is waited out (up to the store's maximum wait), an
     * access token Amazon no longer takes is renewed once, 5xx is a transient failure.
     */
    private HttpResponse<String> exchange(String operation, String method, String pathAndQuery, String jsonBody) {
        TokenBucket plan = plans.get(operation);
        Instant giveUp = clock.instant().plus(maxThrottleWait);
        boolean renewed = false;
        while (true) {
            HttpResponse<String> response;
            try {
                plan.take();
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(store.endpoint() + pathAndQuery)).timeout(timeout)
                        .header("x-amz-access-token", login.token()).header("Accept", "application/json");
                if (jsonBody == null) {
                    request.method(method, HttpRequest.BodyPublishers.noBody());
                } else {
                    request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
                }
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                throw new MarketplaceUnavailableException("Amazon did not answer " + operation + " within " + timeout, e);
            } catch (IOException e) {
                throw new MarketplaceUnavailableException("Amazon SP-API unreachable for store " + store.id() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MarketplaceUnavailableException("Interrupted while calling Amazon", e);
            }
            response.headers().firstValue("x-amzn-RateLimit-Limit").ifPresent(rate -> {
                try {
                    plan.rate(Double.parseDouble(rate));
                } catch (NumberFormatException ignored) {
                    // an unreadable header leaves the known plan in place
                }
            });
            int status = response.statusCode();
            if (status == 429) {
                plan.emptied();
                if (clock.instant().isAfter(giveUp)) {
                    throw new MarketplaceUnavailableException("Amazon still throttling " + operation + " after " + maxThrottleWait);
                }
                continue;
            }
            if (status == 403 && !renewed) {
                // an access token can be revoked before its time: renew it once
                login.invalidate();
                renewed = true;
                continue;
            }
            if (status >= 500 || status == 403) {
                throw new MarketplaceUnavailableException("Amazon answered " + status + " to " + operation + ": " + response.body());
            }
            return response;
        }
    }

    /** Sends a document to a presigned upload URL (no SP-API credentials: the URL carries its own). */
    void upload(URI url, String contentType, byte[] content) {
        transfer(HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), "the feed document upload");
    }

    /** Reads a document from a presigned download URL. */
    byte[] download(URI url) {
        return transfer(HttpRequest.newBuilder(url).timeout(timeout).GET().build(), "a result document download");
    }

    private byte[] transfer(HttpRequest request, String what) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                throw new MarketplaceUnavailableException("Amazon's document store answered " + response.statusCode() + " to "
                        + what);
            }
            return response.body();
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("Amazon's document store unreachable for " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketplaceUnavailableException("Interrupted during " + what, e);
        }
    }

    private static TokenBucket bucket(String operation) {
        double[] plan = USAGE_PLANS.get(operation);
        return new TokenBucket(plan[0], plan[1]);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
