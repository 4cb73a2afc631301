package io.commercebus.sandbox.amazon;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A settlement as Amazon's Flat File V2 settlement report (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2):
 * tab-separated, a header line of column names, a first row with the settlement's summary
 * (settlement-id, period, deposit-date, total-amount, currency) and then one row per amount. Dates
 * are UTC, written {@code 2026-03-01 14:23:00 UTC}, and posted-date {@code 2026-03-01}.
 */
final class SettlementFlatFile {

    static final List<String> COLUMNS = List.of("settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date",
            "total-amount", "currency", "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id",
            "marketplace-name", "amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
            "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased", "promotion-id");
    static final String CONTENT_TYPE = "text/tab-separated-values; charset=UTF-8";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private SettlementFlatFile() {
    }

    static String write(Finances.Settlement settlement, String currency) {
        StringBuilder out = new StringBuilder();
        line(out, COLUMNS.toArray(new String[0]));
        String id = settlement.settlementId();
        line(out, id, DATE_TIME.format(settlement.start()), DATE_TIME.format(settlement.end()),
                DATE_TIME.format(settlement.depositDate()), amount(settlement.totalAmount()), currency);
        for (SettlementRow row : settlement.rows()) {
            Instant posted = row.posted();
            line(out, id, "", "", "", "", currency, row.transactionType(), row.orderId(), row.merchantOrderId(), row.adjustmentId(),
                    row.shipmentId(), row.marketplaceName(), row.amountType(), row.amountDescription(), amount(row.amount()),
                    row.fulfillmentId(), DATE.format(posted), DATE_TIME.format(posted), row.orderItemCode(), "", "", row.sku(),
                    row.quantity() == null ? "" : row.quantity().toString(), row.promotionId());
        }
        return out.toString();
    }

    private static String amount(BigDecimal amount) {
        return amount.setScale(2).toPlainString();
    }

    /** One line of the given values, padded with empty fields to every column. */
    private static void line(StringBuilder out, String... values) {
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (i > 0) {
                out.append('\t');
            }
            if (i < values.length && values[i] != null) {
                out.append(values[i]);
            }
        }
        out.append('\n');
    }
}
