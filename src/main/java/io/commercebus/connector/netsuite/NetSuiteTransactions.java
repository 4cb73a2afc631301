package io.commercebus.connector.netsuite;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NetSuite's transactions as reconciliation reads them, by SuiteQL: the bus's own by external id, and
 * a store's by the external-id prefix its mappings give them. Totals are {@code foreigntotal}, in the
 * transaction's currency, as the marketplace charged them.
 */
public class NetSuiteTransactions {

    /** A transaction's identity, total and date. */
    public record Transaction(String id, String externalId, String tranId, String type, String status, BigDecimal total,
                              LocalDate tranDate) {
    }

    static final String SALES_TYPES = "'SalesOrd', 'CashSale'";
    private static final String COLUMNS = "id, externalid, tranid, type, status, foreigntotal, TO_CHAR(trandate, 'YYYY-MM-DD')"
            + " AS trandate";

    private final NetSuiteClient netsuite;

    public NetSuiteTransactions(NetSuiteClient netsuite) {
        this.netsuite = netsuite;
    }

    /** The transactions with these external ids, by external id. */
    public Map<String, Transaction> byExternalIds(Collection<String> externalIds) {
        Map<String, Transaction> out = new LinkedHashMap<>();
        for (List<String> chunk : SuiteQlText.chunks(externalIds)) {
            List<String> literals = chunk.stream().map(NetSuiteClient::literal).toList();
            for (Map<String, String> row : netsuite.query("SELECT " + COLUMNS + " FROM transaction WHERE externalid IN ("
                    + String.join(", ", literals) + ") ORDER BY id")) {
                Transaction t = transaction(row);
                out.put(t.externalId(), t);
            }
        }
        return out;
    }

    /** Sales Orders and Cash Sales whose external id starts with the prefix, dated in [from, to]. */
    public List<Transaction> salesWithPrefix(String prefix, LocalDate from, LocalDate to) {
        List<Transaction> out = new ArrayList<>();
        // '_' in a LIKE pattern matches any character: the prefix is checked again on each row
        String like = NetSuiteClient.literal(prefix.replace("%", "") + "%");
        for (Map<String, String> row : netsuite.query("SELECT " + COLUMNS + " FROM transaction WHERE type IN (" + SALES_TYPES
                + ") AND externalid LIKE " + like + " AND trandate >= " + date(from) + " AND trandate <= " + date(to)
                + " ORDER BY id")) {
            Transaction t = transaction(row);
            if (t.externalId() != null && t.externalId().startsWith(prefix)) {
                out.add(t);
            }
        }
        return out;
    }

    static String date(LocalDate day) {
        return "TO_DATE(" + NetSuiteClient.literal(day.toString()) + ", 'YYYY-MM-DD')";
    }

    private static Transaction transaction(Map<String, String> row) {
        String total = row.get("foreigntotal");
        String day = row.get("trandate");
        return new Transaction(row.get("id"), row.get("externalid"), row.get("tranid"), row.get("type"), row.get("status"),
                total == null || total.isEmpty() ? BigDecimal.ZERO : new BigDecimal(total),
                day == null || day.isEmpty() ? null : LocalDate.parse(day));
    }
}
