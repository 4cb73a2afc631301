package io.commercebus.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.marketplace.CatchUpWindow;
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
 * (WFS, never released) are read by modification time.
 */
public class WalmartOrders {

    private static final Logger LOG = LoggerFactory.getLogger(WalmartOrders.class);
    /** The key of a change's payload in the maps {@link #releasedOrders} returns. */
    public static final String PAYLOAD = "payload";

    /** Header holding the position the modification poll reached, saved once its orders are staged. */
    public static final String WATERMARK = "CommerceBusWatermark";

    private final Map<String, WalmartClient> clients;
    private final Duration lookback;
    private final Clock clock;
    private final CatchUpWindow window;

    /** @param lookback how far back released orders are read (orders older than that are not imported) */
    public WalmartOrders(Map<String, WalmartClient> clients, Duration lookback, Clock clock, Watermarks watermarks,
                         Map<String, Instant> initialFrom, Duration overlap) {
        this.clients = clients;
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

    private static String write(JsonNode order) {
        try {
            return Json.mapper().writeValueAsString(order);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WalmartClient client(String store) {
        WalmartClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No Walmart store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
