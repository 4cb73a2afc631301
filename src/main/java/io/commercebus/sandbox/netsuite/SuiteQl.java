package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The part of SuiteQL the bus uses, over the simulated records:
 * {@code SELECT cols|*|COUNT(*) FROM customer|item|transaction [WHERE c = 'v' | c IN (...) | LOWER(c) = 'v'
 * | c IS [NOT] NULL, joined by AND/OR, with parentheses] [ORDER BY c [ASC|DESC]]}. Columns come back
 * lower-case with text values, null columns left out, as NetSuite returns them. Anything else is
 * refused the way NetSuite refuses a bad query.
 */
final class SuiteQl {

    /** A query NetSuite would refuse: 400 "Invalid search query". */
    static final class InvalidQuery extends RuntimeException {
        InvalidQuery(String message) {
            super(message);
        }
    }

    private static final Map<String, String> ITEM_TYPE_CODES = Map.of("inventoryItem", "InvtPart",
            "nonInventorySaleItem", "NonInvtPart", "otherChargeSaleItem", "OthCharge", "discountItem", "Discount",
            "serviceSaleItem", "Service");
    private static final Map<String, String> TRANSACTION_TYPE_CODES = Map.of("salesOrder", "SalesOrd", "cashSale", "CashSale");

    private final RecordStore store;
    private List<String> tokens;
    private int pos;

    SuiteQl(RecordStore store) {
        this.store = store;
    }

    synchronized List<Map<String, String>> execute(String query) {
        tokens = tokenize(query);
        pos = 0;
        expect("SELECT");
        List<String[]> columns = new ArrayList<>();
        boolean count = false;
        String countAlias = "expr1";
        if (accept("*")) {
            columns = null;
        } else {
            do {
                if (accept("COUNT")) {
                    expect("(");
                    expect("*");
                    expect(")");
                    count = true;
                    if (accept("AS")) {
                        countAlias = identifier();
                    }
                } else {
                    String column = identifier();
                    String alias = accept("AS") ? identifier() : column;
                    columns.add(new String[] {column, alias});
                }
            } while (accept(","));
        }
        expect("FROM");
        String table = identifier();
        List<Map<String, String>> rows = rows(table);
        if (accept("WHERE")) {
            Predicate<Map<String, String>> where = orExpression();
            rows = rows.stream().filter(where).toList();
        }
        if (accept("ORDER")) {
            expect("BY");
            String column = identifier();
            boolean descending = accept("DESC");
            if (!descending) {
                accept("ASC");
            }
            Comparator<Map<String, String>> order = Comparator.comparing(r -> sortKey(r.get(column)));
            rows = rows.stream().sorted(descending ? order.reversed() : order).toList();
        }
        if (pos < tokens.size()) {
            throw new InvalidQuery("Unexpected '" + tokens.get(pos) + "'");
        }
        if (count) {
            return List.of(Map.of(countAlias, Integer.toString(rows.size())));
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> row : rows) {
            Map<String, String> selected = new LinkedHashMap<>();
            if (columns == null) {
                row.forEach((k, v) -> {
                    if (v != null) {
                        selected.put(k, v);
                    }
                });
            } else {
                for (String[] c : columns) {
                    if (!row.containsKey(c[0])) {
                        throw new InvalidQuery("Search error occurred: Field '" + c[0] + "' for record '" + table + "' was not found.");
                    }
                    if (row.get(c[0]) != null) {
                        selected.put(c[1], row.get(c[0]));
                    }
                }
            }
            out.add(selected);
        }
        return out;
    }

    /** Sort text; numbers (ids) sort numerically. */
    private static String sortKey(String value) {
        if (value != null && value.matches("\\d{1,19}")) {
            return String.format("%020d", Long.parseLong(value));
        }
        return value == null ? "" : value;
    }

    private Predicate<Map<String, String>> orExpression() {
        Predicate<Map<String, String>> left = andExpression();
        while (accept("OR")) {
            left = left.or(andExpression());
        }
        return left;
    }

    private Predicate<Map<String, String>> andExpression() {
        Predicate<Map<String, String>> left = condition();
        while (accept("AND")) {
            left = left.and(condition());
        }
        return left;
    }

    private Predicate<Map<String, String>> condition() {
        if (accept("(")) {
            Predicate<Map<String, String>> inner = orExpression();
            expect(")");
            return inner;
        }
        Function<Map<String, String>, String> operand = operand();
        if (accept("IS")) {
            boolean not = accept("NOT");
            expect("NULL");
            return row -> (operand.apply(row) == null) != not;
        }
        if (accept("=")) {
            String value = literal();
            return row -> value.equals(operand.apply(row));
        }
        if (accept("IN")) {
            expect("(");
            List<String> values = new ArrayList<>();
            do {
                values.add(literal());
            } while (accept(","));
            expect(")");
            return row -> values.contains(operand.apply(row));
        }
        throw new InvalidQuery("Expected =, IN or IS after a column near '" + peek() + "'");
    }

