package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records of the simulated account, validated the way NetSuite validates them: unknown field
 * names, missing entity, references to records (items, locations) that do not exist. Transactions
 * get NetSuite's computed {@code subtotal} and {@code total}, and move stock through the
 * {@link Catalog}, which also holds the items.
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
    static final Set<String> TRANSACTION_TYPES = Set.of("salesOrder", "cashSale", "inventoryAdjustment");

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
    /** Line fields; quantityCommitted and quantityBackOrdered are NetSuite's, read-only, sent back harmlessly. */
    private static final Set<String> LINE_FIELDS = Set.of("item", "quantity", "rate", "amount", "description", "price",
            "taxCode", "location", "isClosed", "line", "units", "commitInventory", "quantityCommitted",
            "quantityBackOrdered");
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
    private final AtomicLong nextId = new AtomicLong(100);

    RecordStore(Catalog catalog) {
        this.catalog = catalog;
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
        String id = Long.toString(nextId.getAndIncrement());
        ObjectNode record = nodes.objectNode();
        record.put("id", id);
        record.setAll(body);
        normalise(type, record);
        catalog.applyTransaction(type, id, record);
        records.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(id, record);
        if (externalId != null) {
            idsByExternalId.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(externalId, id);
        }
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
            JsonNode current = merged.get(field.getKey());
            boolean sublist = incoming.has("items");
            if (sublist && current != null && current.has("items") && !replace.contains(field.getKey())) {
                // non-keyed sublists: lines are appended unless the request says replace=<sublist>
                ((ArrayNode) current.get("items")).addAll((ArrayNode) incoming.get("items"));
            } else {
                merged.set(field.getKey(), incoming.deepCopy());
            }
        }
        normalise(type, merged);
        catalog.applyTransaction(type, merged.path("id").asText(), merged);
        record.removeAll();
        record.setAll(merged);
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

    synchronized void clear() {
        records.clear();
        idsByExternalId.clear();
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
     * they are read as items, without stock.
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
                records.computeIfAbsent(type.getKey(), t -> new LinkedHashMap<>()).put(id, (ObjectNode) record.deepCopy());
                if (record.hasNonNull("externalId")) {
                    idsByExternalId.computeIfAbsent(type.getKey(), t -> new LinkedHashMap<>())
                            .put(record.get("externalId").asText(), id);
                }
            }
        }
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

    private void validate(String type, ObjectNode body) {
        Set<String> allowed = allowedFields(type);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field) && !field.startsWith("cust")) {
                throw new Rejection(400, "INVALID_CONTENT", "Invalid field name '" + field + "' for record type " + type
                        + ".", field);
            }
        }
        if (type.equals("inventoryAdjustment")) {
            validateAdjustment(body);
        } else if (TRANSACTION_TYPES.contains(type)) {
            validateTransaction(body);
        }
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
            for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!LINE_FIELDS.contains(field) && !field.startsWith("cust")) {
                    throw new Rejection(400, "INVALID_CONTENT", "Invalid field name '" + field + "' for sublist item.",
                            "item.items[" + i + "]." + field);
                }
            }
            String item = refId(line.get("item"), null);
            if (item == null || typeOfItem(item) == null) {
                throw invalidValue(line.get("item"), "item", "item.items[" + i + "].item");
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

    private void normalise(String type, ObjectNode record) {
        if (!TRANSACTION_TYPES.contains(type)) {
            return;
        }
        if (type.equals("inventoryAdjustment")) {
            if (!record.has("account")) {
                throw new Rejection(400, "USER_ERROR", "Please enter value(s) for: Adjustment Account", "account");
            }
            if (!record.has("tranId")) {
                record.put("tranId", "ADJ" + record.get("id").asText());
            }
            return;
        }
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
        if (!record.has("tranId")) {
            record.put("tranId", (type.equals("cashSale") ? "CS" : "SO") + record.get("id").asText());
        }
    }

    private static Set<String> allowedFields(String type) {
        if (type.equals("customer")) {
            return CUSTOMER_FIELDS;
        }
        if (type.equals("inventoryAdjustment")) {
            return ADJUSTMENT_FIELDS;
        }
        if (TRANSACTION_TYPES.contains(type)) {
            return TRANSACTION_FIELDS;
        }
        return ITEM_FIELDS;
    }
}
