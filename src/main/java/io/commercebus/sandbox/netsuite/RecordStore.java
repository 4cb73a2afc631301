package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records of the simulated account, validated the way NetSuite validates them: unknown field
 * names, missing entity, references to records (items, locations, accounts) that do not exist.
 * Transactions get NetSuite's computed {@code subtotal}, {@code total}, {@code tranId}, status,
 * {@code createdDate} and {@code lastModifiedDate}, have their sublists merged as REST merges them
 * ({@link Sublists}), are linked to the transactions they were made from ({@link LinkedTransactions}),
 * move stock through the {@link Catalog} (which also holds the items), and are indexed for SuiteQL
 * ({@link TransactionIndex}).
 */
final class RecordStore {

    /** A request NetSuite would refuse with 400 (or 404). */
    static final class Rejection extends RuntimeException {
        final int status;
        final String code;
        final String path;

        Rejection(int status, String code, String detail, String path) {
            super(detail);
            this.status = status;
            this.code = code;
            this.path = path;
        }
    }

    static final Set<String> ITEM_TYPES = Catalog.ITEM_TYPES.keySet();
    static final Set<String> TRANSACTION_TYPES = TransactionTypes.BY_RECORD_TYPE.keySet();
    /** Fields NetSuite computes on every transaction: accepted in a body sent back, recomputed. */
    private static final Set<String> TRANSACTION_READ_ONLY = Set.of("id", "links", "refName", "createdDate",
            "lastModifiedDate", "subtotal", "total", "status");

    private static final Set<String> CUSTOMER_FIELDS = Set.of("externalId", "entityId", "companyName", "firstName",
            "lastName", "isPerson", "email", "phone", "subsidiary", "addressBook", "isInactive", "category", "currency",
            "priceLevel", "terms", "comments", "url", "altEmail", "salutation", "title");
    private static final Set<String> TRANSACTION_FIELDS = Set.of("externalId", "entity", "tranDate", "tranId",
            "currency", "subsidiary", "location", "department", "class", "memo", "otherRefNum", "shipMethod",
            "shippingCost", "handlingCost", "discountItem", "discountRate", "email", "shipDate", "orderStatus", "item",
            "shippingAddress", "billingAddress", "terms", "salesRep", "partner", "leadSource", "promoCode",
            "customForm", "exchangeRate", "source", "paymentMethod", "account", "undepFunds", "status");
    private static final Set<String> ADJUSTMENT_FIELDS = Set.of("externalId", "account", "adjLocation", "subsidiary",
            "tranDate", "tranId", "memo", "department", "class", "location", "customer", "inventory", "postingPeriod");
    private static final Set<String> LINKED_FIELDS;
    private static final Set<String> FULFILLMENT_FIELDS = Set.of("externalId", "createdFrom", "entity", "tranDate",
            "tranId", "shipStatus", "shipMethod", "shipCarrier", "memo", "item", "package", "location", "subsidiary",
            "department", "class", "handlingCost", "shippingCost", "shipAddress", "customForm");
    private static final Set<String> RECEIPT_FIELDS = Set.of("externalId", "createdFrom", "entity", "tranDate", "tranId",
            "memo", "item", "location", "subsidiary", "department", "class", "currency", "exchangeRate", "customForm");
    private static final Set<String> REFUND_FIELDS = Set.of("externalId", "customer", "account", "paymentMethod",
            "currency", "exchangeRate", "tranDate", "tranId", "memo", "apply", "subsidiary", "department", "class",
            "location", "checkNumber", "customForm", "arAcct");
    private static final Set<String> JOURNAL_FIELDS = Set.of("externalId", "subsidiary", "currency", "exchangeRate",
            "tranDate", "tranId", "memo", "line", "department", "class", "location", "approved", "customForm");
    /**
     * Item line fields; the quantities NetSuite computes (committed, back-ordered, fulfilled, received,
     * billed) are read-only, sent back harmlessly.
     */
    private static final Set<String> LINE_FIELDS = Set.of("item", "quantity", "rate", "amount", "description", "price",
            "taxCode", "location", "isClosed", "line", "units", "commitInventory", "quantityCommitted",
            "quantityBackOrdered", "orderLine", "itemName", "links", "quantityFulfilled", "quantityPicked",
            "quantityPacked", "quantityReceived", "quantityBilled");
    /** Item fulfillment and receipt lines ({@code itemreceive} as the Help Center's sample spells it). */
    private static final Set<String> SHIPMENT_LINE_FIELDS = Set.of("orderLine", "line", "item", "itemName", "quantity",
            "location", "itemReceive", "itemreceive", "description", "units", "class", "department", "links");
    private static final Set<String> PACKAGE_FIELDS = Set.of("packageTrackingNumber", "packageWeight", "packageDescr",
            "packageCartonNumber", "packageTrackingNumberReturn", "links");
    private static final Set<String> APPLY_FIELDS = Set.of("doc", "apply", "amount", "line", "refNum", "total", "due",
            "type", "applyDate", "currency", "links");
    private static final Set<String> JOURNAL_LINE_FIELDS = Set.of("account", "debit", "credit", "memo", "entity",
            "department", "class", "location", "line", "links");
    private static final Set<String> ADJUSTMENT_LINE_FIELDS = Set.of("item", "location", "adjustQtyBy", "newQuantity",
            "memo", "unitCost", "line", "description", "department", "class", "units");
    /** Item body fields the catalog keeps typed (and indexes). */
    static final Set<String> ITEM_TYPED_FIELDS = Set.of("itemId", "displayName", "salesDescription", "upcCode",
            "externalId", "isInactive", "class", "matrixType", "parent", "price", "member");
    /** Item fields NetSuite computes: accepted in a body sent back, ignored. */
    static final Set<String> ITEM_READ_ONLY = Set.of("id", "links", "refName", "itemType", "createdDate",
            "lastModifiedDate", "locations", "quantityOnHand", "quantityAvailable", "quantityCommitted",
            "quantityBackOrdered", "internalId");
    private static final Set<String> ITEM_FIELDS;

