package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Transaction sublists as REST web services merge them (Help Center: Updating a Sublist, Replacing a
 * Sublist). A keyed sublist's lines are updated when a line in the request has the key of an existing
 * line, the request's other lines are added, and with {@code replace=<sublist>} the existing lines the
 * request does not name are removed. A non-keyed sublist is appended to, or replaced whole. The item
 * lines of transactions and a journal entry's lines are keyed by {@code line} (which NetSuite
 * assigns: 1, 2, 3… on a new record, the highest plus one for a line added later); a customer
 * refund's {@code apply} lines are keyed by the document they apply to.
 */
final class Sublists {

    private Sublists() {
    }

    /** The key field of a record's sublist ({@code line} or {@code doc}), or null when it is not keyed. */
    static String key(String recordType, String sublist) {
        if (sublist.equals("item") && TransactionTypes.of(recordType) != null) {
            return "line";
        }
        if (sublist.equals("line") && recordType.equals("journalEntry")) {
            return "line";
        }
        if (sublist.equals("apply") && recordType.equals("customerRefund")) {
            return "doc";
        }
        return null;
    }

    /** The lines after merging {@code incoming} into {@code current}. */
    static ArrayNode merge(JsonNode current, JsonNode incoming, String key, boolean replace) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (key == null) {
            if (!replace) {
                current.forEach(line -> out.add(line.deepCopy()));
            }
            incoming.forEach(line -> out.add(line.deepCopy()));
            return out;
        }
        Set<JsonNode> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (JsonNode existing : current) {
            String k = keyOf(existing, key);
            JsonNode update = null;
            for (JsonNode line : incoming) {
                if (k != null && k.equals(keyOf(line, key)) && !used.contains(line)) {
                    update = line;
                    break;
                }
            }
            if (update != null) {
                used.add(update);
                ObjectNode merged = ((ObjectNode) existing).deepCopy();
                merged.setAll(((ObjectNode) update).deepCopy());
                out.add(merged);
            } else if (!replace) {
                out.add(existing.deepCopy());
            }
        }
        for (JsonNode line : incoming) {
            if (!used.contains(line)) {
                ObjectNode added = ((ObjectNode) line).deepCopy();
                if (key.equals("line")) {
                    added.remove("line");
                }
                out.add(added);
            }
        }
        if (key.equals("line")) {
            number(out, highest(current));
        }
        return out;
    }

    /** Gives every line without a line number the next one after the highest used (and {@code floor}). */
    static void number(ArrayNode lines, int floor) {
        int highest = Math.max(floor, highest(lines));
        for (JsonNode line : lines) {
            if (line.path("line").asInt(0) <= 0) {
                ((ObjectNode) line).put("line", ++highest);
            }
        }
    }

    /** Numbers the lines of a new record 1, 2, 3…, whatever the request said. */
    static void renumber(ArrayNode lines) {
        int n = 0;
        for (JsonNode line : lines) {
            ((ObjectNode) line).put("line", ++n);
        }
    }

    private static int highest(JsonNode lines) {
        int highest = 0;
        for (JsonNode line : lines) {
            highest = Math.max(highest, line.path("line").asInt(0));
        }
        return highest;
    }

    private static String keyOf(JsonNode line, String key) {
        JsonNode v = line.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isObject() ? v.path("id").asText(null) : v.asText();
    }
}
