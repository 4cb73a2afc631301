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
import java.util.List;
import java.util.Map;

/**
 * One Amazon seller's Orders API (SP-API v0). Each operation has its own usage plan (rate and burst):
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
            "getOrderItems", new double[] {0.5, 30});

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
        this.plans = Map.of(
                "getOrders", bucket("getOrders"), "getOrder", bucket("getOrder"), "getOrderItems", bucket("getOrderItems"));
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
        TokenBucket plan = plans.get(operation);
        Instant giveUp = clock.instant().plus(maxThrottleWait);
        boolean renewed = false;
        while (true) {
            HttpResponse<String> response;
            try {
                plan.take();
                response = http.send(HttpRequest.newBuilder(URI.create(store.endpoint() + pathAndQuery)).timeout(timeout)
                        .header("x-amz-access-token", login.token()).header("Accept", "application/json").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
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
            if (status == 404) {
                throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "Amazon has no such order (" + pathAndQuery + ")");
            }
            if (status >= 500 || status == 403) {
                throw new MarketplaceUnavailableException("Amazon answered " + status + " to " + operation + ": " + response.body());
            }
            if (status >= 400) {
                throw new IllegalStateException("Amazon refused " + operation + ": " + status + " " + response.body());
            }
            try {
                return json.readTree(response.body());
            } catch (IOException e) {
                throw new MarketplaceUnavailableException("Amazon answered " + operation + " with something that is not JSON", e);
            }
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
