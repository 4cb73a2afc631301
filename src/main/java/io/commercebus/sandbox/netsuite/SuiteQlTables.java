package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.netsuite.SuiteQl.Candidates;
import io.commercebus.sandbox.netsuite.SuiteQl.Column;
import io.commercebus.sandbox.netsuite.SuiteQl.Type;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tables SuiteQL reads, with NetSuite's column names (Records Catalog, analytics data source):
 *
 * <ul>
 * <li>{@code customer}: id, entityid, email, firstname, lastname, companyname, externalid, isperson</li>
 * <li>{@code transaction}: id, tranid, type (SalesOrd, CashSale, InvAdjst), externalid, entity, trandate,
 *     foreigntotal, memo</li>
 * <li>{@code item}: id, itemid, displayname, salesdescription, upccode, externalid, itemtype (InvtPart, Kit,
 *     NonInvtPart, OthCharge, Discount, Service), matrixtype (PARENT, CHILD), parent, fullname, isinactive,
 *     class, createddate, lastmodifieddate, and every custom field ({@code custitem_…}) an item carries</li>
 * <li>{@code inventoryitemlocations}: item, location, quantityonhand, quantitycommitted, quantityavailable,
 *     quantitybackordered, lastquantityavailablechange — a row per inventory item and location</li>
 * <li>{@code location}: id, name, fullname, subsidiary, isinactive, makeinventoryavailable</li>
 * <li>{@code pricing}: item, pricelevel, currency, unitprice</li>
 * <li>{@code pricelevel}: id, name, discountpct, isinactive, isonline</li>
 * <li>{@code itemmember}: parentitem, item, quantity, linenumber</li>
 * <li>{@code currency}: id, name, symbol, isbasecurrency, isinactive</li>
 * <li>{@code classification}: id, name, isinactive</li>
 * </ul>
 *
 * Indexed (no full scan): item by id, itemid, parent and lastmodifieddate; inventoryitemlocations by
 * item and lastquantityavailablechange; pricing by item; itemmember by parentitem.
 */
final class SuiteQlTables {

    static final Map<String, String> TRANSACTION_TYPE_CODES = Map.of("salesOrder", "SalesOrd", "cashSale", "CashSale",
            "inventoryAdjustment", "InvAdjst");

    private SuiteQlTables() {
    }

    static SuiteQl.Table<?> table(String name, RecordStore store, Catalog catalog) {
        return switch (name) {
            case "customer" -> customers(store);
            case "transaction" -> transactions(store);
            case "item" -> items(catalog);
            case "inventoryitemlocations" -> itemLocations(catalog);
            case "location" -> list(catalog, name, catalog.locations(), Catalog.Location::id, t -> t
                    .text("name", Catalog.Location::name)
                    .text("fullname", Catalog.Location::name)
                    .number("subsidiary", Catalog.Location::subsidiary)
                    .text("isinactive", l -> bool(l.inactive()))
                    .text("makeinventoryavailable", l -> "T"));
            case "pricelevel" -> list(catalog, name, catalog.priceLevels(), Catalog.PriceLevel::id, t -> t
                    .text("name", Catalog.PriceLevel::name)
                    .number("discountpct", Catalog.PriceLevel::discountPct)
                    .text("isinactive", p -> "F")
                    .text("isonline", p -> bool(p.online())));
            case "currency" -> list(catalog, name, catalog.currencies(), Catalog.Currency::id, t -> t
                    .text("name", Catalog.Currency::name)
                    .text("symbol", Catalog.Currency::symbol)
                    .text("isbasecurrency", c -> bool(c.base()))
                    .text("isinactive", c -> "F"));
            case "classification" -> list(catalog, name, catalog.classes(), Catalog.Classification::id, t -> t
                    .text("name", Catalog.Classification::name)
                    .text("isinactive", c -> "F"));
            case "pricing" -> pricing(catalog);
            case "itemmember" -> members(catalog);
            default -> null;
        };
    }

    // ---------------------------------------------------------------- store tables

