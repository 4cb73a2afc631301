package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Transactions made from other transactions, as NetSuite links them: an item fulfillment from a Sales
 * Order, a return authorization from a Sales Order or a Cash Sale, an item receipt and a credit memo
 * from a return authorization, and a customer refund applying credit memos.
 *
 * <p>Before a save it completes and checks the new transaction against its source: lines come from
 * the source's lines ({@code orderLine}), none may take more than is left of its source line, closed
 * lines and sources in the wrong status are refused; a return or a credit may add charges its source
 * lacks (refunded shipping, a restocking fee) as lines of their own. After a save it updates what the source shows:
 * a Sales Order line's {@code quantityFulfilled} (and picked, packed) and the order's status, a return
 * authorization line's {@code quantityReceived} and {@code quantityBilled} (credited) and its status,
 * a credit memo's {@code amountRemaining} and status; the source's {@code lastModifiedDate} moves when
 * any of that changes, and a Sales Order's commitments follow what is left to fulfil.
 *
 * <p>Called by the {@link RecordStore} under its monitor.
 */
final class LinkedTransactions {

    /** What each transaction type can be created from. */
    static final Map<String, Set<String>> SOURCES = Map.of(
            "itemFulfillment", Set.of("salesOrder"),
            "itemReceipt", Set.of("returnAuthorization"),
            "returnAuthorization", Set.of("salesOrder", "cashSale"),
            "creditMemo", Set.of("returnAuthorization"));
    /** Types the sandbox added with the order-to-cash loop: they get a tranDate of today when none is sent. */
    private static final Set<String> DATED = Set.of("itemFulfillment", "itemReceipt", "returnAuthorization",
            "creditMemo", "customerRefund", "journalEntry");
    private static final Map<String, String> TYPE_NAMES = Map.of("salesOrder", "Sales Order", "cashSale", "Cash Sale",
            "returnAuthorization", "Return Authorization", "creditMemo", "Credit Memo");

    /**
     * A line of a source transaction: whether a child may take from it, how much is left, and where it
     * ships from (its location, else the source's).
     */
    private record SourceLine(ObjectNode line, int number, boolean eligible, boolean closed, BigDecimal left,
                              JsonNode location) {
    }

    /** An open line of a Sales Order that can still be fulfilled: its number, item and what is left. */
    record OpenLine(int line, int item, BigDecimal left) {
    }

    private final RecordStore store;
    private final Catalog catalog;
    private final ZoneId companyZone;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    /** Source internal id → internal ids of the transactions made from it (credit memo → refunds applying it). */
    private final Map<String, Set<String>> children = new HashMap<>();

    LinkedTransactions(RecordStore store, Catalog catalog, ZoneId companyZone) {
        this.store = store;
        this.catalog = catalog;
        this.companyZone = companyZone;
    }

    static boolean transformable(String fromType, String toType) {
        return SOURCES.getOrDefault(toType, Set.of()).contains(fromType);
    }

    // ---------------------------------------------------------------- before a save

