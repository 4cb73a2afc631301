package io.commercebus.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.connector.marketplace.CatchUpWindow;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.RecordSkipped;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order operations of every configured Walmart store, for the routes: the released orders (those
 * not yet acknowledged) and their acknowledgement once staged, and every order modified since a
 * watermark. Walmart keeps an order released until it is acknowledged, so released orders need no
 * watermark: one staged but not acknowledged (a crash in between) is released again at the next poll
 * and staged as unchanged. Later changes (cancelled lines) and the orders Walmart fulfils itself
 * (WFS, never released) are read by modification time. Sales Orders cancelled in NetSuite cancel what
 * is left of their Walmart orders.
 */
public class WalmartOrders {

    private static final Logger LOG = LoggerFactory.getLogger(WalmartOrders.class);
    /** The key of a change's payload in the maps {@link #releasedOrders} returns. */
    public static final String PAYLOAD = "payload";

    /** Header holding the position the modification poll reached, saved once its orders are staged. */
    public static final String WATERMARK = "CommerceBusWatermark";

    /** CancelLineStatusType's reason for a cancellation the buyer asked for, the usual case of an order cancelled in NetSuite. */
    public static final String DEFAULT_CANCELLATION_REASON = "CUSTOMER_REQUESTED_SELLER_TO_CANCEL";

    private final Map<String, WalmartClient> clients;
    private final Map<String, String> cancellationReasons;
    private final Duration lookback;
    private final Clock clock;
    private final CatchUpWindow window;

    /** @param lookback how far back released orders are read (orders older than that are not imported) */
    public WalmartOrders(Map<String, WalmartClient> clients, Duration lookback, Clock clock, Watermarks watermarks,
                         Map<String, Instant> initialFrom, Duration overlap, Map<String, String> cancellationReasons) {
        this.clients = clients;
        this.cancellationReasons = cancellationReasons;
        this.lookback = lookback;
        this.clock = clock;
        this.window = new CatchUpWindow("walmart", "orders.lastModified", watermarks, initialFrom, overlap);
    }

