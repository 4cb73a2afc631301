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

import java.io.ByteArrayInputStream;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * One Amazon seller's SP-API: Orders v0 (orders, items, shipment confirmations), the Finances v0 and
 * Reports operations the bus reads after the order, and the Feeds and Listings Items operations the
 * listings use ({@link AmazonListings}). Each operation has its own usage plan (rate and burst):
 * requests are paced per operation, the rate follows {@code x-amzn-RateLimit-Limit}, and a 429 is
 * waited out, so a throttling storm only delays the orders.
 */
public class AmazonClient {

    /** An order Amazon reports as changed, with its LastUpdateDate. */
    public record ChangedOrder(String id, Instant lastUpdated) {
    }

    /** The settlement report type whose amounts Amazon lists as amount-type / amount-description (Flat File V2). */
    public static final String SETTLEMENT_REPORT = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2";
    /** listFinancialEvents answers nothing for a range of more than 180 days. */
    static final Duration MAX_FINANCES_RANGE = Duration.ofDays(180);
    /** getReports lists the reports of the last 90 days. */
    static final Duration REPORTS_RETENTION = Duration.ofDays(90);

    /** Usage plans of the operations the bus calls (rate per second, burst), per Amazon's models. */
    static final Map<String, double[]> USAGE_PLANS = Map.ofEntries(
            Map.entry("getOrders", new double[] {0.0167, 20}),
            Map.entry("getOrder", new double[] {0.5, 30}),
            Map.entry("getOrderItems", new double[] {0.5, 30}),
            Map.entry("confirmShipment", new double[] {2, 10}),
            Map.entry("listFinancialEvents", new double[] {0.5, 30}),
            Map.entry("getReports", new double[] {0.0222, 10}),
            Map.entry("getReportDocument", new double[] {0.0167, 15}),
            Map.entry("createFeedDocument", new double[] {0.5, 15}),
            Map.entry("createFeed", new double[] {0.0083, 15}),
            Map.entry("getFeed", new double[] {2, 15}),
            Map.entry("getFeedDocument", new double[] {0.0222, 10}),
            Map.entry("patchListingsItem", new double[] {5, 5}));

    private final AmazonStore store;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration maxThrottleWait;
    private final Clock clock;
    private final Duration listingDelay;
    private final LoginWithAmazon login;
    private final Map<String, TokenBucket> plans;
    private final ObjectMapper json = Json.mapper();

    /**
     * @param listingDelay how far behind the clock Amazon lets the bus read orders and financial events:
     *                     date bounds must lie at least this long before the request (two minutes at Amazon)
     */
    public AmazonClient(AmazonStore store, HttpClient http, Duration timeout, Duration maxThrottleWait, Clock clock,
                        Duration listingDelay) {
        this.store = store;
        this.http = http;
        this.timeout = timeout;
        this.maxThrottleWait = maxThrottleWait;
        this.clock = clock;
        this.listingDelay = listingDelay;
        this.login = new LoginWithAmazon(store, http, clock);
        Map<String, TokenBucket> buckets = new HashMap<>();
        USAGE_PLANS.keySet().forEach(operation -> buckets.put(operation, bucket(operation)));
        this.plans = Map.copyOf(buckets);
    }

