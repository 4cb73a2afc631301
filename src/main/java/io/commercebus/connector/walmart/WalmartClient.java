package io.commercebus.connector.walmart;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * One Walmart Marketplace seller's Orders API: released orders (not yet acknowledged) with cursor
 * paging, their acknowledgement, shipping and cancelling order lines; and its feeds. Access tokens come
 * from the client credentials and are renewed before they expire; a 429 is waited out until the time
 * Walmart says its tokens replenish.
 */
public class WalmartClient {

    static final String SERVICE_NAME = "Walmart Marketplace";
    private static final Duration EARLY = Duration.ofSeconds(60);

    private final WalmartStore store;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration maxThrottleWait;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    public WalmartClient(WalmartStore store, HttpClient http, Duration timeout, Duration maxThrottleWait, Clock clock) {
        this.store = store;
        this.http = http;
        this.timeout = timeout;
        this.maxThrottleWait = maxThrottleWait;
        this.clock = clock;
    }

    /** Every released (seller-fulfilled, not yet acknowledged) order created at or after {@code createdSince}. */
    public List<JsonNode> releasedOrders(Instant createdSince) {
        return list("/v3/orders/released", "?createdStartDate=" + date(createdSince) + "&limit=100");
    }

    /**
     * Every order of one fulfilment type ({@code SellerFulfilled} or {@code WFSFulfilled}) modified at
     * or after {@code since}: how the bus sees orders change after they were acknowledged (a line
     * cancelled, shipped), and WFS orders at all, which Walmart acknowledges itself and never releases.
     */
    public List<JsonNode> ordersModifiedSince(Instant since, String shipNodeType) {
        return list("/v3/orders", "?shipNodeType=" + shipNodeType + "&lastModifiedStartDate=" + date(since) + "&limit=100");
    }

    /**
     * Every order of one fulfilment type created in [from, to] ({@code createdStartDate}, {@code createdEndDate}),
     * all pages: what reconciliation compares with NetSuite.
     */
    public List<JsonNode> ordersCreated(Instant from, Instant to, String shipNodeType) {
        return list("/v3/orders", "?shipNodeType=" + shipNodeType + "&createdStartDate=" + date(from) + "&createdEndDate="
                + date(to.plusSeconds(1)) + "&limit=100");
    }

    /** One purchase order, or null when Walmart has none. */
    public JsonNode order(String purchaseOrderId) {
        HttpResponse<String> response = send("GET", "/v3/orders/" + URLEncoder.encode(purchaseOrderId, StandardCharsets.UTF_8));
        return response.statusCode() == 404 ? null : read(response).path("order");
    }

    /** Ships order lines ({@code {"orderShipment": ...}}); Walmart answers the order as it is now. */
    public JsonNode ship(String purchaseOrderId, JsonNode orderShipment) {
        return post("/v3/orders/" + URLEncoder.encode(purchaseOrderId, StandardCharsets.UTF_8) + "/shipping", orderShipment);
    }

    /** Cancels order lines ({@code {"orderCancellation": ...}}); Walmart answers the order as it is now. */
    public JsonNode cancel(String purchaseOrderId, JsonNode orderCancellation) {
        return post("/v3/orders/" + URLEncoder.encode(purchaseOrderId, StandardCharsets.UTF_8) + "/cancel", orderCancellation);
    }

    private JsonNode post(String path, JsonNode body) {
        HttpResponse<String> response = send("POST", path, HttpRequest.BodyPublishers.ofString(body.toString()), "application/json");
        if (response.statusCode() == 404) {
            throw new WalmartRefusal("POST " + path, 404, response.body());
        }
        return read(response).path("order");
    }

    /** All pages of an order list; Walmart answers 404 CONTENT_NOT_FOUND when there is none. */
    private List<JsonNode> list(String path, String firstQuery) {
        List<JsonNode> orders = new ArrayList<>();
        String query = firstQuery;
        while (true) {
            HttpResponse<String> response = send("GET", path + query);
            if (response.statusCode() == 404) {
                return orders;
            }
            JsonNode list = read(response).path("list");
            list.path("elements").path("order").forEach(orders::add);
            // Walmart hands back the query of the next page whole, to append to the same path
            String next = list.path("meta").path("nextCursor").asText(null);
            if (next == null || next.isBlank()) {
                return orders;
            }
            query = next.startsWith("?") ? next : "?" + next;
        }
    }

    /** Tells Walmart the seller has the order; it leaves the released list. Acknowledging twice is harmless. */
    public void acknowledge(String purchaseOrderId) {
        send("POST", "/v3/orders/" + URLEncoder.encode(purchaseOrderId, StandardCharsets.UTF_8) + "/acknowledge");
    }

