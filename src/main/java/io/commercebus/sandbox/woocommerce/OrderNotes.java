package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The orders' notes, kept as WordPress keeps them (comments of type {@code order_note}, numbered apart from
 * the orders) and shown as {@code /orders/<id>/notes} shows them: {@code id}, {@code author} ("system" for
 * WooCommerce's own notes, else the user's name), {@code date_created}, {@code date_created_gmt},
 * {@code note} and {@code customer_note}, newest first. Not thread-safe: {@link OrderBook} calls it under its lock.
 */
final class OrderNotes {

    /** The display name of the shop manager whose API keys the store's clients use, WooCommerce's user 1. */
    static final String API_USER = "admin";

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    /** Each order's notes, oldest first; a note as stored has its order's id in {@code order_id}. */
    private final Map<Integer, List<ObjectNode>> byOrder = new LinkedHashMap<>();
    private final Supplier<String> siteUrl;
    private int nextId = 1;

    OrderNotes(Supplier<String> siteUrl) {
        this.siteUrl = siteUrl;
    }

    /**
     * {@code WC_Order::add_order_note}: attributed to the API's user when {@code addedByUser}, else to the
     * system; answers the note as the API shows it.
     */
    ObjectNode add(int orderId, String text, boolean customerNote, boolean addedByUser, Instant when) {
        ObjectNode note = nodes.objectNode();
        note.put("id", nextId++);
        note.put("order_id", orderId);
        note.put("author", addedByUser ? API_USER : "system");
        note.put("date_created", OrderBook.date(when));
        note.put("date_created_gmt", OrderBook.date(when));
        note.put("note", text);
        note.put("customer_note", customerNote);
        byOrder.computeIfAbsent(orderId, k -> new ArrayList<>()).add(note);
        return view(note);
    }

    /** The order's notes newest first; {@code type} any, customer or internal. */
    List<ObjectNode> list(int orderId, String type) {
        List<ObjectNode> out = new ArrayList<>();
        List<ObjectNode> notes = byOrder.getOrDefault(orderId, List.of());
        for (int i = notes.size() - 1; i >= 0; i--) {
            ObjectNode note = notes.get(i);
            boolean customer = note.get("customer_note").asBoolean();
            if (type.equals("any") || type.equals("customer") == customer) {
                out.add(view(note));
            }
        }
        return out;
    }

    /** The order's note with the id, as the API shows it; null when the order has no such note. */
    ObjectNode get(int orderId, int noteId) {
        ObjectNode note = find(orderId, noteId);
        return note == null ? null : view(note);
    }

    /** Deletes the note for good ({@code wc_delete_order_note}); answers it as it was, or null. */
    ObjectNode delete(int orderId, int noteId) {
        ObjectNode note = find(orderId, noteId);
        if (note == null) {
            return null;
        }
        byOrder.get(orderId).remove(note);
        return view(note);
    }

    ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        out.put("nextId", nextId);
        ArrayNode all = out.putArray("notes");
        byOrder.values().forEach(all::addAll);
        return out;
    }

    void restore(JsonNode snapshot) {
        byOrder.clear();
        nextId = snapshot.path("nextId").asInt(1);
        for (JsonNode note : snapshot.path("notes")) {
            byOrder.computeIfAbsent(note.get("order_id").asInt(), k -> new ArrayList<>()).add((ObjectNode) note);
        }
    }

    private ObjectNode find(int orderId, int noteId) {
        for (ObjectNode note : byOrder.getOrDefault(orderId, List.of())) {
            if (note.get("id").asInt() == noteId) {
                return note;
            }
        }
        return null;
    }

    private ObjectNode view(ObjectNode note) {
        ObjectNode out = note.deepCopy();
        int orderId = out.remove("order_id").asInt();
        String order = siteUrl.get() + WooCommerceSandbox.API_PATH + "/orders/" + orderId;
        ObjectNode links = out.putObject("_links");
        links.putArray("self").addObject().put("href", order + "/notes/" + note.get("id").asInt());
        links.putArray("collection").addObject().put("href", order + "/notes");
        links.putArray("up").addObject().put("href", order);
        return out;
    }
}
