package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records of the simulated account, validated the way NetSuite validates them: unknown field
 * names, missing entity, references to records that do not exist. Transactions get NetSuite's
 * computed {@code subtotal} and {@code total}.
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

    static final Set<String> ITEM_TYPES = Set.of("inventoryItem", "nonInventorySaleItem", "otherChargeSaleItem",
            "discountItem", "serviceSaleItem");
    static final Set<String> TRANSACTION_TYPES = Set.of("salesOrder", "cashSale");

    private static final Set<String> CUSTOMER_FIELDS = Set.of("externalId", "entityId", "companyName", "firstName",
            "lastName", "isPerson", "email", "phone", "subsidiary", "addressBook", "isInactive", "category", "currency",
            "priceLevel", "terms", "comments", "url", "altEmail", "salutation", "title");
    private static final Set<String> TRANSACTION_FIELDS = Set.of("externalId", "entity", "tranDate", "tranId",
            "currency", "subsidiary", "location", "department", "class", "memo", "otherRefNum", "shipMethod",
            "shippingCost", "handlingCost", "discountItem", "discountRate", "email", "shipDate", "orderStatus", "item",
            "shippingAddress", "billingAddress", "terms", "salesRep", "partner", "leadSource", "promoCode",
            "customForm", "exchangeRate", "source", "paymentMethod", "account", "undepFunds", "status");
    private static final Set<String> LINE_FIELDS = Set.of("item", "quantity", "rate", "amount", "description", "price",
            "taxCode", "location", "isClosed", "line", "units");
    private static final Set<String> ITEM_FIELDS = Set.of("externalId", "itemId", "displayName", "upcCode",
            "salesDescription", "isInactive", "price", "subsidiary", "location", "includeChildren", "taxSchedule",
            "basePrice", "cost");

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Map<String, ObjectNode>> records = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> idsByExternalId = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(100);

    /** @return the internal id and whether the record is new */
    synchronized Map.Entry<String, Boolean> upsert(String type, String externalId, ObjectNode body, Set<String> replace) {
        String existing = idsByExternalId.getOrDefault(type, Map.of()).get(externalId);
        body.put("externalId", externalId);
        if (existing == null) {
            return Map.entry(create(type, body), true);
        }
        patch(type, existing, body, replace);
        return Map.entry(existing, false);
    }

    synchronized String create(String type, ObjectNode body) {
        validate(type, body);
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
        records.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(id, record);
        if (externalId != null) {
            idsByExternalId.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(externalId, id);
        }
        return id;
    }

    synchronized void patch(String type, String id, ObjectNode body, Set<String> replace) {
        ObjectNode record = find(type, id);
        if (record == null) {
            throw new Rejection(404, "NONEXISTENT_ID", "The record instance does not exist. Provide a valid record instance ID.", null);
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
        record.removeAll();
        record.setAll(merged);
    }

    synchronized ObjectNode get(String type, String id) {
        ObjectNode record = find(type, id);
        return record == null ? null : record.deepCopy();
    }

    synchronized List<ObjectNode> all(String type) {
        List<ObjectNode> out = new ArrayList<>();
        records.getOrDefault(type, Map.of()).values().forEach(r -> out.add(r.deepCopy()));
        return out;
    }

    synchronized boolean exists(String type, String id) {
        return find(type, id) != null;
    }

    synchronized String typeOfItem(String id) {
        for (String type : ITEM_TYPES) {
            if (records.getOrDefault(type, Map.of()).containsKey(id)) {
                return type;
            }
        }
        return null;
    }

    synchronized void clear() {
        records.clear();
        idsByExternalId.clear();
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
        return out;
    }

    synchronized void restore(JsonNode snapshot) {
        clear();
        nextId.set(snapshot.path("nextId").asLong(100));
        for (Iterator<Map.Entry<String, JsonNode>> it = snapshot.path("records").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> type = it.next();
            for (JsonNode record : type.getValue()) {
                String id = record.path("id").asText();
                records.computeIfAbsent(type.getKey(), t -> new LinkedHashMap<>()).put(id, (ObjectNode) record.deepCopy());
                if (record.hasNonNull("externalId")) {
                    idsByExternalId.computeIfAbsent(type.getKey(), t -> new LinkedHashMap<>())
                            .put(record.get("externalId").asText(), id);
                }
            }
        }
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

    private void validate(String type, ObjectNode body) {
        Set<String> allowed = allowedFields(type);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field) && !field.startsWith("cust")) {
                throw new Rejection(400, "INVALID_CONTENT", "Invalid field name '" + field + "' for record type " + type
                        + ".", field);
            }
        }
        if (TRANSACTION_TYPES.contains(type)) {
            validateTransaction(body);
        }
    }

    private void validateTransaction(ObjectNode body) {
        if (body.has("entity")) {
            String entity = refId(body.get("entity"), "customer");
            if (entity == null || !exists("customer", entity)) {
                throw new Rejection(400, "INVALID_CONTENT", "Error while accessing a resource. You have entered an Invalid"
                        + " Field Value " + body.get("entity") + " for the following field: entity", "entity");
            }
        }
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
                throw new Rejection(400, "INVALID_CONTENT", "Error while accessing a resource. You have entered an Invalid"
                        + " Field Value " + line.get("item") + " for the following field: item", "item.items[" + i + "].item");
            }
        }
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
        if (TRANSACTION_TYPES.contains(type)) {
            return TRANSACTION_FIELDS;
        }
        return ITEM_FIELDS;
    }
}