    private static SuiteQl.Table<ObjectNode> customers(RecordStore store) {
        List<ObjectNode> rows = store.all("customer");
        return new Simple<ObjectNode>("customer", new Object(), () -> rows, Comparator.comparingLong(SuiteQlTables::id))
                .number("id", SuiteQlTables::id)
                .text("entityid", c -> text(c, "entityId"))
                .text("email", c -> text(c, "email"))
                .text("firstname", c -> text(c, "firstName"))
                .text("lastname", c -> text(c, "lastName"))
                .text("companyname", c -> text(c, "companyName"))
                .text("externalid", c -> text(c, "externalId"))
                .text("isperson", c -> bool(c.path("isPerson").asBoolean(true)));
    }

    private record Tx(String type, ObjectNode node) {
    }

    private static SuiteQl.Table<Tx> transactions(RecordStore store) {
        List<Tx> rows = new ArrayList<>();
        TRANSACTION_TYPE_CODES.forEach((type, code) -> store.all(type).forEach(t -> rows.add(new Tx(code, t))));
        Comparator<Tx> natural = Comparator.comparingLong(t -> id(t.node));
        rows.sort(natural);
        return new Simple<Tx>("transaction", new Object(), () -> rows, natural)
                .number("id", t -> id(t.node))
                .text("tranid", t -> text(t.node, "tranId"))
                .text("type", Tx::type)
                .text("externalid", t -> text(t.node, "externalId"))
                .number("entity", t -> t.node.path("entity").hasNonNull("id")
                        ? new BigDecimal(t.node.path("entity").get("id").asText()) : null)
                .column("trandate", Type.DATE, t -> localDate(text(t.node, "tranDate")))
                .number("foreigntotal", t -> t.node.hasNonNull("total") ? t.node.get("total").decimalValue() : null)
                .text("memo", t -> text(t.node, "memo"));
    }

    // ---------------------------------------------------------------- catalog tables

    private static SuiteQl.Table<Catalog.Item> items(Catalog catalog) {
        Simple<Catalog.Item> table = new Simple<Catalog.Item>("item", catalog, () -> catalog.itemsById().values(),
                Comparator.comparingInt(i -> i.id))
                .number("id", i -> i.id)
                .text("itemid", i -> i.itemId)
                .text("displayname", i -> i.displayName)
                .text("salesdescription", i -> i.salesDescription)
                .text("upccode", i -> i.upcCode)
                .text("externalid", i -> i.externalId)
                .text("itemtype", Catalog.Item::typeCode)
                .text("matrixtype", i -> i.matrixType)
                .number("parent", i -> i.parentId)
                .text("fullname", i -> {
                    Catalog.Item parent = i.parentId == null ? null : catalog.item(i.parentId);
                    return parent == null ? i.itemId : parent.itemId + " : " + i.itemId;
                })
                .text("isinactive", i -> bool(i.inactive))
                .number("class", i -> i.classId)
                .column("createddate", Type.DATETIME, i -> i.created)
                .column("lastmodifieddate", Type.DATETIME, i -> i.lastModified);
        List<String> customFields;
        synchronized (catalog) {
            customFields = new ArrayList<>(catalog.customFields());
        }
        for (String field : customFields) {
            table.text(field, i -> i.custom(field));
        }
        table.lookup = (column, op, values) -> switch (column) {
            case "id" -> new Candidates<>(byIdRange(catalog, op, values), true);
            case "itemid" -> op.equals("=") || op.equals("IN")
                    ? new Candidates<>(values.stream().map(v -> catalog.itemsByItemId().get((String) v))
                    .filter(Objects::nonNull).distinct().toList(), false)
                    : null;
            case "parent" -> op.equals("=") || op.equals("IN")
                    ? new Candidates<>(values.stream().map(v -> integral((BigDecimal) v)).filter(Objects::nonNull)
                    .distinct().flatMap(p -> catalog.children(p).stream()).toList(), false)
                    : null;
            case "lastmodifieddate" -> new Candidates<>(byTime(catalog.itemsByModified(), op, values), false);
            default -> null;
        };
        return table;
    }

