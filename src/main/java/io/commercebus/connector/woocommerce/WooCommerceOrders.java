package io.commercebus.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.marketplace.CatchUpWindow;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The order operations of every configured WooCommerce store, for the routes. */
public class WooCommerceOrders {

    private static final Logger LOG = LoggerFactory.getLogger(WooCommerceOrders.class);
    /** Header holding the position the poll reached, saved once its orders are staged. */
    public static final String WATERMARK = "CommerceBusWatermark";
    /** The key of a change's payload in the maps {@link #changedOrders} returns. */
    public static final String PAYLOAD = "payload";

    private final Map<String, WooCommerceClient> clients;
    private final CatchUpWindow window;

    public WooCommerceOrders(Map<String, WooCommerceClient> clients, Watermarks watermarks, Map<String, Instant> initialFrom,
                             Duration overlap) {
        this.clients = clients;
        this.window = new CatchUpWindow("woocommerce", "orders.date_modified", watermarks, initialFrom, overlap);
    }

    /**
     * The orders changed since the store's watermark, whole: each as the headers {@code ledger:stage}
     * reads plus its {@value #PAYLOAD}; the new watermark goes in the {@value #WATERMARK} header.
     */
    public List<Map<String, Object>> changedOrders(String store, Exchange exchange) {
        Instant since = window.watermark(store);
        Instant newest = since;
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode order : client(store).ordersModifiedSince(window.from(since))) {
            Instant modified = WooCommerceClient.parseGmt(order.path("date_modified_gmt").asText());
            Map<String, Object> change = new LinkedHashMap<>();
            change.put(LedgerHeaders.STORE, store);
            change.put(LedgerHeaders.EXTERNAL_ID, order.path("id").asText());
            change.put(LedgerHeaders.CHANGED_AT, modified);
            change.put(PAYLOAD, write(order));
            out.add(change);
            if (modified.isAfter(newest)) {
                newest = modified;
            }
        }
        exchange.getMessage().setHeader(WATERMARK, newest.toString());
        if (!out.isEmpty()) {
            LOG.info("WooCommerce store {}: poll found {} order(s) changed since {}", store, out.size(), since);
        }
        return out;
    }

    /** One order, whole, written as the poll writes it (the same version stages as unchanged). */
    public String fetchOrder(String store, String orderId) {
        try {
            return write(client(store).call("GET", "/orders/" + orderId, null));
        } catch (WooCommerceRefusal e) {
            if (e.status() == 404) {
                throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, e.getMessage());
            }
            throw e;
        }
    }

    public void advanceWatermark(String store, String position) {
        window.advance(store, position);
    }

    /** Registers (or repairs) the store's order webhooks pointing at the bus. */
    public void registerWebhooks(String store, String destination, String secret) {
        for (String topic : WooCommerceWebhooks.ORDER_TOPICS) {
            client(store).ensureWebhook(topic, destination, secret);
        }
        LOG.info("WooCommerce store {}: order webhooks point at {}", store, destination);
    }

    /**
     * Cancels the WooCommerce order of a Sales Order cancelled in NetSuite ({@code {"orderId", ...}}), as
     * the shop manager would ({@code PUT status cancelled}: WooCommerce gives the stock back and tells the
     * buyer). An order already cancelled or refunded is left as it is.
     */
    public void cancel(String store, String payload) {
        String orderId = Json.read(payload).path("orderId").asText();
        WooCommerceClient client = client(store);
        try {
            String status = client.call("GET", "/orders/" + orderId, null).path("status").asText();
            if (status.equals("cancelled") || status.equals("refunded")) {
                LOG.info("WooCommerce store {}: order {} is {} already", store, orderId, status);
                return;
            }
            client.call("PUT", "/orders/" + orderId, Json.mapper().createObjectNode().put("status", "cancelled"));
            LOG.info("WooCommerce store {}: order {} cancelled, as its Sales Order in NetSuite", store, orderId);
        } catch (WooCommerceRefusal e) {
            throw new PermanentFailure(e.status() == 404 ? DeadLetterReason.SOURCE_NOT_FOUND : DeadLetterReason.MARKETPLACE_REJECTED,
                    e.getMessage() + "; cancel order " + orderId + " in WooCommerce by hand");
        }
    }

    private static String write(JsonNode order) {
        try {
            return Json.mapper().writeValueAsString(order);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WooCommerceClient client(String store) {
        WooCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No WooCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
