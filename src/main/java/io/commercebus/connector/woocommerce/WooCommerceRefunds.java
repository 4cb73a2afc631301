package io.commercebus.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.RecordKey;
import io.commercebus.support.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WooCommerce refunds as ledger records. WooCommerce has no refund webhook: a refund changes its order
 * ({@code order.updated}), which lists it in {@code refunds}. So every version of an order the bus
 * stages names its refunds, and each one the ledger does not know yet is announced as a {@code refund}
 * record keyed {@code <order id>-<refund id>}, then fetched whole ({@code GET /orders/{id}/refunds/{refund_id}})
 * with what the refund lacks from its order: its currency, and the SKU of a line whose product is gone.
 * A refund never changes once made, so a known one is not fetched again.
 */
public class WooCommerceRefunds {

    private final Map<String, WooCommerceClient> clients;
    private final Ledger ledger;

    public WooCommerceRefunds(Map<String, WooCommerceClient> clients, Ledger ledger) {
        this.clients = clients;
        this.ledger = ledger;
    }

    /** The ledger keys of the order's refunds that the ledger does not hold yet. */
    public List<String> unknown(String store, String orderPayload) {
        JsonNode order = Json.read(orderPayload);
        List<String> keys = new ArrayList<>();
        for (JsonNode refund : order.path("refunds")) {
            String key = key(order.path("id").asText(), refund.path("id").asText());
            if (ledger.find(new RecordKey(WooCommerceSetup.MARKETPLACE, store, "refund", key)).isEmpty()) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The refund named by its ledger key, with an {@code order} object: its id, number and currency. */
    public String fetch(String store, String key) {
        int dash = key.indexOf('-');
        if (dash <= 0) {
            throw new PermanentFailure(DeadLetterReason.MAPPING_ERROR, "'" + key + "' is not a refund key <order id>-<refund id>");
        }
        String orderId = key.substring(0, dash);
        WooCommerceClient client = client(store);
        JsonNode order;
        ObjectNode refund;
        try {
            order = client.call("GET", "/orders/" + orderId, null);
            refund = (ObjectNode) client.call("GET", "/orders/" + orderId + "/refunds/" + key.substring(dash + 1), null);
        } catch (WooCommerceRefusal e) {
            if (e.status() == 404) {
                throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, e.getMessage() + "; the refund (or its order) was"
                        + " deleted in WooCommerce, so there is nothing to credit");
            }
            throw e;
        }
        refund.remove("_links");
        Map<String, String> skus = new HashMap<>();
        order.path("line_items").forEach(line -> skus.put(line.path("id").asText(), line.path("sku").asText("")));
        for (JsonNode line : refund.path("line_items")) {
            if (line.path("sku").asText("").isEmpty()) {
                for (JsonNode meta : line.path("meta_data")) {
                    if ("_refunded_item_id".equals(meta.path("key").asText())) {
                        ((ObjectNode) line).put("sku", skus.getOrDefault(meta.path("value").asText(), ""));
                    }
                }
            }
        }
        refund.putObject("order").put("id", order.path("id").asLong()).put("number", order.path("number").asText())
                .put("currency", order.path("currency").asText());
        return Json.write(refund);
    }

    static String key(String orderId, String refundId) {
        return orderId + "-" + refundId;
    }

    private WooCommerceClient client(String store) {
        WooCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No WooCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