    static {
        Set<String> linked = new HashSet<>(TRANSACTION_FIELDS);
        linked.addAll(Set.of("createdFrom", "amountRemaining", "applied", "unapplied", "amountPaid"));
        LINKED_FIELDS = Set.copyOf(linked);
        Set<String> fields = new HashSet<>(Set.of("subsidiary", "location", "includeChildren", "taxSchedule", "basePrice",
                "cost", "description", "purchaseDescription", "isOnline", "department", "weight", "weightUnit", "mpn",
                "manufacturer", "storeDisplayName", "storeDescription", "vendorName", "isTaxable", "unitsType",
                "matrixItemNameTemplate", "parentOnly"));
        fields.addAll(ITEM_TYPED_FIELDS);
        fields.addAll(ITEM_READ_ONLY);
        ITEM_FIELDS = Set.copyOf(fields);
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Catalog catalog;
    private final Map<String, Map<String, ObjectNode>> records = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> idsByExternalId = new LinkedHashMap<>();
    /** Record type by internal id, for references that name only an id ({@code createdFrom}, {@code doc}). */
    private final Map<String, String> typeById = new HashMap<>();
    private final TransactionIndex transactions = new TransactionIndex();
    private final LinkedTransactions linked;
    private final AtomicLong nextId = new AtomicLong(100);

    /** @param companyZone the account's time zone: a new transaction's default tranDate is today there */
    RecordStore(Catalog catalog, ZoneId companyZone) {
        this.catalog = catalog;
        this.linked = new LinkedTransactions(this, catalog, companyZone);
    }

    /** @return the internal id and whether the record is new */
    synchronized Map.Entry<String, Boolean> upsert(String type, String externalId, ObjectNode body, Set<String> replace) {
        String existing = ITEM_TYPES.contains(type) ? itemIdByExternalId(type, externalId)
                : idsByExternalId.getOrDefault(type, Map.of()).get(externalId);
        body.put("externalId", externalId);
        if (existing == null) {
            return Map.entry(create(type, body), true);
        }
        patch(type, existing, body, replace);
        return Map.entry(existing, false);
    }

    synchronized String create(String type, ObjectNode body) {
        return create(type, body, false);
    }

    /**
     * Transforms a record into another type ({@code POST …/salesOrder/7/!transform/itemFulfillment}):
     * a new record created from it, initialised from its lines, the body changing what it names.
     */
    synchronized String transform(String fromType, String fromId, String toType, ObjectNode body) {
        ObjectNode source = find(fromType, fromId);
        if (source == null) {
            throw notFound();
        }
        if (!LinkedTransactions.transformable(fromType, toType)) {
            throw new Rejection(400, "INVALID_RCRD_TRANSFRM", "That type of record transformation is not allowed."
                    + " Please see the documentation for a list of supported transformation types.", null);
        }
        body.putObject("createdFrom").put("id", source.path("id").asText());
        return create(toType, body, true);
    }

    private String create(String type, ObjectNode body, boolean initialise) {
        validate(type, body);
        if (ITEM_TYPES.contains(type)) {
            String id = Long.toString(nextId.get());
            catalog.create(type, Integer.parseInt(id), body);
            nextId.incrementAndGet();
            return id;
        }
        String externalId = body.path("externalId").asText(null);
        if (externalId != null && idsByExternalId.getOrDefault(type, Map.of()).containsKey(externalId)) {
            throw new Rejection(400, "USER_ERROR", "Error while accessing a resource. A record with the external id "
                    + externalId + " already exists.", "externalId");
        }
        String id = Long.toString(nextId.get());
        ObjectNode record = nodes.objectNode();
        record.setAll(body);
        record.remove(TRANSACTION_READ_ONLY);
        record.put("id", id);
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if ("line".equals(Sublists.key(type, field.getKey())) && field.getValue().path("items").isArray()) {
                Sublists.renumber((ArrayNode) field.getValue().get("items"));
            }
        }
        ObjectNode saved = nodes.objectNode();
        save(type, id, saved, record, null, initialise);
        nextId.incrementAndGet();
        return id;
    }

