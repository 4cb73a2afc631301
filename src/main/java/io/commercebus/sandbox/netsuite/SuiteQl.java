package io.commercebus.sandbox.netsuite;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * The part of SuiteQL the bus uses, over the simulated records. Grammar (keywords and names are
 * case-insensitive; a name may be qualified by the table or its alias, {@code i.itemid}):
 *
 * <pre>
 * query    := SELECT select FROM table [alias] [WHERE cond] [ORDER BY key {, key}]
 * select   := * | item {, item}
 * item     := expr [[AS] alias] | COUNT(*) [[AS] alias] | (COUNT | MIN | MAX | SUM)(expr) [[AS] alias]
 * expr     := column | LOWER(column) | UPPER(column) | TO_CHAR(column [, 'format'])
 * cond     := and {OR and};  and := not {AND not};  not := NOT not | ( cond ) | test
 * test     := expr (= | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=) value
 *           | expr [NOT] IN (value {, value})          -- at most 1000 values, as Oracle
 *           | expr [NOT] BETWEEN value AND value
 *           | expr [NOT] LIKE 'pattern'                 -- % and _
 *           | expr IS [NOT] NULL
 * value    := 'text' | number | date [(+ | -) days]
 * date     := TO_DATE('text', 'format') | TO_TIMESTAMP('text', 'format') | CURRENT_DATE | CURRENT_TIMESTAMP | SYSDATE
 * key      := expr | alias | position  [ASC | DESC]     -- nulls last ascending, first descending
 * </pre>
 *
 * Formats are Oracle datetime format models ({@link DateFormatModel}), read and written in the
 * user's time zone. Text compared with a date column is read in the user's date format
 * ({@code M/d/yyyy} by default), as Oracle's implicit conversion does. Comparing with a number
 * column converts text to a number, else the query fails (ORA-01722).
 *
 * <p>Tables: {@code customer}, {@code transaction}, {@code transactionline}, {@code item},
 * {@code inventoryitemlocations}, {@code location}, {@code pricing}, {@code pricelevel}, {@code itemmember},
 * {@code currency}, {@code classification}, {@code account} (columns in {@link SuiteQlTables}). Results come back as NetSuite returns
 * them: column names lower-case, values as text, null columns left out, booleans {@code T}/{@code F},
 * dates and datetimes in the user's date format (no time: select {@code TO_CHAR(col, 'YYYY-MM-DD
 * HH24:MI:SS')} for it), at most 100,000 rows per query. Without ORDER BY rows come in the table's
 * natural order (by id); with it, ties keep that order, so offset paging is stable.
 *
 * <p>Unknown tables and columns, joins, grouping, DISTINCT, sub-queries and anything else outside
 * the grammar are refused with NetSuite's 400 for a bad query.
 */
final class SuiteQl {

    /** A query NetSuite would refuse: 400 "Invalid search query". */
    static final class InvalidQuery extends RuntimeException {
        InvalidQuery(String message) {
            super(message);
        }
    }

    static final int MAX_RESULTS = 100_000;
    static final int MAX_IN_LIST = 1000;

    /**
     * Column types. STATUS is a transaction status held as {@code SalesOrd:B}: it reads as the letter
     * ({@code B}), and compares with either the letter or the compound code.
     */
    enum Type { TEXT, NUMBER, DATE, DATETIME, STATUS }

    /** A column of a table: its type and how a row gives its value (String, Number, Instant or LocalDate). */
    record Column<R>(String name, Type type, Function<R, Object> get) {
    }

    /** Candidate rows from an index; {@code natural}: already in the table's natural order. */
    record Candidates<R>(Collection<R> rows, boolean natural) {
    }

    /** A table SuiteQL can read. */
    interface Table<R> {
        /** The monitor to hold while reading. */
        Object lock();

        String name();

        /** The columns SELECT * returns, in order. */
        List<Column<R>> columns();

        /** A column by lower-case name, or null. */
        Column<R> column(String name);

        /** Every row, in natural order. */
        Iterable<R> scan();

        Comparator<R> natural();

        /**
         * Rows that may satisfy {@code column op values} (op: = &lt; &lt;= &gt; &gt;= IN BETWEEN, or PREFIX
         * for {@code LIKE 'text%'}; values as the column's type: String, BigDecimal or Instant), or null
         * when not indexed.
         */
        default Candidates<R> lookup(String column, String op, List<Object> values) {
            return null;
        }
    }

    /** One page of a result. */
    record Page(List<Map<String, String>> rows, int totalResults) {
    }

