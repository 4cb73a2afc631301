package io.commercebus.fulfillment;

import java.math.BigDecimal;
import java.util.List;

/**
 * A NetSuite Item Fulfillment as a marketplace shipment: which order, which of its lines and how many,
 * the carrier in the marketplace's own code, the tracking numbers. A marketplace connector creates the
 * shipment from it; stored in the ledger between the map and deliver stages.
 *
 * @param fulfillmentId  NetSuite's internal id of the fulfilment: the shipment's stable reference, so a
 *                       shipment is never created twice for one fulfilment
 * @param orderId        the marketplace order
 * @param shipMethod     NetSuite's ship method (shipping item) internal id
 * @param carrier        the marketplace's carrier code for it ({@code lookups/carrier.csv})
 * @param completesOrder whether every line of the order is shipped with this fulfilment (or was before)
 */
public record ShipmentPlan(String fulfillmentId, String tranId, String orderId, String shipDate, String shipMethod,
                           String carrier, List<String> trackingNumbers, List<Line> lines, boolean completesOrder) {

    /**
     * One shipped order line.
     *
     * @param lineId the marketplace's id of the order line (BigCommerce order product id, Amazon OrderItemId,
     *               Walmart line number, WooCommerce line item id), as the order's mapping recorded it
     * @param sku    the line's SKU
     */
    public record Line(String lineId, String sku, BigDecimal quantity) {
    }

    /** A short human description, e.g. for a WooCommerce order note or a log line. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            out.append(out.length() == 0 ? "" : ", ").append(line.quantity().stripTrailingZeros().toPlainString()).append(" × ")
                    .append(line.sku());
        }
        return out.toString();
    }
}
