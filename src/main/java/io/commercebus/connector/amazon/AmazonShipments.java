package io.commercebus.connector.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.fulfillment.ShipmentPlan;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.RecordSkipped;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NetSuite's fulfilments of seller-fulfilled (MFN) orders → Amazon shipment confirmations: one package per
 * fulfilment (confirmShipment), its {@code packageReferenceId} the fulfilment's internal id, with the
 * plan's order items and quantities, the carrier and the tracking number. Amazon treats a package
 * reference it knows as an edit of that package, so confirming a fulfilment again (a crash before the
 * ledger recorded the first one, or a corrected tracking number) never ships anything twice. Amazon marks
 * the order Shipped itself once every unit is confirmed.
 */
public class AmazonShipments {

    private static final Logger LOG = LoggerFactory.getLogger(AmazonShipments.class);
    /** A carrier.csv value for a carrier Amazon has no code for: {@code Other:<the carrier's name>}. */
    static final String OTHER = "Other";

    private final AmazonClients clients;
    private final ZoneId netsuiteZone;
    private final Clock clock;

    /** @param netsuiteZone the NetSuite account's time zone, in which a fulfilment's date is a day */
    public AmazonShipments(AmazonClients clients, ZoneId netsuiteZone, Clock clock) {
        this.clients = clients;
        this.netsuiteZone = netsuiteZone;
        this.clock = clock;
    }

    public void ship(String store, ShipmentPlan plan) {
        AmazonClient client = clients.of(store);
        JsonNode order = client.order(plan.orderId()).orElseThrow(() -> new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND,
                "NetSuite fulfilment " + plan.tranId() + " ships Amazon order " + plan.orderId() + ", which Amazon does not know"));
        if ("AFN".equals(order.path("FulfillmentChannel").asText())) {
            throw new RecordSkipped("FULFILLED_BY_AMAZON", "Amazon order " + plan.orderId() + " is fulfilled by Amazon (FBA):"
                    + " Amazon ships it and confirms it itself, so NetSuite fulfilment " + plan.tranId() + " is not sent."
                    + " An FBA order should be a Cash Sale in NetSuite, with nothing to fulfil");
        }
        if (plan.trackingNumbers().isEmpty()) {
            throw new PermanentFailure("TRACKING_MISSING", "NetSuite fulfilment " + plan.tranId() + " of Amazon order "
                    + plan.orderId() + " has no tracking number, which Amazon requires to confirm a shipment: add the"
                    + " package's tracking number to the fulfilment in NetSuite (it is then sent by itself), or confirm"
                    + " the shipment in Seller Central and replay this record");
        }
        if (!plan.fulfillmentId().matches("[1-9][0-9]{0,17}")) {
            throw new PermanentFailure(DeadLetterReason.MAPPING_ERROR, "fulfilment id '" + plan.fulfillmentId()
                    + "' cannot be an Amazon packageReferenceId, which is a positive number");
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("marketplaceId", order.path("MarketplaceId").asText());
        ObjectNode pkg = body.putObject("packageDetail");
        pkg.put("packageReferenceId", plan.fulfillmentId());
        carrier(pkg, plan);
        // Amazon takes one tracking number per package; NetSuite does not say which items each package holds
        pkg.put("trackingNumber", plan.trackingNumbers().get(0));
        pkg.put("shipDate", shipDate(plan.shipDate()).toString());
        ArrayNode items = pkg.putArray("orderItems");
        orderItems(client, plan).forEach((orderItemId, quantity) ->
                items.addObject().put("orderItemId", orderItemId).put("quantity", quantity));
        client.confirmShipment(plan.orderId(), body);
        LOG.info("Amazon store {}: order {} shipment confirmed from NetSuite fulfilment {} ({}), {} {}", store, plan.orderId(),
                plan.tranId(), plan.describe(), pkg.path("carrierCode").asText(), pkg.path("trackingNumber").asText());
    }

    /** carrier.csv gives Amazon's carrier code, or {@code Other:<name>} for a carrier Amazon does not list. */
    private static void carrier(ObjectNode pkg, ShipmentPlan plan) {
        String carrier = plan.carrier() == null ? "" : plan.carrier().trim();
        if (carrier.isEmpty()) {
            throw new PermanentFailure("UNMAPPED_CARRIER", "fulfilment " + plan.tranId() + " has no carrier; add a row for"
                    + " ship method " + plan.shipMethod() + " to amazon/lookups/carrier.csv and replay");
        }
        if (carrier.equals(OTHER) || carrier.startsWith(OTHER + ":")) {
            String name = carrier.substring(OTHER.length()).replaceFirst("^:", "").trim();
            if (name.isEmpty()) {
                throw new PermanentFailure("UNMAPPED_CARRIER", "carrier.csv maps ship method " + plan.shipMethod() + " to Other"
                        + " without the carrier's name, which Amazon requires: write Other:<carrier name> and replay");
            }
            pkg.put("carrierCode", OTHER).put("carrierName", name);
        } else {
            pkg.put("carrierCode", carrier);
        }
    }

    /** The plan's lines as Amazon order items and units; a line mapped before line ids were recorded is found by SKU. */
    private static Map<String, Integer> orderItems(AmazonClient client, ShipmentPlan plan) {
        Map<String, Integer> items = new LinkedHashMap<>();
        ArrayNode known = null;
        for (ShipmentPlan.Line line : plan.lines()) {
            String orderItemId = line.lineId();
            if (orderItemId == null) {
                if (known == null) {
                    known = client.orderItems(plan.orderId());
                }
                orderItemId = bySku(known, line, plan);
            }
            items.merge(orderItemId, units(line, plan), Integer::sum);
        }
        return items;
    }

    private static String bySku(ArrayNode items, ShipmentPlan.Line line, ShipmentPlan plan) {
        for (JsonNode item : items) {
            if (item.path("SellerSKU").asText().equals(line.sku())) {
                return item.path("OrderItemId").asText();
            }
        }
        throw new PermanentFailure("UNMATCHED_FULFILLMENT_LINE", "fulfilment " + plan.tranId() + " ships " + line.sku()
                + ", which Amazon order " + plan.orderId() + " has under no seller SKU of that name; confirm the shipment"
                + " in Seller Central");
    }

    private static int units(ShipmentPlan.Line line, ShipmentPlan plan) {
        BigDecimal quantity = line.quantity();
        if (quantity.signum() <= 0 || quantity.stripTrailingZeros().scale() > 0) {
            throw new PermanentFailure(DeadLetterReason.MAPPING_ERROR, "fulfilment " + plan.tranId() + " ships "
                    + quantity.toPlainString() + " × " + line.sku() + ": Amazon confirms whole units only");
        }
        return quantity.intValueExact();
    }

    /**
     * The fulfilment's day as the date-time Amazon wants: its start in NetSuite's time zone, and never
     * later than now (a fulfilment dated ahead), which Amazon would refuse.
     */
    private Instant shipDate(String day) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (day == null) {
            return now;
        }
        try {
            Instant start = LocalDate.parse(day.length() > 10 ? day.substring(0, 10) : day).atStartOfDay(netsuiteZone).toInstant();
            return start.isAfter(now) ? now : start;
        } catch (DateTimeParseException e) {
            throw new PermanentFailure(DeadLetterReason.MAPPING_ERROR, "fulfilment date '" + day + "' is not a date");
        }
    }
}