    synchronized void patch(String type, String id, ObjectNode body, Set<String> replace) {
        if (ITEM_TYPES.contains(type)) {
            Catalog.Item item = findItem(type, id);
            if (item == null) {
                throw notFound();
            }
            validate(type, body);
            catalog.patch(item, body, replace);
            return;
        }
        ObjectNode record = find(type, id);
        if (record == null) {
            throw notFound();
        }
        validate(type, body);
        ObjectNode merged = record.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode incoming = field.getValue();
            if (incoming.path("items").isArray()) {
                JsonNode current = merged.path(field.getKey()).path("items");
                merged.putObject(field.getKey()).set("items", Sublists.merge(current, incoming.get("items"),
                        Sublists.key(type, field.getKey()), replace.contains(field.getKey())));
            } else if (!TRANSACTION_READ_ONLY.contains(field.getKey())) {
                merged.set(field.getKey(), incoming.deepCopy());
            }
        }
        save(type, record.path("id").asText(), record, merged, record.deepCopy(), false);
    }

    /** Cancels a Sales Order with nothing fulfilled (as the UI's Cancel Order does). */
    synchronized void cancelSalesOrder(String id) {
        ObjectNode order = find("salesOrder", id);
        if (order == null) {
            throw notFound();
        }
        catalog.batch(() -> linked.cancel(order));
    }

    /** What is left to fulfil of a Sales Order's open lines (inventory items and kits). */
    synchronized List<LinkedTransactions.OpenLine> openLines(String salesOrderId) {
        ObjectNode order = find("salesOrder", salesOrderId);
        if (order == null) {
            throw notFound();
        }
        return linked.openLines(order);
    }

    /** Copies of the Sales Orders waiting for a fulfilment: approved, not (wholly) fulfilled, not closed. */
    synchronized List<ObjectNode> salesOrdersToFulfil() {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode order : records.getOrDefault("salesOrder", Map.of()).values()) {
            if (Set.of("B", "D", "E").contains(order.path("status").path("id").asText())) {
                out.add(order.deepCopy());
            }
        }
        return out;
    }

    /**
     * Saves a transaction (a customer: stores it): completes and checks the candidate, computes what
     * NetSuite computes, then writes it into {@code target}, moves stock and updates its sources.
     * Nothing changes when it is refused.
     */
    private void save(String type, String id, ObjectNode target, ObjectNode candidate, ObjectNode previous,
                      boolean initialise) {
        if (TRANSACTION_TYPES.contains(type)) {
            linked.prepare(type, candidate, previous, initialise);
            normalise(type, candidate, previous);
            linked.checkTotals(type, candidate);
        }
        String oldExternalId = previous == null ? null : previous.path("externalId").asText(null);
        String newExternalId = candidate.path("externalId").asText(null);
        if (newExternalId != null && !newExternalId.equals(oldExternalId)
                && idsByExternalId.getOrDefault(type, Map.of()).containsKey(newExternalId)) {
            throw new Rejection(400, "USER_ERROR", "Error while accessing a resource. A record with the external id "
                    + newExternalId + " already exists.", "externalId");
        }
        target.removeAll();
        target.setAll(candidate);
        records.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(id, target);
        typeById.put(id, type);
        if (oldExternalId != null && !oldExternalId.equals(newExternalId)) {
            idsByExternalId.getOrDefault(type, new HashMap<>()).remove(oldExternalId);
        }
        if (newExternalId != null) {
            idsByExternalId.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(newExternalId, id);
        }
        if (TRANSACTION_TYPES.contains(type)) {
            catalog.batch(() -> {
                catalog.applyTransaction(type, id, target);
                transactions.put(type, target);
                linked.saved(type, target, previous);
            });
        }
    }

    /** A record as stored (items: their fields without sublists, see {@link ItemJson}); null when absent. */
    synchronized ObjectNode get(String type, String id) {
        if (ITEM_TYPES.contains(type)) {
            Catalog.Item item = findItem(type, id);
            return item == null ? null : ItemJson.record(catalog, item, null, true);
        }
        ObjectNode record = find(type, id);
        return record == null ? null : record.deepCopy();
    }

    synchronized List<ObjectNode> all(String type) {
        List<ObjectNode> out = new ArrayList<>();
        if (ITEM_TYPES.contains(type)) {
            catalog.items(type).forEach(i -> out.add(ItemJson.record(catalog, i, null, true)));
            return out;
        }
        records.getOrDefault(type, Map.of()).values().forEach(r -> out.add(r.deepCopy()));
        return out;
    }

    synchronized boolean exists(String type, String id) {
        return ITEM_TYPES.contains(type) ? findItem(type, id) != null : find(type, id) != null;
    }

    synchronized String typeOfItem(String id) {
        return catalog.typeOf(id);
    }

    /** The item of this record type, by internal id or {@code eid:}; null when absent. */
    synchronized Catalog.Item findItem(String type, String id) {
        Catalog.Item item = id.startsWith("eid:") ? catalog.itemByExternalId(type, id.substring(4)) : catalog.item(id);
        return item != null && item.type.equals(type) ? item : null;
    }

    /** Reserves {@code count} consecutive internal ids; returns the first. */
    synchronized int reserveIds(int count) {
        return (int) nextId.getAndAdd(count);
    }

    /** The transactions as SuiteQL reads them (hold this store's monitor while reading). */
    TransactionIndex transactions() {
        return transactions;
    }

    // ---------------------------------------------------------------- for LinkedTransactions (monitor held)

    /** The record type of a transaction's or customer's internal id, or null. */
    String typeOf(String id) {
        return typeById.get(id);
    }

    /** The stored (live) transaction or customer with this internal id, or null. */
    ObjectNode live(String id) {
        String type = typeById.get(id);
        return type == null ? null : records.getOrDefault(type, Map.of()).get(id);
    }

    boolean isCustomer(String id) {
        return "customer".equals(typeById.get(id));
    }

    /** Indexes a transaction again after a change made outside {@link #save}. */
    void reindex(String type, ObjectNode record) {
        transactions.put(type, record);
    }

    synchronized void clear() {
        records.clear();
        idsByExternalId.clear();
        typeById.clear();
        transactions.clear();
        linked.clear();
        catalog.clear();
    }

    /** Everything, for the sandbox's state file. */
    synchronized ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        out.put("nextId", nextId.get());
        ObjectNode byType = out.putObject("records");
        records.forEach((type, byId) -> {
            ArrayNode list = byType.putArray(type);
            byId.values().forEach(list::add);
        });
        out.set("catalog", catalog.snapshot());
        return out;
    }

    /**
     * Restores a snapshot. One written before the catalog existed has its items among the records:
     * they are read as items, without stock. Transactions saved before their lines were numbered or
     * had statuses get both.
     *
     * @return whether the snapshot predates the catalog
     */
    synchronized boolean restore(JsonNode snapshot) {
        clear();
        nextId.set(snapshot.path("nextId").asLong(100));
        boolean legacy = !snapshot.has("catalog");
        if (!legacy) {
            catalog.restore(snapshot.get("catalog"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = snapshot.path("records").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> type = it.next();
            for (JsonNode record : type.getValue()) {
                String id = record.path("id").asText();
                if (ITEM_TYPES.contains(type.getKey())) {
                    ObjectNode body = ((ObjectNode) record).deepCopy();
                    body.remove("id");
                    catalog.create(type.getKey(), Integer.parseInt(id), body);
                    continue;
                }
                ObjectNode copy = (ObjectNode) record.deepCopy();
                records.computeIfAbsent(type.getKey(), t -> new LinkedHashMap<>()).put(id, copy);
                typeById.put(id, type.getKey());
                if (record.hasNonNull("externalId")) {
                    idsByExternalId.computeIfAbsent(type.getKey(), t -> new LinkedHashMap<>())
                            .put(record.get("externalId").asText(), id);
                }
            }
        }
        records.forEach((type, byId) -> {
            if (TRANSACTION_TYPES.contains(type)) {
                byId.values().forEach(record -> linked.restored(type, record));
            }
        });
        records.forEach((type, byId) -> {
            if (TRANSACTION_TYPES.contains(type)) {
                for (ObjectNode record : byId.values()) {
                    if (record.path("item").path("items").isArray()) {
                        Sublists.number((ArrayNode) record.get("item").get("items"), 0);
                    }
                    linked.derive(type, record);
                    transactions.put(type, record);
                }
            }
        });
        return legacy;
    }

    private String itemIdByExternalId(String type, String externalId) {
        Catalog.Item item = catalog.itemByExternalId(type, externalId);
        return item == null ? null : Integer.toString(item.id);
    }

    private ObjectNode find(String type, String id) {
        if (id.startsWith("eid:")) {
            id = idsByExternalId.getOrDefault(type, Map.of()).get(id.substring(4));
            if (id == null) {
                return null;
            }
        }
        return records.getOrDefault(type, Map.of()).get(id);
    }

    private static Rejection notFound() {
        return new Rejection(404, "NONEXISTENT_ID", "The record instance does not exist. Provide a valid record instance ID.", null);
    }

    // ---------------------------------------------------------------- validation

    private void validate(String type, ObjectNode body) {
        Set<String> allowed = allowedFields(type);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            boolean readOnly = TRANSACTION_TYPES.contains(type) && TRANSACTION_READ_ONLY.contains(field);
            if (!allowed.contains(field) && !readOnly && !field.startsWith("cust")) {
                throw new Rejection(400, "INVALID_CONTENT", "Invalid field name '" + field + "' for record type " + type
                        + ".", field);
            }
        }
        if (!TRANSACTION_TYPES.contains(type)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Set<String> lineFields = lineFields(type, field.getKey());
            JsonNode lines = field.getValue().path("items");
            for (int i = 0; lineFields != null && i < lines.size(); i++) {
                for (Iterator<String> names = lines.get(i).fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!lineFields.contains(name) && !name.startsWith("cust")) {
                        throw new Rejection(400, "INVALID_CONTENT", "Invalid field name '" + name + "' for sublist "
                                + field.getKey() + ".", field.getKey() + ".items[" + i + "]." + name);
                    }
                }
            }
        }
        switch (type) {
            case "inventoryAdjustment" -> validateAdjustment(body);
            case "customerRefund", "journalEntry" -> { }
            default -> validateTransaction(body);
        }
    }

    /** The fields a line of a record's sublist may have; null for a sublist without lines to check. */
    private static Set<String> lineFields(String type, String sublist) {
        return switch (type + "." + sublist) {
            case "itemFulfillment.item", "itemReceipt.item" -> SHIPMENT_LINE_FIELDS;
            case "itemFulfillment.package" -> PACKAGE_FIELDS;
            case "customerRefund.apply" -> APPLY_FIELDS;
            case "journalEntry.line" -> JOURNAL_LINE_FIELDS;
            default -> sublist.equals("item") ? LINE_FIELDS : null;
        };
    }

    private void validateTransaction(ObjectNode body) {
        if (body.has("entity")) {
            String entity = refId(body.get("entity"), "customer");
            if (entity == null || find("customer", entity) == null) {
                throw invalidValue(body.get("entity"), "entity", "entity");
            }
        }
        validateLocation(body.get("location"), "location");
        JsonNode lines = body.path("item").path("items");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            if (line.has("item")) {
                String item = refId(line.get("item"), null);
                if (item == null || typeOfItem(item) == null) {
                    throw invalidValue(line.get("item"), "item", "item.items[" + i + "].item");
                }
            }
            validateLocation(line.get("location"), "item.items[" + i + "].location");
            JsonNode commit = line.get("commitInventory");
            if (commit != null && !commit.isNull() && !Set.of("1", "2", "3").contains(commit.path("id").asText())) {
                throw invalidValue(commit, "commitInventory", "item.items[" + i + "].commitInventory");
            }
            JsonNode quantity = line.get("quantity");
            if (quantity != null && !quantity.isNull() && !quantity.isNumber()) {
                throw invalidValue(quantity, "quantity", "item.items[" + i + "].quantity");
            }
        }
        if (body.hasNonNull("account") && ChartOfAccounts.find(body.get("account").path("id").asText(null)) == null) {
            throw invalidValue(body.get("account"), "account", "account");
        }
    }

    private void validateAdjustment(ObjectNode body) {
        validateLocation(body.get("adjLocation"), "adjLocation");
        JsonNode lines = body.path("inventory").path("items");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String path = "inventory.items[" + i + "]";
            for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!ADJUSTMENT_LINE_FIELDS.contains(field) && !field.startsWith("cust")) {
                    throw new Rejection(400, "INVALID_CONTENT", "Invalid field name '" + field + "' for sublist inventory.",
                            path + "." + field);
                }
            }
            String item = refId(line.get("item"), null);
            if (item == null || !Catalog.INVENTORY.equals(typeOfItem(item))) {
                throw invalidValue(line.get("item"), "item", path + ".item");
            }
            validateLocation(line.get("location"), path + ".location");
            if (!line.has("location") && !body.has("adjLocation")) {
                throw new Rejection(400, "USER_ERROR", "Please enter value(s) for: Location", path + ".location");
            }
            if (!line.path("adjustQtyBy").isNumber() && !line.path("newQuantity").isNumber()) {
                throw new Rejection(400, "USER_ERROR", "Please enter value(s) for: Adjust Qty. By", path + ".adjustQtyBy");
            }
        }
    }

    private void validateLocation(JsonNode ref, String path) {
        if (ref == null || ref.isNull()) {
            return;
        }
        String id = refId(ref, null);
        int location;
        try {
            location = id == null ? -1 : Integer.parseInt(id);
        } catch (NumberFormatException e) {
            location = -1;
        }
        if (catalog.location(location) == null) {
            throw invalidValue(ref, "location", path);
        }
    }

    private static Rejection invalidValue(JsonNode value, String field, String path) {
        return new Rejection(400, "INVALID_CONTENT", "Error while accessing a resource. You have entered an Invalid"
                + " Field Value " + value + " for the following field: " + field, path);
    }

    private String refId(JsonNode ref, String type) {
        if (ref == null || !ref.isObject()) {
            return null;
        }
        if (ref.hasNonNull("id")) {
            return ref.get("id").asText();
        }
        if (ref.hasNonNull("externalId") && type != null) {
            return idsByExternalId.getOrDefault(type, Map.of()).get(ref.get("externalId").asText());
        }
        return null;
    }

    /** What NetSuite computes on saving a transaction: dates, tranId, amounts and totals, status. */
    private void normalise(String type, ObjectNode record, ObjectNode previous) {
        String now = catalog.now().toString();
        record.put("createdDate", previous != null && previous.hasNonNull("createdDate")
                ? previous.get("createdDate").asText() : now);
        record.put("lastModifiedDate", now);
        if (!record.hasNonNull("tranId")) {
            record.put("tranId", TransactionTypes.of(type).tranIdPrefix() + record.get("id").asText());
        }
        if (type.equals("inventoryAdjustment") && !record.has("account")) {
            throw new Rejection(400, "USER_ERROR", "Please enter value(s) for: Adjustment Account", "account");
        }
        if (Set.of("salesOrder", "cashSale", "returnAuthorization", "creditMemo").contains(type)) {
            if (!record.has("entity")) {
                throw new Rejection(400, "FIELD_PARAM_REQD", "Please enter a value for [entity]", "entity");
            }
            BigDecimal subtotal = BigDecimal.ZERO;
            for (JsonNode line : record.path("item").path("items")) {
                ObjectNode l = (ObjectNode) line;
                if (!l.has("amount") && l.has("rate")) {
                    BigDecimal quantity = l.has("quantity") ? l.get("quantity").decimalValue() : BigDecimal.ONE;
                    l.put("amount", quantity.multiply(l.get("rate").decimalValue()));
                }
                if (l.has("amount")) {
                    subtotal = subtotal.add(l.get("amount").decimalValue());
                }
            }
            BigDecimal total = subtotal;
            for (String charge : List.of("shippingCost", "handlingCost")) {
                if (record.hasNonNull(charge)) {
                    total = total.add(record.get(charge).decimalValue());
                }
            }
            record.put("subtotal", subtotal);
            record.put("total", total);
        }
        linked.derive(type, record);
    }

    private static Set<String> allowedFields(String type) {
        return switch (type) {
            case "customer" -> CUSTOMER_FIELDS;
            case "inventoryAdjustment" -> ADJUSTMENT_FIELDS;
            case "salesOrder", "cashSale" -> TRANSACTION_FIELDS;
            case "returnAuthorization", "creditMemo" -> LINKED_FIELDS;
            case "itemFulfillment" -> FULFILLMENT_FIELDS;
            case "itemReceipt" -> RECEIPT_FIELDS;
            case "customerRefund" -> REFUND_FIELDS;
            case "journalEntry" -> JOURNAL_FIELDS;
            default -> ITEM_FIELDS;
        };
    }
}
