package io.commercebus.connector.netsuite;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NetSuite's Item Fulfillments, read by SuiteQL: those changed since a point (the fulfilment flow's
 * watermark) and those shipped in a period (reconciliation), each with the Sales Order it fulfils, which
 * SuiteQL keeps on the fulfilment's lines ({@code transactionline.createdfrom}).
 */
public class NetSuiteFulfillments {

    /** A fulfilment: its ids, status code, date, and the Sales Order it came from. */
    public record Fulfillment(String id, String tranId, String status, LocalDate tranDate, Instant lastModified,
                              String salesOrderId) {

        /** NetSuite's "Shipped" status of an Item Fulfillment (as opposed to Picked or Packed). */
        public boolean shipped() {
            return status != null && (status.equals("C") || status.endsWith(":C"));
        }
    }

    private static final String COLUMNS = "id, tranid, status, TO_CHAR(trandate, 'YYYY-MM-DD') AS trandate,"
            + " TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS modified";
    private static final DateTimeFormatter MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final NetSuiteClient netsuite;

    public NetSuiteFulfillments(NetSuiteClient netsuite) {
        this.netsuite = netsuite;
    }

    /** Fulfilments changed at or after a point (read in NetSuite's time zone), with their Sales Orders. */
    public List<Fulfillment> changedSince(Instant since, ZoneId zone) {
        return withSalesOrders(netsuite.query("SELECT " + COLUMNS + " FROM transaction WHERE type = 'ItemShip'"
                + " AND lastmodifieddate >= " + SuiteQlText.timestamp(since, zone) + " ORDER BY id"), zone);
    }

    /** A timestamp literal as NetSuite reads it in the integration user's time zone. */
    public static String timestamp(Instant at, ZoneId zone) {
        return SuiteQlText.timestamp(at, zone);
    }

    /** Fulfilments dated in [from, to], with their Sales Orders. */
    public List<Fulfillment> datedBetween(LocalDate from, LocalDate to, ZoneId zone) {
        return withSalesOrders(netsuite.query("SELECT " + COLUMNS + " FROM transaction WHERE type = 'ItemShip' AND trandate >= "
                + NetSuiteTransactions.date(from) + " AND trandate <= " + NetSuiteTransactions.date(to) + " ORDER BY id"), zone);
    }

    private List<Fulfillment> withSalesOrders(List<Map<String, String>> rows, ZoneId zone) {
        Map<String, String> salesOrders = new LinkedHashMap<>();
        List<String> ids = rows.stream().map(r -> r.get("id")).toList();
        for (List<String> chunk : SuiteQlText.chunks(ids)) {
            for (Map<String, String> line : netsuite.query("SELECT transaction, createdfrom FROM transactionline WHERE transaction IN ("
                    + SuiteQlText.numbers(chunk) + ") AND createdfrom IS NOT NULL ORDER BY transaction")) {
                salesOrders.putIfAbsent(line.get("transaction"), line.get("createdfrom"));
            }
        }
        List<Fulfillment> out = new ArrayList<>();
        for (Map<String, String> row : rows) {
            String day = row.get("trandate");
            String modified = row.get("modified");
            out.add(new Fulfillment(row.get("id"), row.get("tranid"), row.get("status"),
                    day == null || day.isEmpty() ? null : LocalDate.parse(day),
                    modified == null || modified.isEmpty() ? null : LocalDateTime.parse(modified, MODIFIED).atZone(zone).toInstant(),
                    salesOrders.get(row.get("id"))));
        }
        return out;
    }
}
