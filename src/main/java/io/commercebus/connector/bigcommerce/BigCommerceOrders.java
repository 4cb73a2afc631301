package io.commercebus.connector.bigcommerce;

import io.commercebus.connector.marketplace.CatchUpWindow;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order operations of every configured BigCommerce store, for the routes: fetch one order in
 * full, list the orders changed since the last catch-up poll, and register the order webhooks.
 */
public class BigCommerceOrders {

    private static final Logger LOG = LoggerFactory.getLogger(BigCommerceOrders.class);
    /** Header holding the position the catch-up poll reached, saved once its orders are staged. */
    public static final String WATERMARK = "CommerceBusWatermark";
    static final String MARKETPLACE = "bigcommerce";
    static final String STREAM = "orders.date_modified";

    private final Map<String, BigCommerceClient> clients;
    private final CatchUpWindow window;

    /**
     * @param initialFrom per store, where the first catch-up poll starts (stores without one start now)
     * @param overlap     how far back each poll reaches before the watermark, for changes committed late
     */
    public BigCommerceOrders(Map<String, BigCommerceClient> clients, Watermarks watermarks, Map<String, Instant> initialFrom,
                             Duration overlap) {
        this.clients = clients;
        this.window = new CatchUpWindow(MARKETPLACE, STREAM, watermarks, initialFrom, overlap);
    }

    public String fetchOrder(String store, String orderId) {
        return client(store).fetchOrder(orderId);
    }

    /**
     * The orders changed since the store's watermark, each as the headers {@code ledger:announce} reads;
     * the new watermark goes in the {@value #WATERMARK} header.
     */
    public List<Map<String, Object>> changedOrders(String store, Exchange exchange) {
        Instant since = window.watermark(store);
        List<BigCommerceClient.ChangedOrder> changed = client(store).ordersModifiedSince(window.from(since));
        Instant newest = since;
        List<Map<String, Object>> out = new ArrayList<>();
        for (BigCommerceClient.ChangedOrder order : changed) {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put(LedgerHeaders.STORE, store);
            headers.put(LedgerHeaders.EXTERNAL_ID, order.id());
            headers.put(LedgerHeaders.CHANGED_AT, order.modifiedAt());
            out.add(headers);
            if (order.modifiedAt().isAfter(newest)) {
                newest = order.modifiedAt();
            }
        }
        exchange.getMessage().setHeader(WATERMARK, newest.toString());
        if (!out.isEmpty()) {
            LOG.info("BigCommerce store {}: catch-up poll found {} order(s) changed since {}", store, out.size(), since);
        }
        return out;
    }

    public void advanceWatermark(String store, String position) {
        window.advance(store, position);
    }

    /** Registers (or repairs) the store's order webhooks pointing at the bus. */
    public void registerWebhooks(String store, String destination, String secret) {
        Map<String, String> headers = secret == null ? Map.of() : Map.of(BigCommerceWebhooks.SECRET_HEADER, secret);
        for (String scope : BigCommerceWebhooks.ORDER_SCOPES) {
            client(store).ensureWebhook(scope, destination, headers);
        }
        LOG.info("BigCommerce store {}: order webhooks point at {}", store, destination);
    }

    private BigCommerceClient client(String store) {
        BigCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No BigCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
