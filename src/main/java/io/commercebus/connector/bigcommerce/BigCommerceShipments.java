package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.fulfillment.ShipmentPlan;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * NetSuite's fulfilments as BigCommerce order shipments (v2): one shipment per shipping address the
 * fulfilled order products go to, with exactly the fulfilment's products and quantities, its carrier as
 * {@code shipping_provider} and {@code tracking_carrier}, and its first tracking number (a shipment holds
 * one; the others are listed in its {@code comments}). The comments start with "NetSuite fulfilment
 * &lt;tranId&gt;": a shipment carrying it is the one made for that fulfilment before (a crash between
 * BigCommerce's answer and the ledger's commit, a replay), so it is never made twice; a later version of
 * the fulfilment updates its tracking instead. BigCommerce moves the order to Partially Shipped or
 * Shipped by itself from the quantities shipped.
 */
public class BigCommerceShipments {

    private static final Logger LOG = LoggerFactory.getLogger(BigCommerceShipments.class);

    private final Map<String, BigCommerceClient> clients;

    public BigCommerceShipments(Map<String, BigCommerceClient> clients) {
        this.clients = clients;
    }

    public void ship(String store, ShipmentPlan plan) {
        BigCommerceClient client = client(store);
        String orderId = plan.orderId();
        if (client.order(orderId).isEmpty()) {
            throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "BigCommerce store " + store + " has no order "
                    + orderId + " to ship fulfilment " + plan.tranId() + " of; was it deleted?");
        }
        String marker = marker(plan);
        Pattern made = Pattern.compile(Pattern.quote(marker) + "(?![A-Za-z0-9])");
        List<JsonNode> existing = new ArrayList<>();
        client.shipments(orderId).forEach(s -> {
            if (made.matcher(s.path("comments").asText("")).find()) {
                existing.add(s);
            }
        });
        Map<Integer, Map<Integer, BigDecimal>> byAddress = itemsByAddress(plan, client.orderProducts(orderId), existing);
        for (Map.Entry<Integer, Map<Integer, BigDecimal>> address : byAddress.entrySet()) {
            ObjectNode tracking = tracking(plan, marker);
            JsonNode before = existing.stream().filter(s -> s.path("order_address_id").asInt() == address.getKey())
                    .findFirst().orElse(null);
            try {
                if (before == null) {
                    ObjectNode body = tracking.deepCopy();
                    body.put("order_address_id", address.getKey());
                    var items = body.putArray("items");
                    address.getValue().forEach((product, quantity) -> items.addObject().put("order_product_id", product)
                            .put("quantity", quantity.intValue()));
                    JsonNode created = client.call("POST", "/v2/orders/" + orderId + "/shipments", body);
                    LOG.info("BigCommerce store {}: order {} shipment {} for {} ({})", store, orderId,
                            created.path("id").asText(), marker, plan.describe());
                } else if (changed(before, tracking)) {
                    client.call("PUT", "/v2/orders/" + orderId + "/shipments/" + before.path("id").asText(), tracking);
                    LOG.info("BigCommerce store {}: order {} shipment {} tracking updated for {}", store, orderId,
                            before.path("id").asText(), marker);
                } else {
                    LOG.info("BigCommerce store {}: order {} already has shipment {} for {}", store, orderId,
                            before.path("id").asText(), marker);
                }
            } catch (BigCommerceRefusal e) {
                throw new PermanentFailure(DeadLetterReason.MARKETPLACE_REJECTED, "BigCommerce store " + store
                        + " refused the shipment of order " + orderId + " for " + marker + " (" + plan.describe() + "): "
                        + e.status() + " " + e.body() + "; correct the order or the fulfilment and replay");
            }
        }
    }

    /** The words that tie a shipment to its fulfilment. */
    static String marker(ShipmentPlan plan) {
        return "NetSuite fulfilment " + plan.tranId();
    }

    /**
     * The plan's lines as order products and quantities per shipping address: by the line id the order's
     * mapping recorded, else (an order mapped before line ids were) the first product with the SKU that has
     * that many left to ship, counting what this fulfilment's own shipments took as left.
     */
    private static Map<Integer, Map<Integer, BigDecimal>> itemsByAddress(ShipmentPlan plan, Iterable<JsonNode> products,
                                                                      List<JsonNode> own) {
        Map<Integer, BigDecimal> left = new LinkedHashMap<>();
        Map<Integer, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode p : products) {
            byId.put(p.path("id").asInt(), p);
            left.put(p.path("id").asInt(), BigDecimal.valueOf(p.path("quantity").asInt() - p.path("quantity_shipped").asInt()));
        }
        own.forEach(s -> s.path("items").forEach(i -> left.computeIfPresent(i.path("order_product_id").asInt(),
                (id, q) -> q.add(BigDecimal.valueOf(i.path("quantity").asInt())))));
        Map<Integer, Map<Integer, BigDecimal>> out = new LinkedHashMap<>();
        for (ShipmentPlan.Line line : plan.lines()) {
            if (line.quantity().signum() <= 0 || line.quantity().stripTrailingZeros().scale() > 0) {
                throw new PermanentFailure("UNMATCHED_FULFILLMENT_LINE", "fulfilment " + plan.tranId() + " ships "
                        + line.quantity().toPlainString() + " × " + line.sku() + "; BigCommerce ships whole units only");
            }
            JsonNode product = line.lineId() != null ? byId.get(parse(line.lineId())) : byId.values().stream()
                    .filter(p -> p.path("sku").asText().equalsIgnoreCase(line.sku())
                            && left.get(p.path("id").asInt()).compareTo(line.quantity()) >= 0)
                    .findFirst().orElse(null);
            if (product == null) {
                throw new PermanentFailure("UNMATCHED_FULFILLMENT_LINE", "fulfilment " + plan.tranId() + " ships "
                        + line.quantity().toPlainString() + " × " + line.sku() + (line.lineId() == null ? "" : " (order product "
                        + line.lineId() + ")") + ", which BigCommerce order " + plan.orderId() + " does not have"
                        + (line.lineId() == null ? " with that many left to ship" : ""));
            }
            int id = product.path("id").asInt();
            left.merge(id, line.quantity().negate(), BigDecimal::add);
            out.computeIfAbsent(product.path("order_address_id").asInt(), a -> new LinkedHashMap<>())
                    .merge(id, line.quantity(), BigDecimal::add);
        }
        return out;
    }

    /** What a shipment says of its fulfilment: carrier, first tracking number, the marker and the other numbers. */
    private static ObjectNode tracking(ShipmentPlan plan, String marker) {
        List<String> numbers = plan.trackingNumbers() == null ? List.of() : plan.trackingNumbers();
        String carrier = plan.carrier() == null ? "" : plan.carrier();
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tracking_number", numbers.isEmpty() ? "" : numbers.get(0));
        body.put("shipping_provider", carrier);
        body.put("tracking_carrier", carrier);
        body.put("comments", numbers.size() > 1 ? marker + "; more tracking numbers: "
                + String.join(", ", numbers.subList(1, numbers.size())) : marker);
        return body;
    }

    private static boolean changed(JsonNode shipment, ObjectNode tracking) {
        for (var field : List.of("tracking_number", "shipping_provider", "tracking_carrier", "comments")) {
            if (!shipment.path(field).asText("").equals(tracking.path(field).asText())) {
                return true;
            }
        }
        return false;
    }

    private static Integer parse(String lineId) {
        try {
            return Integer.valueOf(lineId.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private BigCommerceClient client(String store) {
        BigCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No BigCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
