package io.commercebus.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
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
 * not yet acknowledged), and their acknowledgement once staged. Walmart keeps an order released until
 * it is acknowledged, so no watermark is needed: an order staged but not acknowledged (a crash in
 * between) is simply released again at the next poll and staged as unchanged.
 */
public class WalmartOrders {

    private static final Logger LOG = LoggerFactory.getLogger(WalmartOrders.class);
    /** The key of a change's payload in the maps {@link #releasedOrders} returns. */
    public static final String PAYLOAD = "payload";

    private final Map<String, WalmartClient> clients;
    private final Duration lookback;
    private final Clock clock;

    /** @param lookback how far back released orders are read (orders older than that are not imported) */
    public WalmartOrders(Map<String, WalmartClient> clients, Duration lookback, Clock clock) {
        this.clients = clients;
        this.lookback = lookback;
        this.clock = clock;
    }

    /** The store's released orders, whole, each as the headers {@code ledger:stage} reads plus its payload. */
    public List<Map<String, Object>> releasedOrders(String store) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode order : client(store).releasedOrders(clock.instant().minus(lookback))) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put(LedgerHeaders.STORE, store);
            change.put(LedgerHeaders.EXTERNAL_ID, order.path("purchaseOrderId").asText());
            change.put(LedgerHeaders.CHANGED_AT, Instant.ofEpochMilli(order.path("orderDate").asLong()));
            change.put(PAYLOAD, write(order));
            out.add(change);
        }
        if (!out.isEmpty()) {
            LOG.info("Walmart store {}: {} released order(s) to stage and acknowledge", store, out.size());
        }
        return out;
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
