package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order operations of every configured BigCommerce store, for the routes: fetch one order in
 * full, list the orders changed since the last catch-up poll, cancel an order NetSuite cancelled, and
 * register the webhooks.
 */
public class BigCommerceOrders {

    private static final Logger LOG = LoggerFactory.getLogger(BigCommerceOrders.class);
    /** Header holding the position the catch-up poll reached, saved once its orders are staged. */
    public static final String WATERMARK = "CommerceBusWatermark";
    static final String MARKETPLACE = "bigcommerce";
    static final String STREAM = "orders.date_modified";
    static final int CANCELLED = 5;
    /** Shipped, Partially Shipped, Completed. */
    private static final Set<Integer> SHIPPED = Set.of(2, 3, 10);

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

    /**
     * Cancels the order whose Sales Order was cancelled in NetSuite ({@code {"orderId", "tranId"...}}):
     * {@code PUT /v2/orders/{id}} with status Cancelled, unless it is cancelled already. An order BigCommerce
     * shows as shipped is left as it is (skipped): NetSuite cancels only orders nothing was fulfilled of, so
     * it was shipped outside NetSuite and a person decides.
     */
    public void cancel(String store, String payload) {
        JsonNode cancellation = Json.read(payload);
        String orderId = cancellation.path("orderId").asText();
        String salesOrder = cancellation.path("tranId").asText(cancellation.path("salesOrderId").asText());
        JsonNode order = client(store).order(orderId).orElseThrow(() -> new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND,
                "BigCommerce store " + store + " has no order " + orderId + " to cancel (Sales Order " + salesOrder
                + " was cancelled in NetSuite)"));
        int status = order.path("status_id").asInt();
        if (status == CANCELLED) {
            return;
        }
        if (SHIPPED.contains(status)) {
            throw new RecordSkipped("ORDER_SHIPPED", "BigCommerce order " + orderId + " is " + order.path("status").asText()
                    + "; Sales Order " + salesOrder + " was cancelled in NetSuite: cancel or refund the order in BigCommerce"
                    + " by hand if it should be");
        }
        try {
            client(store).call("PUT", "/v2/orders/" + orderId, Json.mapper().createObjectNode().put("status_id", CANCELLED));
        } catch (BigCommerceRefusal e) {
            throw new PermanentFailure(DeadLetterReason.MARKETPLACE_REJECTED, "BigCommerce store " + store
                    + " refused to cancel order " + orderId + ": " + e.status() + " " + e.body());
        }
        LOG.info("BigCommerce store {}: order {} cancelled, as Sales Order {} was in NetSuite", store, orderId, salesOrder);
    }

    /** Registers (or repairs) the store's webhooks of orders and refunds pointing at the bus. */
    public void registerWebhooks(String store, String destination, String secret) {
        Map<String, String> headers = secret == null ? Map.of() : Map.of(BigCommerceWebhooks.SECRET_HEADER, secret);
        for (String scope : BigCommerceWebhooks.SCOPES) {
            client(store).ensureWebhook(scope, destination, headers);
        }
        LOG.info("BigCommerce store {}: order and refund webhooks point at {}", store, destination);
    }

    private BigCommerceClient client(String store) {
        BigCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No BigCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
