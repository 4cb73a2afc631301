package io.commercebus.connector.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.connector.marketplace.CatchUpWindow;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon refunds → ledger records of type {@code refund}. Amazon has no refund notification the bus could
 * rely on: every poll reads the RefundEvents of the Finances API posted since the store's watermark
 * (listFinancialEvents, PostedAfter the watermark less the overlap, PostedBefore as late as Amazon
 * allows). Each event is one refund, keyed {@code <AmazonOrderId>-<OrderAdjustmentItemId of its first
 * item>} (the event has no id of its own; an adjustment item id is unique to its refund), and staged
 * with two facts the event lacks, taken from the order: its {@code FulfillmentChannel} (where the
 * returned units go back to stock) and each item's {@code ASIN} (for the asin table). Reading an event
 * again stages nothing new.
 */
public class AmazonRefunds {

    private static final Logger LOG = LoggerFactory.getLogger(AmazonRefunds.class);
    public static final String WATERMARK = AmazonOrders.WATERMARK;
    private static final int ORDERS_REMEMBERED = 1000;

    /** What a refund's order tells that its event does not. */
    private record OrderFacts(String channel, Map<String, String> asinBySku) {
    }

    private final AmazonClients clients;
    private final CatchUpWindow window;
    /** Orders do not change channel or items: once read, they are not asked for again. */
    private final Map<String, OrderFacts> orders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OrderFacts> eldest) {
            return size() > ORDERS_REMEMBERED;
        }
    };

    /**
     * @param overlap how far before the watermark each poll reads again: Amazon lists some events up to
     *                48 hours after their posting date
     */
    public AmazonRefunds(AmazonClients clients, Watermarks watermarks, Map<String, Instant> initialFrom, Duration overlap) {
        this.clients = clients;
        this.window = new CatchUpWindow("amazon", "finances.RefundEvent.PostedDate", watermarks, initialFrom, overlap);
    }

    public List<String> stores() {
        return clients.stores();
    }

    /**
     * The refunds posted since the store's watermark, each as the headers and {@code payload} the route
     * stages; the new watermark in the {@link #WATERMARK} header, saved once they are staged.
     */
    public List<Map<String, Object>> posted(String store, Exchange exchange) {
        AmazonClient client = clients.of(store);
        Instant watermark = window.watermark(store);
        Instant before = client.latest();
        Instant after = window.from(watermark);
        Instant floor = before.minus(AmazonClient.MAX_FINANCES_RANGE);
        if (after.isBefore(floor)) {
            if (after.isAfter(Instant.EPOCH)) {
                LOG.warn("Amazon store {}: refunds are read from {} on, the 180 days Amazon lists at a time; refunds posted"
                        + " between {} and then are not read (book them by hand)", store, floor, after);
            }
            after = floor;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (!after.isBefore(before)) {
            exchange.getMessage().setHeader(WATERMARK, watermark.toString());
            return out;
        }
        for (JsonNode event : client.financialEvents("RefundEventList", after, before)) {
            Map<String, Object> refund = new HashMap<>();
            refund.put(LedgerHeaders.STORE, store);
            refund.put(LedgerHeaders.EXTERNAL_ID, refundId(event));
            refund.put(LedgerHeaders.CHANGED_AT, event.path("PostedDate").asText());
            refund.put("payload", Json.write(withOrderFacts(client, (ObjectNode) event)));
            out.add(refund);
        }
        exchange.getMessage().setHeader(WATERMARK, before.toString());
        if (!out.isEmpty()) {
            LOG.info("Amazon store {}: {} refund event(s) posted from {} to {}", store, out.size(), after, before);
        }
        return out;
    }

    public void advanceWatermark(String store, String position) {
        window.advance(store, position);
    }

    /**
     * {@code <AmazonOrderId>-<first OrderAdjustmentItemId>}, or for a refund without items
     * {@code <AmazonOrderId>-<PostedDate in epoch seconds>}; mappings/amazon/refund-to-credit-memo.yaml
     * builds its external id the same way.
     */
    static String refundId(JsonNode event) {
        String order = event.path("AmazonOrderId").asText();
        String item = event.path("ShipmentItemAdjustmentList").path(0).path("OrderAdjustmentItemId").asText("");
        return order + "-" + (item.isEmpty() ? Long.toString(Instant.parse(event.path("PostedDate").asText()).getEpochSecond()) : item);
    }

    private JsonNode withOrderFacts(AmazonClient client, ObjectNode event) {
        String orderId = event.path("AmazonOrderId").asText();
        OrderFacts facts;
        synchronized (orders) {
            facts = orders.get(orderId);
        }
        if (facts == null) {
            JsonNode order = client.order(orderId).orElse(null);
            Map<String, String> asins = new HashMap<>();
            if (order != null) {
                client.orderItems(orderId).forEach(item -> asins.put(item.path("SellerSKU").asText(), item.path("ASIN").asText()));
            }
            facts = new OrderFacts(order == null ? null : order.path("FulfillmentChannel").asText(null), asins);
            if (order != null) {
                synchronized (orders) {
                    orders.put(orderId, facts);
                }
            }
        }
        if (facts.channel() != null) {
            event.put("FulfillmentChannel", facts.channel());
        }
        for (JsonNode item : event.path("ShipmentItemAdjustmentList")) {
            String asin = facts.asinBySku().get(item.path("SellerSKU").asText());
            if (asin != null && !asin.isEmpty()) {
                ((ObjectNode) item).put("ASIN", asin);
            }
        }
        return event;
    }
}