    private static final Set<String> KEYWORDS = Set.of("SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS",
            "NULL", "BETWEEN", "LIKE", "ORDER", "BY", "ASC", "DESC", "AS", "JOIN", "INNER", "LEFT", "RIGHT", "OUTER",
            "FULL", "CROSS", "ON", "GROUP", "HAVING", "UNION", "DISTINCT", "FETCH", "OFFSET", "LIMIT", "NULLS");
    private static final Set<String> AGGREGATES = Set.of("COUNT", "MIN", "MAX", "SUM");

    private final Function<String, Table<?>> tables;
    private final Supplier<Instant> clock;
    private volatile ZoneId zone;
    private volatile DateTimeFormatter dateFormat;

    SuiteQl(Function<String, Table<?>> tables, Supplier<Instant> clock, ZoneId zone, String dateFormat) {
        this.tables = tables;
        this.clock = clock;
        setUserPreferences(zone, dateFormat);
    }

    /** The NetSuite user's time zone and date format (Home &gt; Set Preferences), which SuiteQL results use. */
    void setUserPreferences(ZoneId zone, String dateFormat) {
        this.zone = zone;
        this.dateFormat = DateTimeFormatter.ofPattern(dateFormat, Locale.US);
    }

    ZoneId zone() {
        return zone;
    }

    /** Runs a query and returns rows {@code offset} to {@code offset + limit} of its result. */
    Page execute(String query, int offset, int limit) {
        Parser parser = new Parser(tokenize(query));
        Parsed parsed = parser.query();
        Table<?> table = tables.apply(parsed.table);
        if (table == null) {
            throw new InvalidQuery("Search error occurred: Record '" + parsed.table + "' was not found.");
        }
        return run(table, parsed, offset, limit);
    }

    // ---------------------------------------------------------------- execution

    private <R> Page run(Table<R> table, Parsed q, int offset, int limit) {
        Bound<R> bound = new Bound<>(table, q);
        synchronized (table.lock()) {
            List<R> rows = bound.rows();
            if (bound.aggregate) {
                return new Page(List.of(bound.aggregateRow(rows)), 1);
            }
            if (!q.order.isEmpty()) {
                Comparator<R> order = bound.order();
                if (!sorted(rows, order)) {
                    rows = new ArrayList<>(rows);
                    rows.sort(order);
                }
            }
            int total = Math.min(rows.size(), MAX_RESULTS);
            List<Map<String, String>> page = new ArrayList<>();
            for (int i = offset; i < Math.min(total, offset + limit); i++) {
                page.add(bound.output(rows.get(i)));
            }
            return new Page(page, total);
        }
    }

