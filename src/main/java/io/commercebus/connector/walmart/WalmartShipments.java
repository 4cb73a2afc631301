package io.commercebus.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.fulfillment.ShipmentPlan;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NetSuite fulfilments as Walmart shipments ({@code POST /v3/orders/{purchaseOrderId}/shipping}): each
 * line of the plan ships its quantity of the Walmart order line (by line number) with the carrier, the
 * order's method code and the tracking number; Walmart marks that quantity Shipped, line by line.
 * Idempotent: a line that already has a Shipped quantity with this tracking number was shipped by an
 * earlier attempt (a crash between Walmart's answer and the ledger's commit) and is not sent again.
 */
public class WalmartShipments {

    private static final Logger LOG = LoggerFactory.getLogger(WalmartShipments.class);
    /** ShippingLineType's limit. */
    static final int SELLER_ORDER_ID_MAX = 30;

    private final Map<String, WalmartClient> clients;
    private final Clock clock;

    public WalmartShipments(Map<String, WalmartClient> clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    public void ship(String store, ShipmentPlan plan) {
        WalmartClient client = WalmartOrders.client(clients, store);
        JsonNode order = client.order(plan.orderId());
        if (order == null) {
            throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "Walmart has no purchase order " + plan.orderId()
                    + " of store " + store + "; NetSuite fulfilment " + plan.tranId() + " was not passed on");
        }
        if (plan.trackingNumbers().isEmpty()) {
            throw new PermanentFailure("TRACKING_MISSING", "NetSuite fulfilment " + plan.tranId() + " of Walmart order "
                    + plan.orderId() + " has no tracking number, which Walmart requires to ship; add it to the fulfilment's"
                    + " package in NetSuite (the changed fulfilment is sent again)");
        }
        // Walmart takes one tracking number per shipped quantity: the fulfilment's first package
        String tracking = plan.trackingNumbers().get(0);
        Map<String, BigDecimal> quantities = new LinkedHashMap<>();
        for (ShipmentPlan.Line line : plan.lines()) {
            quantities.merge(lineNumber(order, line, plan), line.quantity(), BigDecimal::add);
        }
        quantities.keySet().removeIf(number -> shippedWith(WalmartOrders.line(order, number), tracking));
        if (quantities.isEmpty()) {
            LOG.info("Walmart store {}: order {} has fulfilment {} ({}) shipped already", store, plan.orderId(), plan.tranId(),
                    tracking);
            return;
        }
        try {
            // Walmart ships acknowledged lines only; the poll acknowledges right after staging, but a crash in between
            // leaves the order released until the next poll
            if (quantities.keySet().stream().anyMatch(number -> WalmartOrders.quantity(WalmartOrders.line(order, number),
                    "Created") > 0)) {
                client.acknowledge(plan.orderId());
            }
            client.ship(plan.orderId(), shipment(order, plan, quantities, tracking));
        } catch (WalmartRefusal e) {
            throw new PermanentFailure(DeadLetterReason.MARKETPLACE_REJECTED, e.getMessage() + "; NetSuite fulfilment "
                    + plan.tranId() + " was not passed on: correct it (carrier, quantities) and replay");
        }
        LOG.info("Walmart store {}: order {} lines {} shipped ({} {}, NetSuite fulfilment {})", store, plan.orderId(),
                quantities.keySet(), plan.carrier(), tracking, plan.tranId());
    }

    private ObjectNode shipment(JsonNode order, ShipmentPlan plan, Map<String, BigDecimal> quantities, String tracking) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode lines = body.putObject("orderShipment").putObject("orderLines").putArray("orderLine");
        String sellerOrderId = plan.tranId().length() > SELLER_ORDER_ID_MAX ? plan.tranId().substring(0, SELLER_ORDER_ID_MAX)
                : plan.tranId();
        quantities.forEach((number, quantity) -> {
            ObjectNode line = lines.addObject().put("lineNumber", number).put("sellerOrderId", sellerOrderId);
            ObjectNode status = line.putObject("orderLineStatuses").putArray("orderLineStatus").addObject();
            status.put("status", "Shipped");
            status.putObject("statusQuantity").put("unitOfMeasurement", "EACH").put("amount", quantity.stripTrailingZeros()
                    .toPlainString());
            ObjectNode info = status.putObject("trackingInfo");
            info.put("shipDateTime", shipDateTime(plan.shipDate()));
            info.putObject("carrierName").put("carrier", plan.carrier());
            info.put("methodCode", order.path("shippingInfo").path("methodCode").asText("Standard"));
            info.put("trackingNumber", tracking);
        });
        return body;
    }

    /** The plan line's Walmart line number: its line id, else (an order mapped before line ids) the line of its SKU. */
    private static String lineNumber(JsonNode order, ShipmentPlan.Line line, ShipmentPlan plan) {
        if (line.lineId() != null) {
            return line.lineId();
        }
        for (JsonNode candidate : order.path("orderLines").path("orderLine")) {
            if (line.sku().equals(candidate.path("item").path("sku").asText())) {
                return candidate.path("lineNumber").asText();
            }
        }
        throw new PermanentFailure("UNMATCHED_FULFILLMENT_LINE", "NetSuite fulfilment " + plan.tranId() + " ships " + line.sku()
                + ", which no line of Walmart order " + plan.orderId() + " sells");
    }

    private static boolean shippedWith(JsonNode line, String tracking) {
        for (JsonNode status : line.path("orderLineStatuses").path("orderLineStatus")) {
            if ("Shipped".equals(status.path("status").asText())
                    && tracking.equals(status.path("trackingInfo").path("trackingNumber").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * NetSuite dates its fulfilments by day (in the account's zone): the end of that day in UTC, or now
     * if sooner, so the time is never in the future nor before the shipment's day.
     */
    private long shipDateTime(String shipDate) {
        Instant now = clock.instant();
        if (shipDate == null) {
            return now.toEpochMilli();
        }
        try {
            Instant endOfDay = LocalDate.parse(shipDate).plusDays(1).atStartOfDay(ZoneOffset.UTC).minusSeconds(1).toInstant();
            return (endOfDay.isBefore(now) ? endOfDay : now).toEpochMilli();
        } catch (DateTimeParseException e) {
            return now.toEpochMilli();
        }
    }
}
