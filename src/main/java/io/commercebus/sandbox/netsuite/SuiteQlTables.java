package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.netsuite.SuiteQl.Candidates;
import io.commercebus.sandbox.netsuite.SuiteQl.Column;
import io.commercebus.sandbox.netsuite.SuiteQl.Type;
import io.commercebus.sandbox.netsuite.TransactionIndex.Tx;

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
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tables SuiteQL reads, with NetSuite's column names (Records Catalog, analytics data source):
 *
 * <ul>
 * <li>{@code customer}: id, entityid, email, firstname, lastname, companyname, externalid, isperson</li>
 * <li>{@code transaction}: id, tranid, type (SalesOrd, CashSale, InvAdjst, ItemShip, RtnAuth, ItemRcpt, CustCred,
 *     CustRfnd, Journal), recordtype, status, externalid, entity, trandate, createddate, lastmodifieddate,
 *     currency, foreigntotal, foreignpaymentamountused, foreignpaymentamountunused, memo, otherrefnum</li>
 * <li>{@code transactionline}: a main line (id 0) and a line per item, inventory or journal line —
 *     transaction, id, linesequencenumber, mainline, item, quantity, rate, foreignamount, netamount,
 *     debitforeignamount, creditforeignamount, expenseaccount, location, isclosed, createdfrom,
 *     quantityshiprecv, quantitybilled, memo, entity</li>
 * <li>{@code account}: id, acctnumber, accountsearchdisplayname, accountsearchdisplaynamecopy, fullname,
 *     displaynamewithhierarchy, accttype, isinactive, issummary</li>
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
 * item and lastquantityavailablechange; pricing by item; itemmember by parentitem; transaction by id,
 * type, externalid (also {@code LIKE 'prefix%'}) and lastmodifieddate; transactionline by transaction.
 */
final class SuiteQlTables {

    private SuiteQlTables() {
    }