    private static <R> boolean sorted(List<R> rows, Comparator<R> order) {
        for (int i = 1; i < rows.size(); i++) {
            if (order.compare(rows.get(i - 1), rows.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** A value a row yields for an expression, with its type. */
    private record Getter<R>(Type type, Function<R, Object> get) {
    }

    /** A parsed query bound to a table. */
    private final class Bound<R> {
        final Table<R> table;
        final Parsed q;
        final Test<R> where;
        final List<String> names = new ArrayList<>();
        final List<Getter<R>> getters = new ArrayList<>();
        final List<String> aggregates = new ArrayList<>();
        final boolean aggregate;

        Bound(Table<R> table, Parsed q) {
            this.table = table;
            this.q = q;
            if (q.star) {
                for (Column<R> c : table.columns()) {
                    names.add(c.name());
                    getters.add(new Getter<>(c.type(), c.get()));
                    aggregates.add(null);
                }
            } else {
                int unnamed = 0;
                for (SelectItem item : q.select) {
                    Getter<R> getter = item.operand == null ? null : getter(item.operand);
                    if (item.aggregate != null && getter != null && item.aggregate.equals("SUM")
                            && getter.type() != Type.NUMBER) {
                        throw new InvalidQuery("Search error occurred: SUM needs a number, not " + item.operand);
                    }
                    String name = item.alias;
                    if (name == null) {
                        name = item.aggregate == null && item.operand instanceof Col c ? c.name : "expr" + (++unnamed);
                    }
                    names.add(name);
                    getters.add(getter);
                    aggregates.add(item.aggregate);
                }
            }
            long count = aggregates.stream().filter(a -> a != null).count();
            if (count > 0 && count < aggregates.size()) {
                throw new InvalidQuery("Search error occurred: not a single-group group function (ORA-00937);"
                        + " GROUP BY is not simulated by the sandbox");
            }
            aggregate = count > 0;
            where = q.where == null ? null : test(q.where);
        }

        List<R> rows() {
            Candidates<R> candidates = q.where == null ? null : plan();
            Iterable<R> source = candidates == null ? table.scan() : candidates.rows();
            List<R> out = new ArrayList<>();
            for (R row : source) {
                if (where == null || Boolean.TRUE.equals(where.test(row))) {
                    out.add(row);
                }
            }
            if (candidates != null && !candidates.natural() && q.order.isEmpty()) {
                out.sort(table.natural());
            }
            return out;
        }

        /** The smallest candidate set an index gives for one of the conditions ANDed at the top. */
        private Candidates<R> plan() {
            List<Cond> terms = q.where instanceof And and ? and.terms : List.of(q.where);
            Candidates<R> best = null;
            for (Cond term : terms) {
                Candidates<R> c = null;
                if (term instanceof Cmp cmp && cmp.left instanceof Col col && !cmp.op.equals("!=")) {
                    Column<R> column = column(col);
                    c = table.lookup(column.name(), cmp.op, List.of(convert(cmp.right, column.type())));
                } else if (term instanceof In in && !in.not && in.left instanceof Col col) {
                    Column<R> column = column(col);
                    List<Object> values = new ArrayList<>();
                    in.values.forEach(v -> values.add(convert(v, column.type())));
                    c = table.lookup(column.name(), "IN", values);
                } else if (term instanceof Between b && !b.not && b.left instanceof Col col) {
                    Column<R> column = column(col);
                    c = table.lookup(column.name(), "BETWEEN", List.of(convert(b.low, column.type()),
                            convert(b.high, column.type())));
                } else if (term instanceof Like like && !like.not && like.left instanceof Col col
                        && column(col).type() == Type.TEXT && like.pattern.indexOf('%') == like.pattern.length() - 1
                        && like.pattern.indexOf('_') < 0) {
                    c = table.lookup(column(col).name(), "PREFIX",
                            List.of(like.pattern.substring(0, like.pattern.length() - 1)));
                }
                if (c != null && (best == null || c.rows().size() < best.rows().size())) {
                    best = c;
                }
            }
            return best;
        }

        Map<String, String> output(R row) {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String value = format(getters.get(i).get().apply(row), getters.get(i).type());
                if (value != null) {
                    out.put(names.get(i), value);
                }
            }
            return out;
        }

        Map<String, String> aggregateRow(List<R> rows) {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                Getter<R> g = getters.get(i);
                String fn = aggregates.get(i);
                String value;
                if (fn.equals("COUNT")) {
                    value = Integer.toString(g == null ? rows.size()
                            : (int) rows.stream().filter(r -> g.get().apply(r) != null).count());
                } else if (fn.equals("SUM")) {
                    BigDecimal sum = null;
                    for (R r : rows) {
                        Object v = g.get().apply(r);
                        if (v != null) {
                            sum = (sum == null ? BigDecimal.ZERO : sum).add(decimal(v));
                        }
                    }
                    value = format(sum, Type.NUMBER);
                } else {
                    Object best = null;
                    for (R r : rows) {
                        Object v = g.get().apply(r);
                        if (v != null && (best == null || (compare(v, best, g.type()) < 0) == fn.equals("MIN"))) {
                            best = v;
                        }
                    }
                    value = format(best, g.type());
                }
                if (value != null) {
                    out.put(names.get(i), value);
                }
            }
            return out;
        }

        Comparator<R> order() {
            Comparator<R> order = null;
            for (OrderKey key : q.order) {
                Getter<R> g;
                if (key.position > 0) {
                    if (key.position > getters.size()) {
                        throw new InvalidQuery("Search error occurred: ORDER BY item must be the number of a SELECT-list"
                                + " expression (ORA-01785)");
                    }
                    g = getters.get(key.position - 1);
                } else if (key.operand instanceof Col c && c.qualifier == null && names.contains(c.name)) {
                    g = getters.get(names.indexOf(c.name));
                } else {
                    g = getter(key.operand);
                }
                Comparator<R> one = (a, b) -> {
                    Object x = g.get().apply(a);
                    Object y = g.get().apply(b);
                    if (x == null || y == null) {
                        // Oracle: nulls are largest, last ascending and first descending
                        return x == null ? (y == null ? 0 : 1) : -1;
                    }
                    return compare(x, y, g.type());
                };
                if (key.desc) {
                    one = one.reversed();
                }
                order = order == null ? one : order.thenComparing(one);
            }
            return order.thenComparing(table.natural());
        }

        private Column<R> column(Col col) {
            if (col.qualifier != null && !col.qualifier.equals(q.table) && !col.qualifier.equals(q.alias)) {
                throw new InvalidQuery("Search error occurred: '" + col.qualifier + "' is not the table or its alias;"
                        + " joins are not simulated by the sandbox");
            }
            Column<R> column = table.column(col.name);
            if (column == null) {
                throw new InvalidQuery("Search error occurred: Field '" + col.name + "' for record '" + table.name()
                        + "' was not found.");
            }
            return column;
        }

        private Getter<R> getter(Operand operand) {
            if (operand instanceof Col col) {
                Column<R> c = column(col);
                return new Getter<>(c.type(), c.get());
            }
            Fn fn = (Fn) operand;
            Getter<R> arg = getter(fn.arg);
            switch (fn.name) {
                case "LOWER", "UPPER" -> {
                    boolean lower = fn.name.equals("LOWER");
                    return new Getter<>(Type.TEXT, r -> {
                        String v = format(arg.get().apply(r), arg.type());
                        return v == null ? null : lower ? v.toLowerCase(Locale.ROOT) : v.toUpperCase(Locale.ROOT);
                    });
                }
                default -> {
                    if (fn.format == null) {
                        return new Getter<>(Type.TEXT, r -> format(arg.get().apply(r), arg.type()));
                    }
                    if (arg.type() == Type.DATE || arg.type() == Type.DATETIME) {
                        DateFormatModel model = DateFormatModel.of(fn.format);
                        return new Getter<>(Type.TEXT, r -> {
                            Object v = arg.get().apply(r);
                            return v == null ? null : model.format(instant(v).atZone(zone));
                        });
                    }
                    if (arg.type() == Type.NUMBER) {
                        return new Getter<>(Type.TEXT, r -> format(arg.get().apply(r), arg.type()));
                    }
                    throw new InvalidQuery("Search error occurred: invalid number format model (ORA-01481) for TO_CHAR"
                            + " of text");
                }
            }
        }

        private Test<R> test(Cond cond) {
            if (cond instanceof And and) {
                List<Test<R>> parts = and.terms.stream().map(this::test).toList();
                return row -> {
                    Boolean result = Boolean.TRUE;
                    for (Test<R> p : parts) {
                        Boolean b = p.test(row);
                        if (Boolean.FALSE.equals(b)) {
                            return false;
                        }
                        if (b == null) {
                            result = null;
                        }
                    }
                    return result;
                };
            }
            if (cond instanceof Or or) {
                List<Test<R>> parts = or.terms.stream().map(this::test).toList();
                return row -> {
                    Boolean result = Boolean.FALSE;
                    for (Test<R> p : parts) {
                        Boolean b = p.test(row);
                        if (Boolean.TRUE.equals(b)) {
                            return true;
                        }
                        if (b == null) {
                            result = null;
                        }
                    }
                    return result;
                };
            }
            if (cond instanceof Not not) {
                Test<R> inner = test(not.inner);
                return row -> {
                    Boolean b = inner.test(row);
                    return b == null ? null : !b;
                };
            }
            if (cond instanceof IsNull isNull) {
                Getter<R> g = getter(isNull.left);
                return row -> (g.get().apply(row) == null) != isNull.not;
            }
            if (cond instanceof Cmp cmp) {
                Getter<R> g = getter(cmp.left);
                ToIntFunction<Object> compareTo = comparer(convert(cmp.right, g.type()), g.type());
                String op = cmp.op;
                return row -> {
                    Object v = g.get().apply(row);
                    if (v == null) {
                        return null;
                    }
                    int c = compareTo.applyAsInt(v);
                    return switch (op) {
                        case "=" -> c == 0;
                        case "!=" -> c != 0;
                        case "<" -> c < 0;
                        case "<=" -> c <= 0;
                        case ">" -> c > 0;
                        default -> c >= 0;
                    };
                };
            }
            if (cond instanceof In in) {
                Getter<R> g = getter(in.left);
                Set<Object> values = new HashSet<>();
                in.values.forEach(v -> values.add(key(convert(v, g.type()), g.type())));
                boolean status = g.type() == Type.STATUS;
                return row -> {
                    Object v = g.get().apply(row);
                    if (v == null) {
                        return null;
                    }
                    boolean found = values.contains(key(v, g.type())) || status && values.contains(letter(v));
                    return found != in.not;
                };
            }
            if (cond instanceof Between b) {
                Getter<R> g = getter(b.left);
                ToIntFunction<Object> low = comparer(convert(b.low, g.type()), g.type());
                ToIntFunction<Object> high = comparer(convert(b.high, g.type()), g.type());
                return row -> {
                    Object v = g.get().apply(row);
                    if (v == null) {
                        return null;
                    }
                    boolean inside = low.applyAsInt(v) >= 0 && high.applyAsInt(v) <= 0;
                    return inside != b.not;
                };
            }
            Like like = (Like) cond;
            Getter<R> g = getter(like.left);
            Pattern pattern = likePattern(like.pattern);
            return row -> {
                String v = format(g.get().apply(row), g.type());
                return v == null ? null : pattern.matcher(v).matches() != like.not;
            };
        }
    }

    private interface Test<R> {
        Boolean test(R row);
    }

    // ---------------------------------------------------------------- values

    /** A literal as a value of the column's type: String, BigDecimal or Instant. */
    private Object convert(Lit lit, Type type) {
        switch (type) {
            case TEXT, STATUS -> {
                if (lit.value instanceof Instant) {
                    throw new InvalidQuery("Search error occurred: a date cannot be compared with text");
                }
                return lit.value instanceof BigDecimal d ? d.toPlainString() : lit.value;
            }
            case NUMBER -> {
                if (lit.value instanceof BigDecimal d) {
                    return d;
                }
                if (lit.value instanceof String s) {
                    try {
                        return new BigDecimal(s.trim());
                    } catch (NumberFormatException e) {
                        throw new InvalidQuery("Search error occurred: invalid number '" + s + "' (ORA-01722)");
                    }
                }
                throw new InvalidQuery("Search error occurred: a date cannot be compared with a number");
            }
            default -> {
                if (lit.value instanceof Instant i) {
                    return i;
                }
                if (lit.value instanceof String s) {
                    return userDate(s);
                }
                throw new InvalidQuery("Search error occurred: a number cannot be compared with a date");
            }
        }
    }

    /** Text in the user's date format (optionally with a time, {@code h:mm a}), in the user's time zone. */
    private Instant userDate(String text) {
        String s = text.trim();
        try {
            int space = s.indexOf(' ');
            if (space < 0) {
                return LocalDate.parse(s, dateFormat).atStartOfDay(zone).toInstant();
            }
            LocalDate date = LocalDate.parse(s.substring(0, space), dateFormat);
            java.time.LocalTime time = java.time.LocalTime.parse(s.substring(space + 1).toUpperCase(Locale.ROOT),
                    DateTimeFormatter.ofPattern("h:mm[:ss] a", Locale.US));
            return date.atTime(time).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidQuery("Search error occurred: '" + text + "' is not a date in the user's date format"
                    + " (ORA-01858); use TO_DATE or TO_TIMESTAMP with a format");
        }
    }

    private Instant instant(Object v) {
        return v instanceof LocalDate d ? d.atStartOfDay(zone).toInstant() : (Instant) v;
    }

    private int compare(Object a, Object b, Type type) {
        return switch (type) {
            case TEXT, STATUS -> a.toString().compareTo(b.toString());
            case NUMBER -> compareNumbers(a, b);
            default -> instant(a).compareTo(instant(b));
        };
    }

    private static int compareNumbers(Object a, Object b) {
        if ((a instanceof Integer || a instanceof Long) && (b instanceof Integer || b instanceof Long)) {
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        return decimal(a).compareTo(decimal(b));
    }

    /** Compares a row's value with a (converted) literal: negative, zero or positive. */
    private ToIntFunction<Object> comparer(Object literal, Type type) {
        switch (type) {
            case TEXT -> {
                String s = literal.toString();
                return v -> v.toString().compareTo(s);
            }
            case STATUS -> {
                String s = literal.toString();
                return s.indexOf(':') >= 0 ? v -> v.toString().compareTo(s) : v -> letter(v).compareTo(s);
            }
            case NUMBER -> {
                BigDecimal d = (BigDecimal) literal;
                Long exact = exactLong(d);
                return v -> exact != null && (v instanceof Integer || v instanceof Long)
                        ? Long.compare(((Number) v).longValue(), exact) : decimal(v).compareTo(d);
            }
            default -> {
                Instant i = (Instant) literal;
                return v -> instant(v).compareTo(i);
            }
        }
    }

    /** A value as a key equal for equal values: numbers as Long when whole, else without trailing zeros. */
    private Object key(Object v, Type type) {
        return switch (type) {
            case TEXT, STATUS -> v.toString();
            case NUMBER -> {
                if (v instanceof Integer || v instanceof Long) {
                    yield ((Number) v).longValue();
                }
                BigDecimal d = decimal(v);
                Long exact = exactLong(d);
                yield exact != null ? (Object) exact : d.stripTrailingZeros();
            }
            default -> instant(v);
        };
    }

    private static Long exactLong(BigDecimal d) {
        try {
            return d.signum() == 0 ? 0L : d.stripTrailingZeros().scale() <= 0 ? d.longValueExact() : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Integer || v instanceof Long) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        return new BigDecimal(v.toString());
    }

    /** A value as SuiteQL writes it. */
    private String format(Object v, Type type) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case TEXT -> v.toString();
            case STATUS -> letter(v);
            case NUMBER -> v instanceof BigDecimal d ? plain(d) : v.toString();
            default -> dateFormat.format(instant(v).atZone(zone));
        };
    }

    /** The letter of a status ({@code B} of {@code SalesOrd:B}). */
    private static String letter(Object status) {
        String s = status.toString();
        return s.substring(s.indexOf(':') + 1);
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (char c : like.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    // ---------------------------------------------------------------- syntax tree

    private record Parsed(boolean star, List<SelectItem> select, String table, String alias, Cond where,
                          List<OrderKey> order) {
    }

    private record SelectItem(String aggregate, Operand operand, String alias) {
    }

    private record OrderKey(Operand operand, int position, boolean desc) {
    }

    private sealed interface Operand permits Col, Fn {
    }

    private record Col(String qualifier, String name) implements Operand {
        @Override
        public String toString() {
            return name;
        }
    }

    private record Fn(String name, Operand arg, String format) implements Operand {
        @Override
        public String toString() {
            return name + "(" + arg + ")";
        }
    }

    /** A literal: String, BigDecimal or Instant. */
    private record Lit(Object value) {
    }

    private sealed interface Cond permits And, Or, Not, Cmp, In, IsNull, Between, Like {
    }

    private record And(List<Cond> terms) implements Cond {
    }

    private record Or(List<Cond> terms) implements Cond {
    }

    private record Not(Cond inner) implements Cond {
    }

    private record Cmp(Operand left, String op, Lit right) implements Cond {
    }

    private record In(Operand left, List<Lit> values, boolean not) implements Cond {
    }

    private record IsNull(Operand left, boolean not) implements Cond {
    }

    private record Between(Operand left, Lit low, Lit high, boolean not) implements Cond {
    }

    private record Like(Operand left, String pattern, boolean not) implements Cond {
    }

    // ---------------------------------------------------------------- parser

    private enum Kind { WORD, STRING, NUMBER, SYMBOL, END }

    private record Token(Kind kind, String text) {
        boolean is(String keyword) {
            return (kind == Kind.WORD || kind == Kind.SYMBOL) && text.equalsIgnoreCase(keyword);
        }

        @Override
        public String toString() {
            return kind == Kind.STRING ? "'" + text + "'" : kind == Kind.END ? "end of query" : text;
        }
    }

    private final class Parser {
        private final List<Token> tokens;
        private int pos;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        Parsed query() {
            expect("SELECT");
            if (peek().is("DISTINCT")) {
                throw unsupported("DISTINCT");
            }
            boolean star = false;
            List<SelectItem> select = new ArrayList<>();
            if (accept("*")) {
                star = true;
            } else {
                do {
                    select.add(selectItem());
                } while (accept(","));
            }
            expect("FROM");
            if (peek().is("(")) {
                throw unsupported("sub-queries");
            }
            String table = name();
            String alias = null;
            if (accept("AS")) {
                alias = name();
            } else if (peek().kind == Kind.WORD && !KEYWORDS.contains(peek().text.toUpperCase(Locale.ROOT))) {
                alias = name();
            }
            for (String join : List.of("JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", ",")) {
                if (peek().is(join)) {
                    throw unsupported("joins");
                }
            }
            Cond where = null;
            if (accept("WHERE")) {
                where = or();
            }
            if (peek().is("GROUP") || peek().is("HAVING")) {
                throw unsupported("GROUP BY");
            }
            List<OrderKey> order = new ArrayList<>();
            if (accept("ORDER")) {
                expect("BY");
                do {
                    order.add(orderKey());
                } while (accept(","));
            }
            if (peek().is("UNION") || peek().is("FETCH") || peek().is("OFFSET") || peek().is("LIMIT")) {
                throw unsupported(peek().text.toUpperCase(Locale.ROOT)
                        + " (page with the limit and offset parameters of the request)");
            }
            if (peek().kind != Kind.END) {
                throw new InvalidQuery("Search error occurred: unexpected '" + peek() + "'");
            }
            return new Parsed(star, select, table, alias, where, order);
        }

        private SelectItem selectItem() {
            SelectItem item;
            String word = peek().kind == Kind.WORD ? peek().text.toUpperCase(Locale.ROOT) : "";
            if (AGGREGATES.contains(word) && peekAt(1).is("(")) {
                pos += 2;
                if (peek().is("DISTINCT")) {
                    throw unsupported("DISTINCT");
                }
                Operand operand = null;
                if (word.equals("COUNT") && accept("*")) {
                    operand = null;
                } else {
                    operand = operand();
                }
                expect(")");
                item = new SelectItem(word, operand, null);
            } else {
                item = new SelectItem(null, operand(), null);
            }
            String alias = null;
            if (accept("AS")) {
                alias = name();
            } else if (peek().kind == Kind.WORD && !KEYWORDS.contains(peek().text.toUpperCase(Locale.ROOT))) {
                alias = name();
            }
            return alias == null ? item : new SelectItem(item.aggregate, item.operand, alias);
        }

        private OrderKey orderKey() {
            Operand operand = null;
            int position = 0;
            if (peek().kind == Kind.NUMBER) {
                position = Integer.parseInt(next().text);
            } else {
                operand = operand();
            }
            boolean desc = accept("DESC");
            if (!desc) {
                accept("ASC");
            }
            if (peek().is("NULLS")) {
                throw unsupported("NULLS FIRST/LAST");
            }
            return new OrderKey(operand, position, desc);
        }

        private Operand operand() {
            String word = peek().kind == Kind.WORD ? peek().text.toUpperCase(Locale.ROOT) : "";
            if (peekAt(1).is("(") && peek().kind == Kind.WORD) {
                pos += 2;
                switch (word) {
                    case "LOWER", "UPPER" -> {
                        Operand arg = operand();
                        expect(")");
                        return new Fn(word, arg, null);
                    }
                    case "TO_CHAR" -> {
                        Operand arg = operand();
                        String format = null;
                        if (accept(",")) {
                            format = string();
                        }
                        expect(")");
                        return new Fn(word, arg, format);
                    }
                    default -> throw unsupported("the function " + word + " in this position");
                }
            }
            if (peek().is("(") || peek().is("SELECT")) {
                throw unsupported("expressions other than a column, LOWER, UPPER and TO_CHAR");
            }
            String first = name();
            if (accept(".")) {
                return new Col(first, name());
            }
            return new Col(null, first);
        }

        private Cond or() {
            List<Cond> terms = new ArrayList<>();
            terms.add(and());
            while (accept("OR")) {
                terms.add(and());
            }
            return terms.size() == 1 ? terms.get(0) : new Or(terms);
        }

        private Cond and() {
            List<Cond> terms = new ArrayList<>();
            terms.add(not());
            while (accept("AND")) {
                terms.add(not());
            }
            return terms.size() == 1 ? terms.get(0) : new And(terms);
        }

        private Cond not() {
            if (accept("NOT")) {
                return new Not(not());
            }
            if (peek().is("(") && !peekAt(1).is("SELECT")) {
                next();
                Cond inner = or();
                expect(")");
                return inner;
            }
            return test();
        }

        private Cond test() {
            if (peek().kind == Kind.STRING || peek().kind == Kind.NUMBER) {
                throw unsupported("a value on the left of a comparison; write the column first");
            }
            Operand left = operand();
            if (accept("IS")) {
                boolean not = accept("NOT");
                expect("NULL");
                return new IsNull(left, not);
            }
            boolean not = accept("NOT");
            if (accept("IN")) {
                expect("(");
                if (peek().is("SELECT")) {
                    throw unsupported("sub-queries");
                }
                List<Lit> values = new ArrayList<>();
                do {
                    values.add(value());
                } while (accept(","));
                expect(")");
                if (values.size() > MAX_IN_LIST) {
                    throw new InvalidQuery("Search error occurred: maximum number of expressions in a list is "
                            + MAX_IN_LIST + " (ORA-01795)");
                }
                return new In(left, values, not);
            }
            if (accept("BETWEEN")) {
                Lit low = value();
                expect("AND");
                return new Between(left, low, value(), not);
            }
            if (accept("LIKE")) {
                String pattern = string();
                if (peek().is("ESCAPE")) {
                    throw unsupported("LIKE ... ESCAPE");
                }
                return new Like(left, pattern, not);
            }
            if (not) {
                throw new InvalidQuery("Search error occurred: expected IN, BETWEEN or LIKE after NOT near '" + peek() + "'");
            }
            for (String op : List.of("=", "!=", "<>", "<=", ">=", "<", ">")) {
                if (accept(op)) {
                    if (peek().kind == Kind.WORD && !isDateFunction(peek())) {
                        throw unsupported("comparing two columns");
                    }
                    return new Cmp(left, op.equals("<>") ? "!=" : op, value());
                }
            }
            throw new InvalidQuery("Search error occurred: expected a comparison, IN, BETWEEN, LIKE or IS near '"
                    + peek() + "'");
        }

        private boolean isDateFunction(Token t) {
            String w = t.text.toUpperCase(Locale.ROOT);
            return Set.of("TO_DATE", "TO_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIMESTAMP", "SYSDATE").contains(w);
        }

        private Lit value() {
            Token t = peek();
            if (t.kind == Kind.STRING) {
                next();
                return new Lit(t.text);
            }
            if (t.is("-") && peekAt(1).kind == Kind.NUMBER) {
                next();
                return new Lit(new BigDecimal(next().text).negate());
            }
            if (t.kind == Kind.NUMBER) {
                next();
                return new Lit(new BigDecimal(t.text));
            }
            if (t.kind == Kind.WORD && isDateFunction(t)) {
                next();
                String fn = t.text.toUpperCase(Locale.ROOT);
                Instant date;
                if (fn.equals("TO_DATE") || fn.equals("TO_TIMESTAMP")) {
                    expect("(");
                    String text = string();
                    if (!accept(",")) {
                        throw new InvalidQuery("Search error occurred: " + fn + " needs a format, e.g. " + fn
                                + "('2026-11-23 08:00:00', 'YYYY-MM-DD HH24:MI:SS')");
                    }
                    String format = string();
                    expect(")");
                    LocalDateTime local = DateFormatModel.of(format).parse(text);
                    date = local.atZone(zone).toInstant();
                } else {
                    date = clock.get();
                }
                if (peek().is("+") || peek().is("-")) {
                    boolean minus = next().is("-");
                    if (peek().kind != Kind.NUMBER) {
                        throw new InvalidQuery("Search error occurred: a number of days must follow + or - near '"
                                + peek() + "'");
                    }
                    BigDecimal days = new BigDecimal(next().text);
                    long seconds = days.multiply(BigDecimal.valueOf(86_400)).longValue();
                    date = minus ? date.minusSeconds(seconds) : date.plusSeconds(seconds);
                }
                return new Lit(date);
            }
            throw new InvalidQuery("Search error occurred: expected a value near '" + t + "'");
        }

        private String string() {
            Token t = next();
            if (t.kind != Kind.STRING) {
                throw new InvalidQuery("Search error occurred: expected a quoted text near '" + t + "'");
            }
            return t.text;
        }

        private String name() {
            Token t = next();
            if (t.kind != Kind.WORD || KEYWORDS.contains(t.text.toUpperCase(Locale.ROOT))) {
                throw new InvalidQuery("Search error occurred: expected a name near '" + t + "'");
            }
            return t.text.toLowerCase(Locale.ROOT);
        }

        private Token peek() {
            return peekAt(0);
        }

        private Token peekAt(int ahead) {
            return pos + ahead < tokens.size() ? tokens.get(pos + ahead) : new Token(Kind.END, "");
        }

        private Token next() {
            Token t = peek();
            if (t.kind != Kind.END) {
                pos++;
            }
            return t;
        }

        private boolean accept(String keyword) {
            if (peek().is(keyword)) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(String keyword) {
            if (!accept(keyword)) {
                throw new InvalidQuery("Search error occurred: expected " + keyword + " near '" + peek() + "'");
            }
        }

        private InvalidQuery unsupported(String what) {
            return new InvalidQuery("Search error occurred: " + what + " is not supported by the sandbox's SuiteQL");
        }
    }

    private static List<Token> tokenize(String query) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder literal = new StringBuilder();
                i++;
                while (true) {
                    if (i >= query.length()) {
                        throw new InvalidQuery("Search error occurred: quoted string not properly terminated (ORA-01756)");
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
                out.add(new Token(Kind.STRING, literal.toString()));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < query.length() && (Character.isDigit(query.charAt(i)) || query.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, query.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < query.length() && (Character.isLetterOrDigit(query.charAt(i)) || "_$#".indexOf(query.charAt(i)) >= 0)) {
                    i++;
                }
                out.add(new Token(Kind.WORD, query.substring(start, i)));
            } else if (query.startsWith("<=", i) || query.startsWith(">=", i) || query.startsWith("<>", i)
                    || query.startsWith("!=", i)) {
                out.add(new Token(Kind.SYMBOL, query.substring(i, i + 2)));
                i += 2;
            } else if ("(),=*<>.+-".indexOf(c) >= 0) {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            } else if (c == '"') {
                throw new InvalidQuery("Search error occurred: quoted names are not supported by the sandbox's SuiteQL");
            } else {
                throw new InvalidQuery("Search error occurred: invalid character '" + c + "' (ORA-00911)");
            }
        }
        return out;
    }
}