    private static SuiteQl.Table<Catalog.StockRow> itemLocations(Catalog catalog) {
        Simple<Catalog.StockRow> table = new Simple<Catalog.StockRow>("inventoryitemlocations", catalog,
                () -> rowsOf(catalog.itemsById().values()), Catalog.ROW_ORDER)
                .number("item", r -> r.item.id)
                .number("location", r -> r.location.id())
                .number("quantityonhand", r -> r.onHand)
                .number("quantitycommitted", r -> r.committed)
                .number("quantityavailable", Catalog.StockRow::available)
                .number("quantitybackordered", r -> r.backOrdered)
                .column("lastquantityavailablechange", Type.DATETIME, r -> r.lastChange);
        table.lookup = (column, op, values) -> switch (column) {
            case "item" -> {
                List<Catalog.StockRow> rows = new ArrayList<>();
                rowsOf(byIdRange(catalog, op, values)).forEach(rows::add);
                yield new Candidates<>(rows, true);
            }
            case "lastquantityavailablechange" -> new Candidates<>(byTime(catalog.rowsByChange(), op, values), false);
            default -> null;
        };
        return table;
    }

    private record PriceRow(Catalog.Item item, Catalog.Price price) {
    }

    private static SuiteQl.Table<PriceRow> pricing(Catalog catalog) {
        Function<Collection<Catalog.Item>, List<PriceRow>> rows = items -> {
            List<PriceRow> out = new ArrayList<>();
            for (Catalog.Item item : items) {
                item.prices.forEach(p -> out.add(new PriceRow(item, p)));
            }
            return out;
        };
        Simple<PriceRow> table = new Simple<PriceRow>("pricing", catalog, () -> rows.apply(catalog.itemsById().values()),
                Comparator.comparingInt((PriceRow r) -> r.item.id).thenComparingInt(r -> r.price.level())
                        .thenComparingInt(r -> r.price.currency()))
                .number("item", r -> r.item.id)
                .number("pricelevel", r -> r.price.level())
                .number("currency", r -> r.price.currency())
                .number("unitprice", r -> r.price.amount());
        table.lookup = (column, op, values) -> column.equals("item")
                ? new Candidates<>(rows.apply(byIdRange(catalog, op, values)), true) : null;
        return table;
    }

    private record MemberRow(Catalog.Item kit, Catalog.Member member) {
    }

    private static SuiteQl.Table<MemberRow> members(Catalog catalog) {
        Function<Collection<Catalog.Item>, List<MemberRow>> rows = items -> {
            List<MemberRow> out = new ArrayList<>();
            for (Catalog.Item item : items) {
                item.members.forEach(m -> out.add(new MemberRow(item, m)));
            }
            return out;
        };
        Simple<MemberRow> table = new Simple<MemberRow>("itemmember", catalog,
                () -> rows.apply(catalog.itemsById().values()),
                Comparator.comparingInt((MemberRow r) -> r.kit.id).thenComparingInt(r -> r.member.line()))
                .number("parentitem", r -> r.kit.id)
                .number("item", r -> r.member.item())
                .number("quantity", r -> r.member.quantity())
                .number("linenumber", r -> r.member.line());
        table.lookup = (column, op, values) -> column.equals("parentitem")
                ? new Candidates<>(rows.apply(byIdRange(catalog, op, values)), true) : null;
        return table;
    }

    private static <T> SuiteQl.Table<T> list(Catalog catalog, String name, List<T> rows, Function<T, Integer> id,
                                             Function<Simple<T>, Simple<T>> columns) {
        Simple<T> table = new Simple<T>(name, catalog, () -> rows, Comparator.comparingInt(id::apply)).number("id", id::apply);
        return columns.apply(table);
    }

    // ---------------------------------------------------------------- indexes

    /** Items whose id satisfies {@code op values}, by id. */
    private static Collection<Catalog.Item> byIdRange(Catalog catalog, String op, List<Object> values) {
        var byId = catalog.itemsById();
        if (op.equals("=") || op.equals("IN")) {
            return values.stream().map(v -> integral((BigDecimal) v)).filter(Objects::nonNull).distinct().sorted()
                    .map(byId::get).filter(Objects::nonNull).toList();
        }
        long low = Integer.MIN_VALUE;
        long high = Integer.MAX_VALUE;
        BigDecimal v = (BigDecimal) values.get(0);
        switch (op) {
            case ">=" -> low = v.setScale(0, RoundingMode.CEILING).longValue();
            case ">" -> low = v.setScale(0, RoundingMode.FLOOR).longValue() + 1;
            case "<=" -> high = v.setScale(0, RoundingMode.FLOOR).longValue();
            case "<" -> high = v.setScale(0, RoundingMode.CEILING).longValue() - 1;
            default -> {
                low = v.setScale(0, RoundingMode.CEILING).longValue();
                high = ((BigDecimal) values.get(1)).setScale(0, RoundingMode.FLOOR).longValue();
            }
        }
        low = Math.max(low, Integer.MIN_VALUE);
        high = Math.min(high, Integer.MAX_VALUE);
        if (low > high) {
            return List.of();
        }
        return new ArrayList<>(byId.subMap((int) low, true, (int) high, true).values());
    }