    /** The store's released orders, whole, each as the headers {@code ledger:stage} reads plus its payload. */
    public List<Map<String, Object>> releasedOrders(String store) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode order : client(store).releasedOrders(clock.instant().minus(lookback))) {
            out.add(change(store, order, Instant.ofEpochMilli(order.path("orderDate").asLong())));
        }
        if (!out.isEmpty()) {
            LOG.info("Walmart store {}: {} released order(s) to stage and acknowledge", store, out.size());
        }
        return out;
    }

    /**
     * The orders modified since the store's watermark, seller-fulfilled and WFS; the new watermark
     * goes in the {@value #WATERMARK} header.
     */
    public List<Map<String, Object>> modifiedOrders(String store, Exchange exchange) {
        Instant since = window.watermark(store);
        Instant newest = since;
        List<Map<String, Object>> out = new ArrayList<>();
        for (String shipNodeType : List.of("SellerFulfilled", "WFSFulfilled")) {
            for (JsonNode order : client(store).ordersModifiedSince(window.from(since), shipNodeType)) {
                Instant modified = lastModified(order);
                out.add(change(store, order, modified));
                if (modified.isAfter(newest)) {
                    newest = modified;
                }
            }
        }
        exchange.getMessage().setHeader(WATERMARK, newest.toString());
        return out;
    }

    public void advanceWatermark(String store, String position) {
        window.advance(store, position);
    }

    /** The latest status date of the order's lines: Walmart's orders carry no modification time of their own. */
    private static Instant lastModified(JsonNode order) {
        long latest = order.path("orderDate").asLong();
        for (JsonNode line : order.path("orderLines").path("orderLine")) {
            latest = Math.max(latest, line.path("statusDate").asLong());
        }
        return Instant.ofEpochMilli(latest);
    }

    private static Map<String, Object> change(String store, JsonNode order, Instant changedAt) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put(LedgerHeaders.STORE, store);
        change.put(LedgerHeaders.EXTERNAL_ID, order.path("purchaseOrderId").asText());
        change.put(LedgerHeaders.CHANGED_AT, changedAt);
        change.put(PAYLOAD, write(order));
        return change;
    }

    public void acknowledge(String store, String purchaseOrderId) {
        client(store).acknowledge(purchaseOrderId);
    }

    /** One order, whole, written as the polls write it (the same version stages as unchanged). */
    public String fetchOrder(String store, String purchaseOrderId) {
        JsonNode order = client(store).order(purchaseOrderId);
        if (order == null) {
            throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "Walmart has no purchase order " + purchaseOrderId
                    + " of store " + store);
        }
        return write(order);
    }

    /**
     * Cancels what is left of the Walmart order of a Sales Order cancelled in NetSuite ({@code {"orderId", ...}}):
     * every line's quantity neither shipped nor cancelled, with the store's {@code cancellation-reason}
     * (default {@value #DEFAULT_CANCELLATION_REASON}). Nothing left to cancel is a no-op. Walmart cancels
     * the orders it fulfils itself (WFS).
     */
    public void cancel(String store, String payload) {
        String purchaseOrderId = Json.read(payload).path("orderId").asText();
        WalmartClient client = client(store);
        JsonNode order = client.order(purchaseOrderId);
        if (order == null) {
            throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "Walmart has no purchase order " + purchaseOrderId
                    + " of store " + store + " to cancel");
        }
        if ("WFSFulfilled".equals(order.path("shipNode").path("type").asText())) {
            throw new RecordSkipped("CANCEL_NOT_SUPPORTED", "Walmart order " + purchaseOrderId + " is fulfilled by Walmart"
                    + " (WFS), which the seller cannot cancel by API");
        }
        String reason = cancellationReasons.getOrDefault(store, DEFAULT_CANCELLATION_REASON);
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode lines = body.putObject("orderCancellation").putObject("orderLines").putArray("orderLine");
        for (JsonNode line : order.path("orderLines").path("orderLine")) {
            int open = quantity(line, "Created") + quantity(line, "Acknowledged");
            if (open > 0) {
                ObjectNode status = lines.addObject().put("lineNumber", line.path("lineNumber").asText())
                        .putObject("orderLineStatuses").putArray("orderLineStatus").addObject();
                status.put("status", "Cancelled").put("cancellationReason", reason);
                status.putObject("statusQuantity").put("unitOfMeasurement", "EACH").put("amount", Integer.toString(open));
            }
        }
        if (lines.isEmpty()) {
            LOG.info("Walmart store {}: order {} has nothing left to cancel", store, purchaseOrderId);
            return;
        }
        try {
            client.cancel(purchaseOrderId, body);
        } catch (WalmartRefusal e) {
            throw new PermanentFailure(DeadLetterReason.MARKETPLACE_REJECTED, e.getMessage() + "; cancel order "
                    + purchaseOrderId + " in Seller Center by hand");
        }
        LOG.info("Walmart store {}: order {} cancelled ({} line(s), {}), as its Sales Order in NetSuite", store,
                purchaseOrderId, lines.size(), reason);
    }

    /** The order line with the number, or a missing node. */
    static JsonNode line(JsonNode order, String lineNumber) {
        for (JsonNode line : order.path("orderLines").path("orderLine")) {
            if (lineNumber.equals(line.path("lineNumber").asText())) {
                return line;
            }
        }
        return MissingNode.getInstance();
    }

    /** The line's quantity in one status (a line's quantity may be split between statuses). */
    static int quantity(JsonNode line, String status) {
        int sum = 0;
        for (JsonNode entry : line.path("orderLineStatuses").path("orderLineStatus")) {
            if (status.equals(entry.path("status").asText())) {
                sum += entry.path("statusQuantity").path("amount").asInt();
            }
        }
        return sum;
    }

    private static String write(JsonNode order) {
        try {
            return Json.mapper().writeValueAsString(order);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WalmartClient client(String store) {
        return client(clients, store);
    }

    static WalmartClient client(Map<String, WalmartClient> clients, String store) {
        WalmartClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No Walmart store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
