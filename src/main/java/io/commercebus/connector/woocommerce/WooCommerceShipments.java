package io.commercebus.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.fulfillment.ShipmentPlan;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * NetSuite fulfilments as WooCommerce shipments. WooCommerce has no shipment records of its own (that
 * takes an extension), so a shipment is a customer note, which WooCommerce e-mails to the buyer:
 * "Shipped via UPS, tracking 1Z…: 2 × MUG-11OZ [NetSuite fulfilment IF1042]". The marker makes it
 * idempotent: a note carrying it and the tracking numbers means the shipment was passed on before (a
 * crash between WooCommerce's answer and the ledger's commit), and no second note is written; a
 * fulfilment whose tracking changed in NetSuite gets a note with the new numbers. The order becomes {@code completed}
 * once the fulfilment completes it; a cancelled or refunded order keeps its status.
 */
public class WooCommerceShipments {

    private static final Logger LOG = LoggerFactory.getLogger(WooCommerceShipments.class);
    private static final List<String> FINAL = List.of("completed", "cancelled", "refunded", "trash");

    private final Map<String, WooCommerceClient> clients;

    public WooCommerceShipments(Map<String, WooCommerceClient> clients) {
        this.clients = clients;
    }

    public void ship(String store, ShipmentPlan plan) {
        WooCommerceClient client = client(store);
        String order = "/orders/" + plan.orderId();
        try {
            String marker = marker(plan);
            boolean noted = false;
            for (JsonNode note : client.call("GET", order + "/notes?type=customer", null)) {
                String text = note.path("note").asText("");
                noted |= text.contains(marker) && plan.trackingNumbers().stream().allMatch(text::contains);
            }
            if (!noted) {
                client.call("POST", order + "/notes", Json.mapper().createObjectNode().put("note", note(plan))
                        .put("customer_note", true));
            }
            if (plan.completesOrder()) {
                String status = client.call("GET", order, null).path("status").asText();
                if (!FINAL.contains(status)) {
                    client.call("PUT", order, Json.mapper().createObjectNode().put("status", "completed"));
                }
            }
            LOG.info("WooCommerce store {}: order {} {} ({}){}", store, plan.orderId(), noted ? "already told of" : "told of",
                    marker, plan.completesOrder() ? ", shipped in full" : "");
        } catch (WooCommerceRefusal e) {
            throw new PermanentFailure(e.status() == 404 ? DeadLetterReason.SOURCE_NOT_FOUND : DeadLetterReason.MARKETPLACE_REJECTED,
                    e.getMessage() + "; the shipment of NetSuite fulfilment " + plan.tranId() + " was not passed on");
        }
    }

    /** What the buyer reads, the marker last. */
    static String note(ShipmentPlan plan) {
        StringBuilder note = new StringBuilder("Shipped via ").append(plan.carrier());
        if (!plan.trackingNumbers().isEmpty()) {
            note.append(", tracking ").append(String.join(", ", plan.trackingNumbers()));
        }
        return note.append(": ").append(plan.describe()).append(' ').append(marker(plan)).toString();
    }

    static String marker(ShipmentPlan plan) {
        return "[NetSuite fulfilment " + plan.tranId() + "]";
    }

    private WooCommerceClient client(String store) {
        WooCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No WooCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
