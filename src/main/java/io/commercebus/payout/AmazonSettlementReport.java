package io.commercebus.payout;

import io.commercebus.support.Csv;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Amazon's settlement report, {@code GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2}: tab-separated, its first
 * row the settlement (settlement-id, start, end, deposit date, total-amount = the deposit, currency),
 * then one row per amount, named by transaction-type, amount-type and amount-description
 * ({@code Order / ItemFees / Commission}). Each row becomes a payout line of category
 * {@code <transaction-type>/<amount-type>/<amount-description>}.
 */
public final class AmazonSettlementReport {

    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT),
            DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss z", Locale.ROOT),
            DateTimeFormatter.ISO_OFFSET_DATE_TIME);

    private AmazonSettlementReport() {
    }

    /** @throws IllegalArgumentException naming what is missing or unreadable */
    public static Payout parse(String flatFile) {
        List<Map<String, String>> rows = Csv.rows(flatFile, true);
        if (rows.isEmpty() || rows.get(0).getOrDefault("total-amount", "").isEmpty()) {
            throw new IllegalArgumentException("not a settlement report: its first row must carry settlement-id and total-amount");
        }
        Map<String, String> head = rows.get(0);
        String id = required(head, "settlement-id", 2);
        List<PayoutLine> lines = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            String amount = row.getOrDefault("amount", "");
            if (amount.isEmpty()) {
                continue;
            }
            String type = row.getOrDefault("transaction-type", "");
            String amountType = row.getOrDefault("amount-type", "");
            String category = type + "/" + amountType + "/" + row.getOrDefault("amount-description", "");
            String order = row.getOrDefault("order-id", "");
            lines.add(new PayoutLine(category, kind(type, amountType), order.isEmpty() ? null : order,
                    decimal(amount, "amount", i + 2)));
        }
        return new Payout(id, required(head, "currency", 2), date(head.get("settlement-start-date")),
                date(head.get("settlement-end-date")), date(required(head, "deposit-date", 2)),
                decimal(head.get("total-amount"), "total-amount", 2), lines);
    }

    private static PayoutLine.Kind kind(String transactionType, String amountType) {
        boolean money = amountType.equals("ItemPrice") || amountType.equals("Promotion");
        if (amountType.contains("Fee")) {
            return PayoutLine.Kind.FEE;
        }
        if (money && transactionType.equals("Order")) {
            return PayoutLine.Kind.SALE;
        }
        if (money && transactionType.equals("Refund")) {
            return PayoutLine.Kind.REFUND;
        }
        return PayoutLine.Kind.OTHER;
    }

    private static String required(Map<String, String> row, String column, int line) {
        String value = row.getOrDefault(column, "");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ": column '" + column + "' is empty or missing");
        }
        return value;
    }

    private static BigDecimal decimal(String text, String column, int line) {
        try {
            // some marketplaces write a decimal comma
            return new BigDecimal(text.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ": " + column + " '" + text + "' is not a number");
        }
    }

    /** The day, as ISO text, of a settlement date in any of the formats Amazon writes (UTC). */
    static String date(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        for (DateTimeFormatter format : DATE_TIMES) {
            try {
                // a zone name (UTC, PST) is no offset: only a zoned parse reads it
                return ZonedDateTime.parse(text, format).withZoneSameInstant(ZoneOffset.UTC).toLocalDate().toString();
            } catch (DateTimeParseException ignored) {
                // next format
            }
        }
        try {
            return LocalDateTime.parse(text).toLocalDate().toString();
        } catch (DateTimeParseException ignored) {
            // a plain date, or unreadable
        }
        try {
            return LocalDate.parse(text.length() >= 10 ? text.substring(0, 10) : text).toString();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date Amazon writes (e.g. 2026-11-15 07:00:00 UTC)");
        }
    }
}
