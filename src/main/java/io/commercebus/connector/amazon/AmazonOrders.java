package io.commercebus.connector.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.marketplace.CatchUpWindow;
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

/**
 * The order operations of every configured Amazon store, for the routes: the orders updated since
 * the last poll (Amazon has no webhooks for orders the bus could rely on; its poll is the intake),
 * one order in full, and what becomes of a Sales Order cancelled in NetSuite.
 */
public class AmazonOrders {

    private static final Logger LOG = LoggerFactory.getLogger(AmazonOrders.class);
    /** Header holding the position the poll reached, saved once its orders are staged. */
    public static final String WATERMARK = "CommerceBusWatermark";
    public static final String CANCEL_NOT_SUPPORTED = "CANCEL_NOT_SUPPORTED";

    private final AmazonClients clients;
    private final CatchUpWindow window;

    public AmazonOrders(AmazonClients clients, Watermarks watermarks, Map<String, Instant> initialFrom,
                        Duration overlap) {
        this.clients = clients;
        this.window = new CatchUpWindow("amazon", "orders.LastUpdateDate", watermarks, initialFrom, overlap);
    }

    /** The orders updated since the store's watermark, each as the headers {@code ledger:announce} reads. */
    public List<Map<String, Object>> changedOrders(String store, Exchange exchange) {
        Instant since = window.watermark(store);
        Instant newest = since;
        List<Map<String, Object>> out = new ArrayList<>();
        for (AmazonClient.ChangedOrder order : clients.of(store).ordersUpdatedSince(window.from(since))) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put(LedgerHeaders.STORE, store);
            change.put(LedgerHeaders.EXTERNAL_ID, order.id());
            change.put(LedgerHeaders.CHANGED_AT, order.lastUpdated());
            out.add(change);
            if (order.lastUpdated().isAfter(newest)) {
                newest = order.lastUpdated();
            }
        }
        exchange.getMessage().setHeader(WATERMARK, newest.toString());
        if (!out.isEmpty()) {
            LOG.info("Amazon store {}: {} order(s) updated since {}", store, out.size(), since);
        }
        return out;
    }

    public void advanceWatermark(String store, String position) {
        window.advance(store, position);
    }

    public String fetchOrder(String store, String orderId) {
        return clients.of(store).fetchOrder(orderId);
    }

    /**
     * A Sales Order cancelled in NetSuite: the Orders API lets a seller confirm shipments but not cancel
     * an order, so the cancellation is left to the seller in Seller Central, and the record is skipped
     * as CANCEL_NOT_SUPPORTED saying so.
     *
     * @param cancellation {@code {"orderId","salesOrderId","tranId","externalId"}}
     */
    public void cancel(String store, String cancellation) {
        JsonNode c = Json.read(cancellation);
        String orderId = c.path("orderId").asText();
        String message = "Sales Order " + c.path("tranId").asText(c.path("salesOrderId").asText()) + " was cancelled in NetSuite,"
                + " but Amazon's Orders API has no seller cancellation: cancel Amazon order " + orderId + " of store " + store
                + " in Seller Central (Orders > Manage Orders > Cancel order), or ship it, before Amazon's ship-by date";
        LOG.warn("Amazon store {}: {}", store, message);
        throw new RecordSkipped(CANCEL_NOT_SUPPORTED, message);
    }
}