    /** Elements of a time index whose time satisfies {@code op values}. */
    private static <T> List<T> byTime(TimeIndex<T> index, String op, List<Object> values) {
        if (op.equals("IN")) {
            List<T> out = new ArrayList<>();
            values.stream().distinct().forEach(v -> out.addAll(index.range((Instant) v, true, (Instant) v, true)));
            return out;
        }
        Instant v = (Instant) values.get(0);
        return switch (op) {
            case "=" -> index.range(v, true, v, true);
            case ">=" -> index.range(v, true, null, false);
            case ">" -> index.range(v, false, null, false);
            case "<=" -> index.range(null, false, v, true);
            case "<" -> index.range(null, false, v, false);
            default -> index.range(v, true, (Instant) values.get(1), true);
        };
    }

    /** The stock rows of these items (inventory items only), by item then location. */
    private static Iterable<Catalog.StockRow> rowsOf(Collection<Catalog.Item> items) {
        return () -> new Iterator<>() {
            private final Iterator<Catalog.Item> it = items.iterator();
            private Catalog.StockRow[] current;
            private int next;

            @Override
            public boolean hasNext() {
                while ((current == null || next >= current.length) && it.hasNext()) {
                    current = it.next().stock;
                    next = 0;
                }
                return current != null && next < current.length;
            }

            @Override
            public Catalog.StockRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current[next++];
            }
        };
    }

    // ---------------------------------------------------------------- helpers

    private static Integer integral(BigDecimal v) {
        try {
            return v.stripTrailingZeros().scale() <= 0 ? v.intValueExact() : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static long id(ObjectNode node) {
        return Long.parseLong(node.path("id").asText("0"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
    }

    private static LocalDate localDate(String text) {
        if (text == null || text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String bool(boolean value) {
        return value ? "T" : "F";
    }

    /** A table defined by its columns, rows and indexes. */
    private static final class Simple<R> implements SuiteQl.Table<R> {
        private final String name;
        private final Object lock;
        private final Supplier<Iterable<R>> rows;
        private final Comparator<R> natural;
        private final Map<String, Column<R>> columns = new LinkedHashMap<>();
        LookupFn<R> lookup = (column, op, values) -> null;

        Simple(String name, Object lock, Supplier<? extends Iterable<R>> rows, Comparator<R> natural) {
            this.name = name;
            this.lock = lock;
            this.rows = rows::get;
            this.natural = natural;
        }

        Simple<R> column(String column, Type type, Function<R, Object> get) {
            columns.put(column.toLowerCase(Locale.ROOT), new Column<>(column.toLowerCase(Locale.ROOT), type, get));
            return this;
        }

        Simple<R> text(String column, Function<R, String> get) {
            return column(column, Type.TEXT, get::apply);
        }

        Simple<R> number(String column, Function<R, ?> get) {
            return column(column, Type.NUMBER, get::apply);
        }

        @Override
        public Object lock() {
            return lock;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Column<R>> columns() {
            return List.copyOf(columns.values());
        }

        @Override
        public Column<R> column(String column) {
            return columns.get(column);
        }

        @Override
        public Iterable<R> scan() {
            return rows.get();
        }

        @Override
        public Comparator<R> natural() {
            return natural;
        }

        @Override
        public Candidates<R> lookup(String column, String op, List<Object> values) {
            return lookup.lookup(column, op, values);
        }
    }

    @FunctionalInterface
    private interface LookupFn<R> {
        Candidates<R> lookup(String column, String op, List<Object> values);
    }
}