    static SuiteQl.Table<?> table(String name, RecordStore store, Catalog catalog) {
        return switch (name) {
            case "customer" -> customers(store);
            case "transaction" -> transactions(store);
            case "transactionline" -> transactionLines(store);
            case "account" -> list(catalog, name, ChartOfAccounts.ACCOUNTS, ChartOfAccounts.Account::id, t -> t
                    .text("acctnumber", ChartOfAccounts.Account::number)
                    .text("accountsearchdisplayname", ChartOfAccounts.Account::displayName)
                    .text("accountsearchdisplaynamecopy", ChartOfAccounts.Account::name)
                    .text("fullname", ChartOfAccounts.Account::name)
                    .text("displaynamewithhierarchy", ChartOfAccounts.Account::displayName)
                    .text("accttype", ChartOfAccounts.Account::type)
                    .text("isinactive", a -> bool(a.inactive()))
                    .text("issummary", a -> "F"));
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

    /** Types whose lines sell (quantities and amounts negative in transactionline, as NetSuite posts them). */
    private static final Set<String> SELLING = Set.of("SalesOrd", "CashSale");
    /** Types with a currency (the base currency, 1, unless another was given). */
    private static final Set<String> WITH_CURRENCY = Set.of("SalesOrd", "CashSale", "RtnAuth", "CustCred", "CustRfnd",
            "Journal");

    private static SuiteQl.Table<Tx> transactions(RecordStore store) {
        TransactionIndex index = store.transactions();
        Simple<Tx> table = new Simple<Tx>("transaction", store, index::all, Comparator.comparingLong(t -> t.id))
                .number("id", t -> t.id)
                .text("tranid", t -> text(t.record, "tranId"))
                .text("type", Tx::code)
                .text("recordtype", t -> t.recordType.toLowerCase(Locale.ROOT))
                .column("status", Type.STATUS, SuiteQlTables::status)
                .text("externalid", t -> text(t.record, "externalId"))
                .number("entity", t -> refNumber(t.record.get(t.recordType.equals("customerRefund") ? "customer" : "entity")))
                .column("trandate", Type.DATE, t -> localDate(text(t.record, "tranDate")))
                .column("createddate", Type.DATETIME, t -> instant(text(t.record, "createdDate")))
                .column("lastmodifieddate", Type.DATETIME, t -> t.lastModified)
                .number("currency", t -> !WITH_CURRENCY.contains(t.code()) ? null
                        : t.record.hasNonNull("currency") ? refNumber(t.record.get("currency")) : BigDecimal.ONE)
                .number("foreigntotal", SuiteQlTables::foreignTotal)
                .number("foreignpaymentamountused", t -> t.code().equals("CustCred") ? decimal(t.record, "applied") : null)
                .number("foreignpaymentamountunused", t -> t.code().equals("CustCred")
                        ? decimal(t.record, "amountRemaining") : null)
                .text("memo", t -> text(t.record, "memo"))
                .text("otherrefnum", t -> text(t.record, "otherRefNum"));
        table.lookup = (column, op, values) -> switch (column) {
            case "id" -> new Candidates<>(byLongRange(index.byId(), op, values), true);
            case "type" -> op.equals("=") || op.equals("IN")
                    ? new Candidates<>(index.ofTypes(values.stream().map(Object::toString).toList()), false) : null;
            case "externalid" -> switch (op) {
                case "=", "IN" -> new Candidates<>(index.withExternalIds(values.stream().map(Object::toString).toList()),
                        false);
                case "PREFIX" -> new Candidates<>(index.withExternalIdPrefix(values.get(0).toString()), false);
                default -> null;
            };
            case "lastmodifieddate" -> new Candidates<>(byTime(index.byModified(), op, values), false);
            default -> null;
        };
        return table;
    }

    /** The total in the transaction's currency; a journal entry's is its debits. */
    private static BigDecimal foreignTotal(Tx t) {
        if (!t.code().equals("Journal")) {
            return t.record.hasNonNull("total") ? t.record.get("total").decimalValue() : null;
        }
        BigDecimal debits = BigDecimal.ZERO;
        for (JsonNode line : t.record.path("line").path("items")) {
            BigDecimal debit = decimal(line, "debit");
            debits = debit == null ? debits : debits.add(debit);
        }
        return debits;
    }

    /** NetSuite's status code, {@code SalesOrd:B}; journals are approved for posting. */
    private static String status(Tx t) {
        if (t.code().equals("Journal")) {
            return "Journal:B";
        }
        String letter = t.record.path("status").path("id").asText(null);
        return letter == null || TransactionTypes.of(t.recordType).statuses().isEmpty() ? null : t.code() + ":" + letter;
    }

    /** A row of transactionline: a transaction's main line (line null) or one of its lines. */
    private record Line(Tx tx, int sequence, JsonNode line) {

        boolean main() {
            return line == null;
        }
    }

    private static SuiteQl.Table<Line> transactionLines(RecordStore store) {
        TransactionIndex index = store.transactions();
        Comparator<Line> natural = Comparator.comparingLong((Line l) -> l.tx.id).thenComparingInt(Line::sequence);
        Simple<Line> table = new Simple<Line>("transactionline", store, () -> linesOf(index.all()), natural)
                .number("transaction", l -> l.tx.id)
                .number("id", l -> l.main() ? 0 : l.line.has("line") ? l.line.get("line").asInt() : l.sequence)
                .number("linesequencenumber", Line::sequence)
                .text("mainline", l -> bool(l.main()))
                .number("item", l -> l.main() ? null : refNumber(l.line.get("item")))
                .number("quantity", SuiteQlTables::lineQuantity)
                .number("rate", l -> l.main() ? null : decimal(l.line, "rate"))
                .number("foreignamount", SuiteQlTables::foreignAmount)
                .number("netamount", l -> {
                    BigDecimal amount = foreignAmount(l);
                    BigDecimal rate = decimal(l.tx.record, "exchangeRate");
                    return amount == null || rate == null ? amount : amount.multiply(rate);
                })
                .number("debitforeignamount", l -> l.main() ? null : decimal(l.line, "debit"))
                .number("creditforeignamount", l -> l.main() ? null : decimal(l.line, "credit"))
                .number("expenseaccount", l -> l.main() ? null : refNumber(l.line.get("account")))
                .number("location", l -> refNumber(!l.main() && l.line.hasNonNull("location") ? l.line.get("location")
                        : l.tx.record.get(l.tx.code().equals("InvAdjst") ? "adjLocation" : "location")))
                .text("isclosed", l -> bool(!l.main() && l.line.path("isClosed").asBoolean(false)))
                .number("createdfrom", l -> refNumber(l.tx.record.get("createdFrom")))
                .number("quantityshiprecv", l -> l.main() ? null
                        : decimal(l.line, l.tx.code().equals("RtnAuth") ? "quantityReceived" : "quantityFulfilled"))
                .number("quantitybilled", l -> l.main() ? null : decimal(l.line, "quantityBilled"))
                .text("memo", l -> l.main() ? text(l.tx.record, "memo")
                        : text(l.line, l.line.has("memo") ? "memo" : "description"))
                .number("entity", l -> !l.main() && l.line.hasNonNull("entity") ? refNumber(l.line.get("entity"))
                        : refNumber(l.tx.record.get(l.tx.recordType.equals("customerRefund") ? "customer" : "entity")));
        table.lookup = (column, op, values) -> column.equals("transaction")
                ? new Candidates<>(linesOf(byLongRange(index.byId(), op, values)), true) : null;
        return table;
    }

    private static List<Line> linesOf(Collection<Tx> transactions) {
        List<Line> out = new ArrayList<>();
        for (Tx tx : transactions) {
            out.add(new Line(tx, 0, null));
            String sublist = switch (tx.code()) {
                case "InvAdjst" -> "inventory";
                case "Journal" -> "line";
                default -> "item";
            };
            int sequence = 0;
            for (JsonNode line : tx.record.path(sublist).path("items")) {
                out.add(new Line(tx, ++sequence, line));
            }
        }
        return out;
    }

    /** Signed as NetSuite posts it: what a sale or a fulfilment takes out is negative. */
    private static BigDecimal lineQuantity(Line l) {
        if (l.main()) {
            return null;
        }
        if (l.tx.code().equals("InvAdjst")) {
            return decimal(l.line, "adjustQtyBy");
        }
        BigDecimal q = decimal(l.line, "quantity");
        return q == null || !SELLING.contains(l.tx.code()) && !l.tx.code().equals("ItemShip") ? q : q.negate();
    }

    /**
     * In the transaction's currency, signed as it posts: a sale's lines are credits (negative) and its
     * main line the receivable's debit; a return's and credit's the other way round; a refund's main
     * line credits the bank; a journal line is its debit less its credit.
     */
    private static BigDecimal foreignAmount(Line l) {
        String code = l.tx.code();
        if (code.equals("Journal")) {
            if (l.main()) {
                return null;
            }
            BigDecimal debit = decimal(l.line, "debit");
            BigDecimal credit = decimal(l.line, "credit");
            return (debit == null ? BigDecimal.ZERO : debit).subtract(credit == null ? BigDecimal.ZERO : credit);
        }
        BigDecimal amount = l.main() ? decimal(l.tx.record, "total") : decimal(l.line, "amount");
        if (amount == null || Set.of("ItemShip", "ItemRcpt", "InvAdjst").contains(code)) {
            return null;
        }
        boolean negative = SELLING.contains(code) != l.main();
        if (code.equals("CustRfnd")) {
            negative = true;
        }
        return negative ? amount.negate() : amount;
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

    /** The internal id a reference ({@code {"id": "7"}}) holds, as a number; null for none. */
    private static BigDecimal refNumber(JsonNode ref) {
        String id = ref == null ? null : ref.path("id").asText(null);
        try {
            return id == null ? null : new BigDecimal(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.decimalValue();
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Entries whose long key satisfies {@code op values}, by key. */
    private static <T> Collection<T> byLongRange(NavigableMap<Long, T> map, String op, List<Object> values) {
        if (op.equals("=") || op.equals("IN")) {
            return values.stream().map(v -> integral((BigDecimal) v)).filter(Objects::nonNull).distinct().sorted()
                    .map(v -> map.get(v.longValue())).filter(Objects::nonNull).toList();
        }
        BigDecimal v = (BigDecimal) values.get(0);
        long low = Long.MIN_VALUE;
        long high = Long.MAX_VALUE;
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
        return low > high ? List.of() : new ArrayList<>(map.subMap(low, true, high, true).values());
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