    /**
     * Completes and checks a transaction about to be saved.
     *
     * @param previous   the version saved before, or null for a new record
     * @param initialise a transform: the lines start as all that is left of the source's, the request's
     *                   lines change them (matched by {@code orderLine}, else by item)
     * @throws RecordStore.Rejection as NetSuite refuses it
     */
    void prepare(String type, ObjectNode record, ObjectNode previous, boolean initialise) {
        if (previous != null && !Objects.equals(previous.get("createdFrom"), record.get("createdFrom"))) {
            throw Catalog.invalidValue(record.get("createdFrom"), "createdFrom");
        }
        switch (type) {
            case "salesOrder" -> {
                approval(type, record, previous);
                keepLinkedLines(record, previous, List.of("itemFulfillment"), "fulfilled");
            }
            case "returnAuthorization" -> {
                if (previous == null) {
                    fromSource(type, record, initialise);
                } else {
                    checkLeft(type, record, source(type, record));
                }
                approval(type, record, previous);
                keepLinkedLines(record, previous, List.of("itemReceipt", "creditMemo"), "received or credited");
            }
            case "itemFulfillment", "itemReceipt" -> shipment(type, record, previous, initialise);
            case "creditMemo" -> {
                if (previous == null) {
                    fromSource(type, record, initialise);
                } else {
                    checkLeft(type, record, source(type, record));
                }
            }
            case "customerRefund" -> refund(record);
            case "journalEntry" -> Journals.check(record, catalog, store::isCustomer);
            default -> { }
        }
        JsonNode lines = record.path("item").path("items");
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).hasNonNull("item")) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "Please enter value(s) for: Item", "item.items[" + i
                        + "].item");
            }
        }
        if (previous == null && DATED.contains(type) && !record.hasNonNull("tranDate")) {
            record.put("tranDate", LocalDate.ofInstant(catalog.now(), companyZone).toString());
        }
    }

    /** A credit memo's total may not fall below what refunds applied of it. Called once totals are known. */
    void checkTotals(String type, ObjectNode record) {
        if (type.equals("creditMemo")) {
            BigDecimal applied = applied(record.path("id").asText(), null);
            if (applied.compareTo(record.path("total").decimalValue()) > 0) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "Refunds have applied " + applied.toPlainString()
                        + " of this credit memo: its total cannot be less.", "total");
            }
        }
    }

    /** Sales Orders and return authorizations: orderStatus A (pending approval) or B (approved) may be sent. */
    private void approval(String type, ObjectNode record, ObjectNode previous) {
        if (previous != null && "C".equals(previous.path("orderStatus").path("id").asText())) {
            record.set("orderStatus", TransactionTypes.status(type, "C"));
            return;
        }
        JsonNode sent = record.get("orderStatus");
        if (sent == null || sent.isNull()) {
            return;
        }
        String wanted = sent.path("id").asText("");
        String current = previous == null ? null : previous.path("status").path("id").asText(null);
        boolean allowed = wanted.equals(current) || wanted.equals("B") || wanted.equals("A")
                && (current == null || current.equals("A") || current.equals("B"));
        if (!allowed) {
            throw Catalog.invalidValue(sent, "orderStatus");
        }
        record.set("orderStatus", TransactionTypes.status(type, wanted));
    }

    /** A line something was made from may be closed, not removed nor cut below what was made from it. */
    private void keepLinkedLines(ObjectNode record, ObjectNode previous, List<String> childTypes, String what) {
        if (previous == null) {
            return;
        }
        String id = record.path("id").asText();
        Map<Integer, BigDecimal> used = new HashMap<>();
        for (String childType : childTypes) {
            taken(id, childType, null, null).forEach((line, q) -> used.merge(line, q, BigDecimal::max));
        }
        for (Map.Entry<Integer, BigDecimal> e : used.entrySet()) {
            if (e.getValue().signum() <= 0) {
                continue;
            }
            JsonNode line = line(record, e.getKey());
            if (line == null || quantity(line).compareTo(e.getValue()) < 0) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "Line " + e.getKey() + " has been " + what + " ("
                        + e.getValue().toPlainString() + "): it cannot be removed or reduced below that.", "item");
            }
        }
    }

    /** An item fulfillment from a Sales Order, an item receipt from a return authorization. */
    private void shipment(String type, ObjectNode record, ObjectNode previous, boolean initialise) {
        ObjectNode source = source(type, record);
        if (source == null) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "Please enter value(s) for: Created From", "createdFrom");
        }
        String sourceId = source.path("id").asText();
        if (previous == null && !Set.of("B", "D", "E").contains(source.path("status").path("id").asText())) {
            throw new RecordStore.Rejection(400, "INVALID_INITIALIZE_REF", "You can not initialize "
                    + type.toLowerCase() + ": invalid reference " + sourceId + ".", "createdFrom");
        }
        List<SourceLine> lines = sourceLines(source, type, record.path("id").asText(null), true);
        JsonNode incoming = record.path("item").path("items");
        ArrayNode built = build(type, lines, incoming, previous == null && (initialise || incoming.isEmpty()),
                previous == null);
        for (int i = 0; i < built.size(); i++) {
            ObjectNode line = (ObjectNode) built.get(i);
            line.put("itemReceive", true);
            if (!line.hasNonNull("location")) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "Please enter value(s) for: Location",
                        "item.items[" + i + "].location");
            }
        }
        record.putObject("item").set("items", built);
        record.set("entity", source.get("entity"));
        record.set("createdFrom", reference(source));
        if (type.equals("itemFulfillment")) {
            shipping(record, source);
        }
    }

    /** shipStatus (A Picked, B Packed, C Shipped; C unless sent), the ship method and its carrier. */
    private void shipping(ObjectNode record, ObjectNode order) {
        JsonNode sent = record.get("shipStatus");
        String status = sent == null || sent.isNull() ? "C" : sent.path("id").asText("");
        if (!Set.of("A", "B", "C").contains(status)) {
            throw Catalog.invalidValue(sent, "shipStatus");
        }
        record.set("shipStatus", TransactionTypes.status("itemFulfillment", status));
        JsonNode method = record.hasNonNull("shipMethod") ? record.get("shipMethod") : order.get("shipMethod");
        if (method == null || method.isNull()) {
            return;
        }
        ShipMethods.ShipMethod found = ShipMethods.find(method.path("id").asText(""));
        if (found == null) {
            throw Catalog.invalidValue(method, "shipMethod");
        }
        record.putObject("shipMethod").put("id", Integer.toString(found.id())).put("refName", found.name());
        record.putObject("shipCarrier").put("id", found.ups() ? "ups" : "nonups")
                .put("refName", found.ups() ? "UPS" : "FedEx/USPS/More");
    }

    /** A return authorization or credit memo made from a source: header and lines from it. */
    private void fromSource(String type, ObjectNode record, boolean initialise) {
        ObjectNode source = source(type, record);
        if (source == null) {
            return;
        }
        String status = source.path("status").path("id").asText("");
        if (status.equals("C") || type.equals("creditMemo") && status.equals("A")) {
            throw new RecordStore.Rejection(400, "INVALID_INITIALIZE_REF", "You can not initialize "
                    + type.toLowerCase() + ": invalid reference " + source.path("id").asText() + ".", "createdFrom");
        }
        for (String field : List.of("entity", "currency", "location", "class", "department")) {
            if (!record.hasNonNull(field) && source.hasNonNull(field)) {
                record.set(field, source.get(field).deepCopy());
            }
        }
        if (!source.path("entity").path("id").asText().equals(record.path("entity").path("id").asText())) {
            throw Catalog.invalidValue(record.get("entity"), "entity");
        }
        JsonNode incoming = record.path("item").path("items");
        ArrayNode built = build(type, sourceLines(source, type, null, false), incoming,
                initialise || incoming.isEmpty(), true);
        record.putObject("item").set("items", built);
        record.set("createdFrom", reference(source));
    }

    /** On a later save of a return or credit made from another transaction: no line may take more than is left. */
    private void checkLeft(String type, ObjectNode record, ObjectNode source) {
        if (source == null) {
            return;
        }
        List<SourceLine> lines = sourceLines(source, type, record.path("id").asText(), false);
        build(type, lines, record.path("item").path("items"), false, false);
    }

    /**
     * The lines of a child: started from every line with something left ({@code initialise}), or from
     * the request's lines alone; each request line changes the line of its source line ({@code orderLine},
     * else the first line with its item and something left). A fulfilment or receipt line with
     * {@code itemReceive} false, or any line with quantity 0, is left out.
     */
    private ArrayNode build(String type, List<SourceLine> source, JsonNode incoming, boolean initialise, boolean isNew) {
        boolean shipment = type.equals("itemFulfillment") || type.equals("itemReceipt");
        Map<Integer, ObjectNode> lines = new LinkedHashMap<>();
        Set<Integer> named = new HashSet<>();
        int unlinked = 0;
        if (initialise) {
            for (SourceLine s : source) {
                if (s.eligible() && !s.closed() && s.left().signum() > 0) {
                    lines.put(s.number(), defaultLine(s, shipment));
                }
            }
        }
        for (int i = 0; i < incoming.size(); i++) {
            JsonNode in = incoming.get(i);
            String path = "item.items[" + i + "]";
            SourceLine s = match(in, source, named);
            if (s == null && !shipment && charge(in)) {
                // a charge its source lacks (refunded shipping, a restocking fee) is a line of its own
                lines.put(--unlinked, chargeLine(in, path, isNew));
                continue;
            }
            if (s == null) {
                throw Catalog.invalidValue(in.has("orderLine") ? in.get("orderLine") : in.get("item"),
                        path + (in.has("orderLine") ? ".orderLine" : ".item"));
            }
            if (s.closed()) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "Line " + s.number() + " of the source transaction is"
                        + " closed.", path + ".orderLine");
            }
            if (!s.eligible()) {
                throw Catalog.invalidValue(in.get("orderLine") != null ? in.get("orderLine") : in.get("item"),
                        path + ".orderLine");
            }
            named.add(s.number());
            ObjectNode line = lines.computeIfAbsent(s.number(), n -> defaultLine(s, shipment));
            boolean quantitySent = in.has("quantity");
            in.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("orderLine") && !(isNew && f.getKey().equals("line"))) {
                    line.set(f.getKey().equals("itemreceive") ? "itemReceive" : f.getKey(), f.getValue().deepCopy());
                }
            });
            line.set("item", s.line().get("item").deepCopy());
            if (!shipment && quantitySent && !in.has("amount") && line.hasNonNull("rate")) {
                line.put("amount", line.get("rate").decimalValue().multiply(quantity(line)));
            }
            boolean skipped = shipment ? !line.path("itemReceive").asBoolean(true) : quantity(line).signum() == 0;
            if (skipped) {
                lines.remove(s.number());
            }
        }
        Map<Integer, BigDecimal> wanted = new HashMap<>();
        int i = 0;
        for (Map.Entry<Integer, ObjectNode> e : lines.entrySet()) {
            JsonNode q = e.getValue().get("quantity");
            if (q == null || !q.isNumber() || q.decimalValue().signum() <= 0) {
                throw Catalog.invalidValue(q, "item.items[" + i + "].quantity");
            }
            wanted.merge(e.getKey(), q.decimalValue(), BigDecimal::add);
            i++;
        }
        for (SourceLine s : source) {
            BigDecimal q = wanted.get(s.number());
            if (q != null && q.compareTo(s.left()) > 0) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "You cannot " + verb(type) + " more than is left of"
                        + " line " + s.number() + ": " + q.toPlainString() + " asked, " + s.left().toPlainString()
                        + " remaining.", "item");
            }
        }
        if (lines.isEmpty()) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "You must enter at least one line item for this"
                    + " transaction.", "item");
        }
        ArrayNode out = nodes.arrayNode();
        lines.values().forEach(out::add);
        if (isNew) {
            Sublists.renumber(out);
        } else {
            Sublists.number(out, 0);
        }
        return out;
    }

    /**
     * Whether a request line names no source line and a charge item (not a stock item): NetSuite lets a
     * return or a credit carry lines its source does not have, as its restocking fees show.
     */
    private boolean charge(JsonNode in) {
        if (in.hasNonNull("orderLine")) {
            return false;
        }
        Catalog.Item item = catalog.item(in.path("item").path("id").asText(""));
        return item != null && !item.isInventory() && !item.type.equals(Catalog.KIT);
    }

    /** A line of its own: the request's fields, quantity 1 unless sent, its amount sent or its rate times its quantity. */
    private ObjectNode chargeLine(JsonNode in, String path, boolean isNew) {
        ObjectNode line = nodes.objectNode();
        in.fields().forEachRemaining(f -> {
            if (!(isNew && f.getKey().equals("line"))) {
                line.set(f.getKey(), f.getValue().deepCopy());
            }
        });
        if (!line.hasNonNull("quantity")) {
            line.put("quantity", BigDecimal.ONE);
        }
        if (!line.hasNonNull("amount")) {
            if (!line.hasNonNull("rate")) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "Please enter value(s) for: Amount", path + ".amount");
            }
            line.put("amount", line.get("rate").decimalValue().multiply(quantity(line)));
        }
        return line;
    }

    private static String verb(String type) {
        return switch (type) {
            case "itemFulfillment" -> "fulfill";
            case "itemReceipt" -> "receive";
            case "creditMemo" -> "credit";
            default -> "return";
        };
    }

    private ObjectNode defaultLine(SourceLine s, boolean shipment) {
        ObjectNode line = nodes.objectNode();
        line.put("orderLine", s.number());
        line.set("item", s.line().get("item").deepCopy());
        Catalog.Item item = catalog.item(s.line().path("item").path("id").asText());
        if (item != null) {
            line.put("itemName", item.itemId);
        }
        line.put("quantity", s.left());
        if (shipment) {
            if (s.location() != null) {
                line.set("location", s.location().deepCopy());
            }
            line.put("itemReceive", true);
            return line;
        }
        if (s.line().hasNonNull("location")) {
            line.set("location", s.line().get("location").deepCopy());
        }
        if (s.line().hasNonNull("description")) {
            line.set("description", s.line().get("description").deepCopy());
        }
        BigDecimal sourceQuantity = quantity(s.line());
        if (s.line().hasNonNull("rate")) {
            line.set("rate", s.line().get("rate").deepCopy());
            line.put("amount", s.line().get("rate").decimalValue().multiply(s.left()));
        } else if (s.line().hasNonNull("amount") && sourceQuantity.signum() > 0) {
            // no rate: the amount shared by quantity, to the cent
            line.put("amount", s.line().get("amount").decimalValue().multiply(s.left())
                    .divide(sourceQuantity, 2, RoundingMode.HALF_UP));
        }
        return line;
    }

    /**
     * The source line a request line names: its orderLine, else the first open line with its item and
     * something left that no other request line named.
     */
    private static SourceLine match(JsonNode in, List<SourceLine> source, Set<Integer> named) {
        if (in.hasNonNull("orderLine")) {
            int n = in.get("orderLine").asInt(-1);
            return source.stream().filter(s -> s.number() == n).findFirst().orElse(null);
        }
        String item = in.path("item").path("id").asText(null);
        return source.stream().filter(s -> item != null && item.equals(s.line().path("item").path("id").asText())
                && s.eligible() && !s.closed() && s.left().signum() > 0 && !named.contains(s.number()))
                .findFirst().orElse(null);
    }

    /**
     * The lines of a source with what is left of each for a child of this type (a fulfilment or
     * receipt takes only inventory items and kits), not counting {@code excludeId}'s own lines.
     */
    private List<SourceLine> sourceLines(ObjectNode source, String childType, String excludeId, boolean stockOnly) {
        String sourceId = source.path("id").asText();
        Map<Integer, BigDecimal> taken = taken(sourceId, childType, excludeId, null);
        List<SourceLine> out = new ArrayList<>();
        for (JsonNode l : source.path("item").path("items")) {
            ObjectNode line = (ObjectNode) l;
            int number = line.path("line").asInt();
            Catalog.Item item = catalog.item(line.path("item").path("id").asText());
            boolean eligible = item != null && (!stockOnly || item.isInventory() || item.type.equals(Catalog.KIT));
            BigDecimal left = quantity(line).subtract(taken.getOrDefault(number, BigDecimal.ZERO));
            JsonNode location = line.hasNonNull("location") ? line.get("location")
                    : source.hasNonNull("location") ? source.get("location") : null;
            out.add(new SourceLine(line, number, eligible, line.path("isClosed").asBoolean(false), left, location));
        }
        return out;
    }

    private ObjectNode source(String type, ObjectNode record) {
        JsonNode ref = record.get("createdFrom");
        if (ref == null || ref.isNull()) {
            return null;
        }
        String id = ref.path("id").asText(null);
        String sourceType = id == null ? null : store.typeOf(id);
        if (sourceType == null || !SOURCES.getOrDefault(type, Set.of()).contains(sourceType)) {
            throw Catalog.invalidValue(ref, "createdFrom");
        }
        return store.live(id);
    }

    private ObjectNode reference(ObjectNode source) {
        ObjectNode ref = nodes.objectNode();
        ref.put("id", source.path("id").asText());
        String type = store.typeOf(source.path("id").asText());
        ref.put("refName", TYPE_NAMES.getOrDefault(type, type) + " #" + source.path("tranId").asText());
        return ref;
    }

    /** A customer refund: credit memos of its customer it applies, none beyond what is left of it. */
    private void refund(ObjectNode record) {
        if (!record.hasNonNull("customer")) {
            throw new RecordStore.Rejection(400, "FIELD_PARAM_REQD", "Please enter a value for [customer]", "customer");
        }
        String customer = record.get("customer").path("id").asText("");
        if (!store.isCustomer(customer)) {
            throw Catalog.invalidValue(record.get("customer"), "customer");
        }
        if (record.hasNonNull("account") && ChartOfAccounts.find(record.get("account").path("id").asText(null)) == null) {
            throw Catalog.invalidValue(record.get("account"), "account");
        }
        if (!record.hasNonNull("account") && !record.hasNonNull("paymentMethod")) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "Please enter value(s) for: Account", "account");
        }
        if (record.hasNonNull("currency") && catalog.currency(record.get("currency").path("id").asInt(-1)) == null) {
            throw Catalog.invalidValue(record.get("currency"), "currency");
        }
        String id = record.path("id").asText();
        Map<String, BigDecimal> applying = new HashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        JsonNode lines = record.path("apply").path("items");
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode line = (ObjectNode) lines.get(i);
            String path = "apply.items[" + i + "]";
            if (!line.path("apply").asBoolean(true)) {
                continue;
            }
            String doc = line.path("doc").path("id").asText(null);
            ObjectNode memo = doc == null || !"creditMemo".equals(store.typeOf(doc)) ? null : store.live(doc);
            if (memo == null || !customer.equals(memo.path("entity").path("id").asText())) {
                throw Catalog.invalidValue(line.get("doc"), path + ".doc");
            }
            if (record.hasNonNull("currency") && memo.hasNonNull("currency")
                    && !record.get("currency").path("id").asText().equals(memo.get("currency").path("id").asText())) {
                throw Catalog.invalidValue(record.get("currency"), "currency");
            }
            BigDecimal remaining = memo.path("total").decimalValue().subtract(applied(doc, id));
            JsonNode amount = line.get("amount");
            if (amount != null && !amount.isNull() && (!amount.isNumber() || amount.decimalValue().signum() <= 0)) {
                throw Catalog.invalidValue(amount, path + ".amount");
            }
            BigDecimal applied = amount == null || amount.isNull()
                    ? remaining.subtract(applying.getOrDefault(doc, BigDecimal.ZERO)) : amount.decimalValue();
            BigDecimal sum = applying.merge(doc, applied, BigDecimal::add);
            if (sum.compareTo(remaining) > 0) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "You cannot refund more than is left of credit memo "
                        + memo.path("tranId").asText() + ": " + sum.toPlainString() + " applied, "
                        + remaining.toPlainString() + " remaining.", path + ".amount");
            }
            line.put("apply", true);
            line.put("amount", applied);
            line.set("doc", reference(memo));
            line.put("type", "Credit Memo");
            line.put("refNum", memo.path("tranId").asText());
            line.set("total", memo.get("total").deepCopy());
            line.put("due", remaining);
            total = total.add(applied);
        }
        if (applying.isEmpty()) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "You must enter at least one line item for this"
                    + " transaction.", "apply");
        }
        record.put("total", total);
    }

    // ---------------------------------------------------------------- what a record shows of its children

    /** Sets the fields a record computes from the transactions made from it, and its status. */
    void derive(String type, ObjectNode record) {
        switch (type) {
            case "salesOrder" -> deriveOrder(record);
            case "returnAuthorization" -> deriveReturn(record);
            case "creditMemo" -> {
                BigDecimal applied = applied(record.path("id").asText(), null);
                BigDecimal remaining = record.path("total").decimalValue().subtract(applied);
                record.put("applied", applied);
                record.put("amountRemaining", remaining);
                record.put("unapplied", remaining);
                record.set("status", TransactionTypes.status(type, remaining.signum() == 0 ? "B" : "A"));
            }
            case "itemFulfillment" -> record.set("status", TransactionTypes.status(type,
                    record.path("shipStatus").path("id").asText("C")));
            case "cashSale" -> record.set("status", TransactionTypes.status(type,
                    record.path("undepFunds").asBoolean(true) || !record.hasNonNull("account") ? "B" : "C"));
            default -> { }
        }
    }

    private void deriveOrder(ObjectNode order) {
        String id = order.path("id").asText();
        String flag = order.path("orderStatus").path("id").asText("");
        Map<Integer, BigDecimal> picked = taken(id, "itemFulfillment", null, Set.of("A", "B", "C"));
        Map<Integer, BigDecimal> packed = taken(id, "itemFulfillment", null, Set.of("B", "C"));
        Map<Integer, BigDecimal> shipped = taken(id, "itemFulfillment", null, Set.of("C"));
        boolean any = false;
        boolean allClosed = true;
        boolean done = true;
        boolean fulfilled = false;
        for (JsonNode l : order.path("item").path("items")) {
            ObjectNode line = (ObjectNode) l;
            any = true;
            int number = line.path("line").asInt();
            Catalog.Item item = catalog.item(line.path("item").path("id").asText());
            boolean stock = item != null && (item.isInventory() || item.type.equals(Catalog.KIT));
            boolean closed = line.path("isClosed").asBoolean(false);
            allClosed &= closed;
            if (!stock) {
                continue;
            }
            BigDecimal q = shipped.getOrDefault(number, BigDecimal.ZERO);
            line.put("quantityFulfilled", q);
            line.put("quantityPicked", picked.getOrDefault(number, BigDecimal.ZERO));
            line.put("quantityPacked", packed.getOrDefault(number, BigDecimal.ZERO));
            fulfilled |= q.signum() > 0;
            done &= closed || q.compareTo(quantity(line)) >= 0;
        }
        String status;
        if (flag.equals("C") || flag.equals("A")) {
            status = flag;
        } else if (!any) {
            status = "B";
        } else if (allClosed) {
            status = fulfilled ? "F" : "H";
        } else if (done) {
            status = "F";
        } else {
            status = fulfilled ? "E" : "B";
        }
        order.set("status", TransactionTypes.status("salesOrder", status));
        order.set("orderStatus", TransactionTypes.status("salesOrder", status));
    }

    private void deriveReturn(ObjectNode ra) {
        String id = ra.path("id").asText();
        String flag = ra.path("orderStatus").path("id").asText("");
        Map<Integer, BigDecimal> received = taken(id, "itemReceipt", null, null);
        Map<Integer, BigDecimal> credited = taken(id, "creditMemo", null, null);
        boolean allClosed = true;
        boolean fullyReceived = true;
        boolean fullyCredited = true;
        boolean creditedReceived = true;
        BigDecimal anyReceived = BigDecimal.ZERO;
        BigDecimal anyCredited = BigDecimal.ZERO;
        for (JsonNode l : ra.path("item").path("items")) {
            ObjectNode line = (ObjectNode) l;
            int number = line.path("line").asInt();
            BigDecimal r = received.getOrDefault(number, BigDecimal.ZERO);
            BigDecimal c = credited.getOrDefault(number, BigDecimal.ZERO);
            line.put("quantityReceived", r);
            line.put("quantityBilled", c);
            anyReceived = anyReceived.add(r);
            anyCredited = anyCredited.add(c);
            boolean closed = line.path("isClosed").asBoolean(false);
            allClosed &= closed;
            if (closed) {
                continue;
            }
            Catalog.Item item = catalog.item(line.path("item").path("id").asText());
            if (item != null && (item.isInventory() || item.type.equals(Catalog.KIT))) {
                fullyReceived &= r.compareTo(quantity(line)) >= 0;
                creditedReceived &= c.compareTo(r) >= 0;
            }
            fullyCredited &= c.compareTo(quantity(line)) >= 0;
        }
        String status;
        if (flag.equals("C") || flag.equals("A")) {
            status = flag;
        } else if (allClosed && anyReceived.signum() == 0 && anyCredited.signum() == 0) {
            status = "H";
        } else if (fullyReceived && fullyCredited) {
            status = "G";
        } else if (anyReceived.signum() == 0) {
            status = "B";
        } else if (fullyReceived) {
            status = "F";
        } else {
            status = creditedReceived ? "D" : "E";
        }
        ra.set("status", TransactionTypes.status("returnAuthorization", status));
        ra.set("orderStatus", TransactionTypes.status("returnAuthorization", status));
    }

    // ---------------------------------------------------------------- after a save

    /** Links a saved transaction to its sources and brings them up to date. */
    void saved(String type, ObjectNode record, ObjectNode previous) {
        String id = record.path("id").asText();
        Set<String> sources = new LinkedHashSet<>();
        if (previous != null) {
            sources.addAll(link(type, previous, id, false));
        }
        sources.addAll(link(type, record, id, true));
        sources.forEach(this::refresh);
    }

    /** Links a restored transaction to its sources (the sources were saved as they were). */
    void restored(String type, ObjectNode record) {
        link(type, record, record.path("id").asText(), true);
    }

    void clear() {
        children.clear();
    }

    private Set<String> link(String type, ObjectNode record, String id, boolean add) {
        Set<String> sources = new LinkedHashSet<>();
        if (SOURCES.containsKey(type) && record.hasNonNull("createdFrom")) {
            sources.add(record.get("createdFrom").path("id").asText());
        }
        if (type.equals("customerRefund")) {
            for (JsonNode line : record.path("apply").path("items")) {
                if (line.path("apply").asBoolean(true) && line.hasNonNull("doc")) {
                    sources.add(line.get("doc").path("id").asText());
                }
            }
        }
        for (String source : sources) {
            if (add) {
                children.computeIfAbsent(source, s -> new LinkedHashSet<>()).add(id);
            } else {
                children.getOrDefault(source, new LinkedHashSet<>()).remove(id);
            }
        }
        return sources;
    }

    /** Re-derives a source; when that changes it, it was modified (and a Sales Order recommits). */
    private void refresh(String id) {
        String type = store.typeOf(id);
        ObjectNode record = type == null ? null : store.live(id);
        if (record == null) {
            return;
        }
        ObjectNode before = record.deepCopy();
        derive(type, record);
        if (!before.equals(record)) {
            record.put("lastModifiedDate", catalog.now().toString());
            catalog.applyTransaction(type, id, record);
            store.reindex(type, record);
        }
    }

    /** Cancels a Sales Order with nothing fulfilled: status Cancelled, its lines closed, its commitments released. */
    void cancel(ObjectNode order) {
        String id = order.path("id").asText();
        String status = order.path("status").path("id").asText("");
        if (status.equals("C")) {
            return;
        }
        if (!taken(id, "itemFulfillment", null, null).isEmpty()) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "Sales Order " + order.path("tranId").asText()
                    + " has been fulfilled: only an order with nothing fulfilled can be cancelled (close its lines"
                    + " instead).", null);
        }
        if (!status.equals("A") && !status.equals("B")) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "Sales Order " + order.path("tranId").asText() + " is "
                    + TransactionTypes.of("salesOrder").statusName(status) + " and cannot be cancelled.", null);
        }
        order.set("orderStatus", TransactionTypes.status("salesOrder", "C"));
        order.path("item").path("items").forEach(line -> ((ObjectNode) line).put("isClosed", true));
        derive("salesOrder", order);
        order.put("lastModifiedDate", catalog.now().toString());
        catalog.applyTransaction("salesOrder", id, order);
        store.reindex("salesOrder", order);
    }

    /** The open lines of a Sales Order that can still be fulfilled (inventory items and kits), in order. */
    List<OpenLine> openLines(ObjectNode order) {
        List<OpenLine> out = new ArrayList<>();
        for (SourceLine s : sourceLines(order, "itemFulfillment", null, true)) {
            if (s.eligible() && !s.closed() && s.left().signum() > 0) {
                out.add(new OpenLine(s.number(), s.line().path("item").path("id").asInt(), s.left()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- sums

    /**
     * Quantities the children of one type took from each line of a source, by source line number;
     * only children with one of {@code shipStatuses} when given; not counting {@code excludeId}.
     */
    private Map<Integer, BigDecimal> taken(String sourceId, String childType, String excludeId, Set<String> shipStatuses) {
        Map<Integer, BigDecimal> out = new HashMap<>();
        for (String childId : children.getOrDefault(sourceId, Set.of())) {
            if (childId.equals(excludeId) || !childType.equals(store.typeOf(childId))) {
                continue;
            }
            ObjectNode child = store.live(childId);
            if (shipStatuses != null && !shipStatuses.contains(child.path("shipStatus").path("id").asText("C"))) {
                continue;
            }
            for (JsonNode line : child.path("item").path("items")) {
                if (line.hasNonNull("orderLine")) {
                    out.merge(line.get("orderLine").asInt(), quantity(line), BigDecimal::add);
                }
            }
        }
        return out;
    }

    /** What refunds applied of a credit memo, not counting {@code excludeId}. */
    private BigDecimal applied(String memoId, String excludeId) {
        BigDecimal sum = BigDecimal.ZERO;
        for (String childId : children.getOrDefault(memoId, Set.of())) {
            if (childId.equals(excludeId) || !"customerRefund".equals(store.typeOf(childId))) {
                continue;
            }
            for (JsonNode line : store.live(childId).path("apply").path("items")) {
                if (line.path("apply").asBoolean(true) && memoId.equals(line.path("doc").path("id").asText())) {
                    sum = sum.add(line.path("amount").decimalValue());
                }
            }
        }
        return sum;
    }

    private static JsonNode line(ObjectNode record, int number) {
        for (JsonNode line : record.path("item").path("items")) {
            if (line.path("line").asInt() == number) {
                return line;
            }
        }
        return null;
    }

    private static BigDecimal quantity(JsonNode line) {
        return line.hasNonNull("quantity") ? line.get("quantity").decimalValue() : BigDecimal.ONE;
    }
}