    /**
     * Submits a feed file ({@code feedType} inventory, price…) as Walmart's reference shows it, a
     * multipart upload of one part named {@code file}; returns Walmart's feed id.
     */
    public String submitFeed(String feedType, String file) {
        String boundary = "commerce-bus-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + feedType
                + ".json\"\r\nContent-Type: application/json\r\n\r\n" + file + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = send("POST", "/v3/feeds?feedType=" + URLEncoder.encode(feedType, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofString(body), "multipart/form-data; boundary=" + boundary);
        String feedId = read(response).path("feedId").asText("");
        if (feedId.isEmpty()) {
            throw new MarketplaceUnavailableException("Walmart accepted a " + feedType + " feed without a feedId: " + response.body());
        }
        return feedId;
    }

    /** A feed's status with one page of its items' ingestion statuses. */
    public JsonNode feedStatus(String feedId, int offset, int limit) {
        return read(send("GET", "/v3/feeds/" + URLEncoder.encode(feedId, StandardCharsets.UTF_8)
                + "?includeDetails=true&offset=" + offset + "&limit=" + limit));
    }

    /** Sets one SKU's quantity at once (the single-item update Walmart throttles hard: for a few urgent SKUs). */
    public void updateInventory(String sku, int quantity) {
        ObjectNode body = json.createObjectNode();
        body.put("sku", sku);
        body.putObject("quantity").put("unit", "EACH").put("amount", quantity);
        send("PUT", "/v3/inventory?sku=" + URLEncoder.encode(sku, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofString(body.toString()), "application/json");
    }

    private HttpResponse<String> send(String method, String pathAndQuery) {
        return send(method, pathAndQuery, HttpRequest.BodyPublishers.noBody(), null);
    }

    private HttpResponse<String> send(String method, String pathAndQuery, HttpRequest.BodyPublisher body, String contentType) {
        Instant giveUp = clock.instant().plus(maxThrottleWait);
        boolean renewed = false;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(store.baseUrl() + pathAndQuery))
                    .header("WM_SEC.ACCESS_TOKEN", token())
                    .method(method, body);
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<String> response = exchange(request, method + " " + pathAndQuery);
            int status = response.statusCode();
            if (status == 429) {
                if (clock.instant().isAfter(giveUp)) {
                    throw new MarketplaceUnavailableException("Walmart still throttling " + pathAndQuery + " after " + maxThrottleWait);
                }
                sleepUntilReplenished(response);
                continue;
            }
            if (status == 401 && !renewed) {
                synchronized (this) {
                    token = null;
                }
                renewed = true;
                continue;
            }
            if (status == 404 && response.body().contains("CONTENT_NOT_FOUND")) {
                return response;
            }
            if (status >= 500 || status == 401 || status == 403) {
                throw new MarketplaceUnavailableException("Walmart answered " + status + " to " + method + " " + pathAndQuery
                        + ": " + response.body());
            }
            if (status >= 400) {
                throw new WalmartRefusal(method + " " + pathAndQuery, status, response.body());
            }
            return response;
        }
    }

    private static String date(Instant instant) {
        return URLEncoder.encode(instant.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
    }

    private synchronized String token() {
        if (token == null || clock.instant().isAfter(tokenExpires.minus(EARLY))) {
            String basic = Base64.getEncoder().encodeToString((store.clientId() + ":" + store.clientSecret())
                    .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(store.baseUrl() + "/v3/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")), "token");
            if (response.statusCode() != 200) {
                throw new MarketplaceUnavailableException("Walmart refused store " + store.id() + "'s client credentials ("
                        + response.statusCode() + "); check bus.store." + store.id() + ".client-id and .client-secret");
            }
            JsonNode body = read(response);
            token = body.path("access_token").asText();
            tokenExpires = clock.instant().plusSeconds(body.path("expires_in").asLong(900));
        }
        return token;
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request, String what) {
        try {
            return http.send(request.timeout(timeout)
                    .header("WM_SVC.NAME", SERVICE_NAME)
                    .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString())
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new MarketplaceUnavailableException("Walmart did not answer " + what + " within " + timeout, e);
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("Walmart unreachable for store " + store.id() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketplaceUnavailableException("Interrupted while calling Walmart", e);
        }
    }

    /** {@code x-next-replenish-time} is when tokens come back (epoch millis); wait for it, a second at least. */
    private void sleepUntilReplenished(HttpResponse<?> response) {
        long wait = response.headers().firstValue("x-next-replenish-time").map(v -> {
            try {
                return Long.parseLong(v.trim()) - clock.millis();
            } catch (NumberFormatException e) {
                return 1000L;
            }
        }).orElse(1000L);
        try {
            Thread.sleep(Math.max(100, Math.min(wait, 60_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketplaceUnavailableException("Interrupted while waiting out Walmart's rate limit", e);
        }
    }

    private JsonNode read(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("Walmart answered with something that is not JSON", e);
        }
    }
}
