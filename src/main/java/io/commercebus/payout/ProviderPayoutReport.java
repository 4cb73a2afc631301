package io.commercebus.payout;

import io.commercebus.support.Csv;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payment provider's itemized payout reconciliation report (Stripe's layout, which WooPayments and
 * most BigCommerce gateways export too): one row per balance transaction, with its payout
 * ({@code automatic_payout_id}, {@code automatic_payout_effective_at}), {@code reporting_category}
 * (charge, refund, dispute, fee…), {@code gross}, {@code fee} and {@code net} in major units, and the
 * order it belongs to in a metadata column. A row of category {@code payout}, where the report has
 * one, is the deposit itself (its net negative); without it the deposit is the sum of the nets.
 * Each row becomes a line of its category at its gross, and its fee a {@code fee} line.
 */
public final class ProviderPayoutReport {

    static final String DEFAULT_ORDER_COLUMN = "payment_metadata[order_id]";

    private ProviderPayoutReport() {
    }

    /**
     * @param orderColumn the column naming the marketplace order (the metadata key the store's gateway writes)
     * @throws IllegalArgumentException naming the line and column of what cannot be read
     */
    public static List<Payout> parse(String csv, String orderColumn) {
        Map<String, List<Map<String, String>>> byPayout = new LinkedHashMap<>();
        int line = 1;
        for (Map<String, String> row : Csv.rows(csv, false)) {
            line++;
            String payout = row.getOrDefault("automatic_payout_id", "");
            if (payout.isEmpty()) {
                throw new IllegalArgumentException("line " + line + ": automatic_payout_id is empty; export the"
                        + " itemized payout reconciliation report, whose rows name their payout");
            }
            row.put("#line", Integer.toString(line));
            byPayout.computeIfAbsent(payout, k -> new ArrayList<>()).add(row);
        }
        List<Payout> payouts = new ArrayList<>();
        byPayout.forEach((id, rows) -> payouts.add(payout(id, rows, orderColumn == null ? DEFAULT_ORDER_COLUMN : orderColumn)));
        return payouts;
    }

    private static Payout payout(String id, List<Map<String, String>> rows, String orderColumn) {
        List<PayoutLine> lines = new ArrayList<>();
        BigDecimal nets = BigDecimal.ZERO;
        BigDecimal deposit = null;
        String currency = null;
        String day = null;
        for (Map<String, String> row : rows) {
            String category = row.getOrDefault("reporting_category", "");
            currency = currency == null ? row.getOrDefault("currency", "").toUpperCase(java.util.Locale.ROOT) : currency;
            day = day == null ? day(row.get("automatic_payout_effective_at"), row.get("#line")) : day;
            BigDecimal net = decimal(row, "net");
            if (category.equals("payout")) {
                deposit = net.negate();
                continue;
            }
            String order = row.getOrDefault(orderColumn, "");
            nets = nets.add(net);
            lines.add(new PayoutLine(category, kind(category), order.isEmpty() ? null : order, decimal(row, "gross")));
            BigDecimal fee = decimal(row, "fee");
            if (fee.signum() != 0) {
                lines.add(new PayoutLine("fee", PayoutLine.Kind.FEE, order.isEmpty() ? null : order, fee.negate()));
            }
        }
        return new Payout(id, currency, null, null, day, deposit != null ? deposit : nets, lines);
    }

    private static PayoutLine.Kind kind(String category) {
        return switch (category) {
            case "charge", "payment" -> PayoutLine.Kind.SALE;
            case "refund", "payment_refund" -> PayoutLine.Kind.REFUND;
            case "fee" -> PayoutLine.Kind.FEE;
            default -> PayoutLine.Kind.OTHER;
        };
    }

    private static BigDecimal decimal(Map<String, String> row, String column) {
        String text = row.getOrDefault(column, "");
        try {
            return text.isEmpty() ? BigDecimal.ZERO : new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + row.get("#line") + ": " + column + " '" + text + "' is not a number");
        }
    }

    /** The payout's day from its effective time: ISO date-time, epoch seconds, or a date. */
    private static String day(String text, String line) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ": automatic_payout_effective_at is empty");
        }
        if (text.matches("\\d{9,11}")) {
            return Instant.ofEpochSecond(Long.parseLong(text)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        }
        String iso = text.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return iso.length() > 10 ? LocalDateTime.parse(iso).toLocalDate().toString() : LocalDate.parse(iso).toString();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("line " + line + ": automatic_payout_effective_at '" + text
                        + "' is not a date (2026-11-30, 2026-11-30 00:00:00 or epoch seconds)");
            }
        }
    }
}