    /** Every order of the store's marketplaces updated at or after {@code since}, across NextToken pages. */
    public List<ChangedOrder> ordersUpdatedSince(Instant since) {
        // Amazon refuses LastUpdatedAfter later than two minutes before the request
        Instant latest = latest();
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
        ObjectNode order = (ObjectNode) order(orderId).orElseThrow(() -> new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND,
                "Amazon has no order " + orderId));
        order.set("OrderItems", orderItems(orderId));
        return Json.write(order);
    }

    /** The order as getOrder answers it, or empty when Amazon has no such order. */
    public Optional<JsonNode> order(String orderId) {
        return read("getOrder", "/orders/v0/orders/" + orderPath(orderId)).map(answer -> answer.path("payload"));
    }

    /** Every item of the order (getOrderItems), across NextToken pages. */
    public ArrayNode orderItems(String orderId) {
        ArrayNode items = json.createArrayNode();
        String path = "/orders/v0/orders/" + orderPath(orderId) + "/orderItems";
        while (true) {
            JsonNode payload = get("getOrderItems", path).path("payload");
            payload.path("OrderItems").forEach(items::add);
            String next = payload.path("NextToken").asText(null);
            if (next == null || next.isEmpty()) {
                return items;
            }
            path = "/orders/v0/orders/" + orderId + "/orderItems?NextToken=" + encode(next);
        }
    }

    /**
     * Every order of the store's marketplaces placed in [from, to) (getOrders by CreatedAfter and
     * CreatedBefore, every page); orders placed in the last moments Amazon does not list yet are left
     * for a later call.
     */
    public List<JsonNode> ordersCreated(Instant from, Instant to) {
        Instant before = to.isAfter(latest()) ? latest() : to;
        List<JsonNode> orders = new ArrayList<>();
        if (!before.isAfter(from)) {
            return orders;
        }
        String marketplaces = encode(String.join(",", store.marketplaceIds()));
        String query = "MarketplaceIds=" + marketplaces + "&CreatedAfter=" + encode(seconds(from))
                + "&CreatedBefore=" + encode(seconds(before)) + "&MaxResultsPerPage=100";
        while (true) {
            JsonNode payload = get("getOrders", "/orders/v0/orders?" + query).path("payload");
            for (JsonNode order : payload.path("Orders")) {
                Instant placed = Instant.parse(order.path("PurchaseDate").asText());
                // CreatedBefore is inclusive, the period is not
                if (!placed.isBefore(from) && placed.isBefore(to)) {
                    orders.add(order);
                }
            }
            String next = payload.path("NextToken").asText(null);
            if (next == null || next.isEmpty()) {
                return orders;
            }
            query = "MarketplaceIds=" + marketplaces + "&NextToken=" + encode(next);
        }
    }

    /**
     * Confirms the shipment of a package of a seller-fulfilled order (confirmShipment). A package
     * reference confirmed before edits that package at Amazon. A refusal (400, 404) is permanent, with
     * Amazon's errors.
     */
    public void confirmShipment(String orderId, JsonNode request) {
        HttpResponse<String> response = exchange("confirmShipment", "POST", "/orders/v0/orders/" + orderPath(orderId)
                + "/shipmentConfirmation", Json.write(request));
        if (response.statusCode() >= 400) {
            throw new PermanentFailure(DeadLetterReason.MARKETPLACE_REJECTED, "Amazon refused the shipment confirmation of order "
                    + orderId + " (" + response.statusCode() + "): " + response.body());
        }
    }

    /** The latest time Amazon lets the bus read up to now: orders and financial events are listed after a delay. */
    public Instant latest() {
        return clock.instant().minus(listingDelay).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The events of one list of the financial events (e.g. {@code RefundEventList}) posted in
     * [after, before) (listFinancialEvents, every NextToken page). The range may span 180 days at most.
     */
    public List<JsonNode> financialEvents(String list, Instant after, Instant before) {
        if (Duration.between(after, before).compareTo(MAX_FINANCES_RANGE) > 0) {
            throw new IllegalArgumentException("Amazon lists financial events of at most 180 days at a time, not " + after
                    + " to " + before);
        }
        String query = "PostedAfter=" + encode(seconds(after)) + "&PostedBefore=" + encode(seconds(before))
                + "&MaxResultsPerPage=100";
        List<JsonNode> events = new ArrayList<>();
        while (true) {
            JsonNode payload = get("listFinancialEvents", "/finances/v0/financialEvents?" + query).path("payload");
            payload.path("FinancialEvents").path(list).forEach(events::add);
            String next = payload.path("NextToken").asText(null);
            if (next == null || next.isEmpty()) {
                return events;
            }
            query = "NextToken=" + encode(next);
        }
    }

    /** The settlement reports (Flat File V2) Amazon made since then, done, oldest first, every page. */
    public List<JsonNode> settlementReports(Instant createdSince) {
        Instant floor = clock.instant().minus(REPORTS_RETENTION).plus(Duration.ofMinutes(1));
        Instant since = createdSince.isBefore(floor) ? floor : createdSince;
        String query = "reportTypes=" + SETTLEMENT_REPORT + "&processingStatuses=DONE&pageSize=100&createdSince="
                + encode(seconds(since));
        List<JsonNode> reports = new ArrayList<>();
        while (true) {
            JsonNode answer = get("getReports", "/reports/2021-06-30/reports?" + query);
            answer.path("reports").forEach(reports::add);
            String next = answer.path("nextToken").asText(null);
            if (next == null || next.isEmpty()) {
                break;
            }
            query = "nextToken=" + encode(next);
        }
        reports.sort(Comparator.comparing(report -> Instant.parse(report.path("createdTime").asText())));
        return reports;
    }

    /** A report's document as text: getReportDocument, the download from its URL, unzipped when Amazon compressed it. */
    public String reportDocument(String reportDocumentId) {
        JsonNode document = get("getReportDocument", "/reports/2021-06-30/documents/" + encode(reportDocumentId));
        byte[] bytes = download(URI.create(document.path("url").asText()));
        if ("GZIP".equals(document.path("compressionAlgorithm").asText())) {
            try {
                bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
            } catch (IOException e) {
                throw new MarketplaceUnavailableException("Amazon's report document " + reportDocumentId
                        + " is not the GZIP its compressionAlgorithm says", e);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private JsonNode get(String operation, String pathAndQuery) {
        return read(operation, pathAndQuery).orElseThrow(() -> new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND,
                "Amazon answered " + operation + " with 404 Not Found (" + pathAndQuery + ")"));
    }

    /** A GET answered 404 is empty. */
    private Optional<JsonNode> read(String operation, String pathAndQuery) {
        HttpResponse<String> response = exchange(operation, "GET", pathAndQuery, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(body(operation, response));
    }

    /** An order id goes into a path: anything but Amazon's characters is no order of Amazon's. */
    private static String orderPath(String orderId) {
        if (orderId == null || !orderId.matches("[0-9A-Z-]{3,30}")) {
            throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "'" + orderId + "' is not an Amazon order id");
        }
        return orderId;
    }

    private static String seconds(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
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