    private Function<Map<String, String>, String> operand() {
        for (String fn : List.of("LOWER", "UPPER")) {
            if (accept(fn)) {
                expect("(");
                String column = identifier();
                expect(")");
                return row -> {
                    requireColumn(row, column);
                    String v = row.get(column);
                    return v == null ? null : fn.equals("LOWER") ? v.toLowerCase(Locale.ROOT) : v.toUpperCase(Locale.ROOT);
                };
            }
        }
        String column = identifier();
        return row -> {
            requireColumn(row, column);
            return row.get(column);
        };
    }

    private static void requireColumn(Map<String, String> row, String column) {
        if (!row.containsKey(column)) {
            throw new InvalidQuery("Search error occurred: Field '" + column + "' was not found.");
        }
    }

    private List<Map<String, String>> rows(String table) {
        List<Map<String, String>> rows = new ArrayList<>();
        switch (table) {
            case "customer" -> {
                for (ObjectNode c : store.all("customer")) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("id", c.path("id").asText());
                    row.put("entityid", text(c, "entityId"));
                    row.put("email", text(c, "email"));
                    row.put("firstname", text(c, "firstName"));
                    row.put("lastname", text(c, "lastName"));
                    row.put("companyname", text(c, "companyName"));
                    row.put("externalid", text(c, "externalId"));
                    row.put("isperson", c.path("isPerson").asBoolean(true) ? "T" : "F");
                    rows.add(row);
                }
            }
            case "item" -> {
                for (Map.Entry<String, String> type : ITEM_TYPE_CODES.entrySet()) {
                    for (ObjectNode i : store.all(type.getKey())) {
                        Map<String, String> row = new LinkedHashMap<>();
                        row.put("id", i.path("id").asText());
                        row.put("itemid", text(i, "itemId"));
                        row.put("displayname", text(i, "displayName"));
                        row.put("upccode", text(i, "upcCode"));
                        row.put("externalid", text(i, "externalId"));
                        row.put("itemtype", type.getValue());
                        row.put("isinactive", i.path("isInactive").asBoolean(false) ? "T" : "F");
                        rows.add(row);
                    }
                }
            }
            case "transaction" -> {
                for (Map.Entry<String, String> type : TRANSACTION_TYPE_CODES.entrySet()) {
                    for (ObjectNode t : store.all(type.getKey())) {
                        Map<String, String> row = new LinkedHashMap<>();
                        row.put("id", t.path("id").asText());
                        row.put("tranid", text(t, "tranId"));
                        row.put("type", type.getValue());
                        row.put("externalid", text(t, "externalId"));
                        row.put("entity", t.path("entity").path("id").asText(null));
                        row.put("trandate", text(t, "tranDate"));
                        row.put("foreigntotal", text(t, "total"));
                        row.put("memo", text(t, "memo"));
                        rows.add(row);
                    }
                }
            }
            default -> throw new InvalidQuery("Search error occurred: Record '" + table + "' was not found.");
        }
        rows.sort(Comparator.comparing(r -> sortKey(r.get("id"))));
        return rows;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
    }

    // ---------------------------------------------------------------- tokens

    private static List<String> tokenize(String query) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder literal = new StringBuilder("'");
                i++;
                while (true) {
                    if (i >= query.length()) {
                        throw new InvalidQuery("Unterminated string literal");
                    }
                    char d = query.charAt(i++);
                    if (d == '\'') {
                        if (i < query.length() && query.charAt(i) == '\'') {
                            literal.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        literal.append(d);
                    }
                }
                out.add(literal.toString());
            } else if ("(),=*".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') {
                int start = i;
                while (i < query.length() && (Character.isLetterOrDigit(query.charAt(i)) || "_-.".indexOf(query.charAt(i)) >= 0)) {
                    i++;
                }
                out.add(query.substring(start, i));
            } else {
                throw new InvalidQuery("Unexpected character '" + c + "'");
            }
        }
        return out;
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : "end of query";
    }

    private boolean accept(String keyword) {
        if (pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String keyword) {
        if (!accept(keyword)) {
            throw new InvalidQuery("Expected " + keyword + " near '" + peek() + "'");
        }
    }

    private String identifier() {
        String token = peek();
        if (pos >= tokens.size() || token.startsWith("'") || !Character.isLetter(token.charAt(0))) {
            throw new InvalidQuery("Expected a name near '" + token + "'");
        }
        pos++;
        return token.toLowerCase(Locale.ROOT);
    }

    private String literal() {
        String token = peek();
        if (pos < tokens.size() && token.startsWith("'")) {
            pos++;
            return token.substring(1);
        }
        if (pos < tokens.size() && token.matches("-?\\d+(\\.\\d+)?")) {
            pos++;
            return token;
        }
        throw new InvalidQuery("Expected a value near '" + token + "'");
    }
}
