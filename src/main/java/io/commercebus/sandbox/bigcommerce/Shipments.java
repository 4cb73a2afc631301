package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.bigcommerce.OrderBook.StoredOrder;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shipments of orders (orders v2 {@code orderShipment}). Creating one raises its products'
 * {@code quantity_shipped} and the {@code items_shipped} of its address and order, and moves the order to
 * Shipped once every item is shipped, to Partially Shipped before; deleting one lowers the quantities and
 * leaves the status, as BigCommerce's overview says ("Deleting a shipment does not move the order out of
 * shipped status"). A request BigCommerce would refuse is refused with v2's 400 and nothing changes. The
 * caller holds the order book's lock.
 */
final class Shipments {

    /** The definition's {@code shipping_provider} values, and the empty string its text allows. */
    static final Set<String> PROVIDERS = Set.of("", "auspost", "canadapost", "endicia", "usps", "fedex", "ups", "upsready",
            "upsonline", "shipperhq");
    /** Fields of a shipment only BigCommerce writes; a request carrying one is refused (400), as BigCommerce refuses it. */
    private static final List<String> READ_ONLY = List.of("id", "order_id", "date_created", "customer_id", "billing_address",
            "shipping_address");
    private static final List<String> TEXTS = List.of("tracking_number", "shipping_method", "shipping_provider", "tracking_carrier",
            "tracking_link", "comments");

    /** A shipment written, with what it did to its order's status. */
    record Result(ObjectNode shipment, OrderBook.Change change) {
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<Integer, List<ObjectNode>> byOrder = new LinkedHashMap<>();
    private final OrderBook orders;
    private int nextId = 1;

    Shipments(OrderBook orders) {
        this.orders = orders;
    }

    /** {@code POST /v2/orders/{order_id}/shipments}: {@code order_address_id} and {@code items} are required. */
    Result create(StoredOrder order, JsonNode body) {
        requireObject(body);
        refuseReadOnly(body, READ_ONLY);
        if (!body.has("order_address_id")) {
            throw Api.v2Refused("The required field 'order_address_id' was not supplied.");
        }
        ObjectNode address = address(order, body.get("order_address_id"));
        checkTexts(body);
        Map<Integer, Integer> items = items(order, address, body.get("items"));

        int shipped = 0;
        for (Map.Entry<Integer, Integer> item : items.entrySet()) {
            ObjectNode product = order.product(item.getKey()).orElseThrow();
            product.put("quantity_shipped", product.get("quantity_shipped").asInt() + item.getValue());
            shipped += item.getValue();
        }
        addShipped(order, address, shipped);
        int previous = order.status();
        orders.setStatus(order, everythingShipped(order) ? 2 : 3);
        Instant now = orders.touch(order.id());

        ObjectNode shipment = nodes.objectNode();
        shipment.put("id", nextId++);
        shipment.put("order_id", order.id());
        shipment.put("customer_id", order.order().get("customer_id").asInt());
        shipment.put("order_address_id", address.get("id").asInt());
        shipment.put("date_created", OrderBook.RFC_2822.format(now.atOffset(ZoneOffset.UTC)));
        shipment.put("tracking_number", "");
        shipment.put("merchant_shipping_cost", OrderBook.text(BigDecimal.ZERO));
        // the definition's examples show "None" for a shipment created without a method
        shipment.put("shipping_method", "None");
        shipment.put("shipping_provider", "");
        shipment.put("tracking_carrier", "");
        shipment.put("tracking_link", "");
        shipment.put("comments", "");
        TEXTS.stream().filter(body::has).forEach(f -> shipment.put(f, body.get(f).asText()));
        ObjectNode billing = order.order().get("billing_address").deepCopy();
        billing.remove("form_fields");
        shipment.set("billing_address", billing);
        shipment.set("shipping_address", shippingAddress(address));
        ArrayNode lines = shipment.putArray("items");
        items.forEach((id, quantity) -> lines.addObject().put("order_product_id", id)
                .put("product_id", order.product(id).orElseThrow().get("product_id").asInt()).put("quantity", quantity));
        byOrder.computeIfAbsent(order.id(), k -> new ArrayList<>()).add(shipment);
        return new Result(shipment, new OrderBook.Change(order.id(), previous, order.status()));
    }

    /** {@code PUT /v2/orders/{order_id}/shipments/{shipment_id}}: tracking, method, comments, address; not its items. */
    ObjectNode update(StoredOrder order, int shipmentId, JsonNode body) {
        ObjectNode shipment = require(order.id(), shipmentId);
        requireObject(body);
        List<String> readOnly = new ArrayList<>(READ_ONLY);
        readOnly.add("items");
        refuseReadOnly(body, readOnly);
        checkTexts(body);
        if (body.has("order_address_id")) {
            ObjectNode address = address(order, body.get("order_address_id"));
            for (JsonNode item : shipment.get("items")) {
                ObjectNode product = order.product(item.get("order_product_id").asInt()).orElseThrow();
                if (product.get("order_address_id").asInt() != address.get("id").asInt()) {
                    throw Api.v2Refused("The field 'order_address_id' is invalid: order product " + product.get("id").asInt()
                            + " of this shipment goes to address " + product.get("order_address_id").asInt() + ".");
                }
            }
            shipment.put("order_address_id", address.get("id").asInt());
            shipment.set("shipping_address", shippingAddress(address));
        }
        TEXTS.stream().filter(body::has).forEach(f -> shipment.put(f, body.get(f).asText()));
        return shipment;
    }

    /** Deletes one shipment, or all of the order's ({@code shipmentId} null), taking back what they shipped. */
    List<ObjectNode> delete(StoredOrder order, Integer shipmentId) {
        List<ObjectNode> gone = shipmentId == null ? new ArrayList<>(of(order.id())) : List.of(require(order.id(), shipmentId));
        if (gone.isEmpty()) {
            return gone;
        }
        for (ObjectNode shipment : gone) {
            int quantity = 0;
            for (JsonNode item : shipment.get("items")) {
                ObjectNode product = order.product(item.get("order_product_id").asInt()).orElseThrow();
                product.put("quantity_shipped", product.get("quantity_shipped").asInt() - item.get("quantity").asInt());
                quantity += item.get("quantity").asInt();
            }
            addShipped(order, order.address(shipment.get("order_address_id").asInt()).orElseThrow(), -quantity);
            byOrder.get(order.id()).remove(shipment);
        }
        orders.touch(order.id());
        return gone;
    }

    List<ObjectNode> of(int orderId) {
        return byOrder.getOrDefault(orderId, List.of());
    }

    int count() {
        return byOrder.values().stream().mapToInt(List::size).sum();
    }

    ObjectNode require(int orderId, int shipmentId) {
        return of(orderId).stream().filter(s -> s.get("id").asInt() == shipmentId).findFirst().orElseThrow(Api::v2NotFound);
    }

    /** Everything, for the sandbox's state file. */
    ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        out.put("nextId", nextId);
        ArrayNode all = out.putArray("shipments");
        byOrder.values().forEach(list -> list.forEach(all::add));
        return out;
    }

    void restore(JsonNode snapshot) {
        byOrder.clear();
        nextId = snapshot.path("nextId").asInt(1);
        for (JsonNode s : snapshot.path("shipments")) {
            byOrder.computeIfAbsent(s.get("order_id").asInt(), k -> new ArrayList<>()).add((ObjectNode) s);
        }
    }

    // ---------------------------------------------------------------- checks

    /** Quantities to ship by order product id, each of this order and address, none beyond what is left to ship. */
    private Map<Integer, Integer> items(StoredOrder order, ObjectNode address, JsonNode items) {
        if (items == null || items.isNull()) {
            throw Api.v2Refused("The required field 'items' was not supplied.");
        }
        if (!items.isArray() || items.isEmpty()) {
            throw Api.v2Refused("The field 'items' is invalid: it must be a list of {order_product_id, quantity}.");
        }
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw Api.v2Refused("The field 'items' is invalid: it must be a list of {order_product_id, quantity}.");
            }
            refuseReadOnly(item, List.of("product_id"));
            JsonNode id = item.path("order_product_id");
            JsonNode quantity = item.path("quantity");
            if (!id.canConvertToInt() || !id.isIntegralNumber()) {
                throw Api.v2Refused("The field 'order_product_id' is invalid: each item needs the integer id of an order product.");
            }
            if (!quantity.isIntegralNumber() || quantity.asInt() < 1) {
                throw Api.v2Refused("The field 'quantity' is invalid: order product " + id.asInt() + " needs a whole quantity of at least 1.");
            }
            ObjectNode product = order.product(id.asInt()).orElseThrow(() -> Api.v2Refused("The field 'order_product_id' is invalid: "
                    + "order " + order.id() + " has no order product " + id.asInt() + "."));
            if (product.get("order_address_id").asInt() != address.get("id").asInt()) {
                throw Api.v2Refused("The field 'order_product_id' is invalid: order product " + id.asInt() + " goes to address "
                        + product.get("order_address_id").asInt() + ", not " + address.get("id").asInt() + ".");
            }
            out.merge(id.asInt(), quantity.asInt(), Integer::sum);
        }
        for (Map.Entry<Integer, Integer> e : out.entrySet()) {
            ObjectNode product = order.product(e.getKey()).orElseThrow();
            int left = product.get("quantity").asInt() - product.get("quantity_shipped").asInt();
            if (e.getValue() > left) {
                throw Api.v2Refused("The field 'quantity' is invalid: order product " + e.getKey() + " has " + left + " of "
                        + product.get("quantity").asInt() + " left to ship, not " + e.getValue() + ".");
            }
        }
        return out;
    }

    /** The order's shipping address with this id (a number, or a number as text as BigCommerce's own example sends it). */
    private static ObjectNode address(StoredOrder order, JsonNode id) {
        Optional<Integer> number = id.canConvertToInt() && id.isIntegralNumber() ? Optional.of(id.asInt())
                : id.isTextual() && id.asText().matches("\\d{1,9}") ? Optional.of(Integer.parseInt(id.asText())) : Optional.empty();
        return number.flatMap(order::address).orElseThrow(() -> Api.v2Refused("The field 'order_address_id' is invalid: order "
                + order.id() + " has no shipping address " + id + "."));
    }

    private static void checkTexts(JsonNode body) {
        for (String field : TEXTS) {
            if (body.has(field) && !body.get(field).isTextual()) {
                throw Api.v2Refused("The field '" + field + "' is invalid: it must be a string.");
            }
        }
        if (body.has("shipping_provider") && !PROVIDERS.contains(body.get("shipping_provider").asText())) {
            throw Api.v2Refused("The field 'shipping_provider' is invalid: use \"\" or one of auspost, canadapost, endicia, usps, "
                    + "fedex, ups, upsready, upsonline, shipperhq.");
        }
    }

    private static void requireObject(JsonNode body) {
        if (!body.isObject()) {
            throw Api.v2Refused("The request body must be a JSON object.");
        }
    }

    private static void refuseReadOnly(JsonNode body, List<String> fields) {
        for (String field : fields) {
            if (body.has(field)) {
                throw Api.v2Refused("The field '" + field + "' cannot be written to. Please remove it from your request before trying again.");
            }
        }
    }

    private static void addShipped(StoredOrder order, ObjectNode address, int quantity) {
        address.put("items_shipped", address.get("items_shipped").asInt() + quantity);
        order.order().put("items_shipped", order.order().get("items_shipped").asInt() + quantity);
    }

    private static boolean everythingShipped(StoredOrder order) {
        for (JsonNode p : order.products()) {
            if (p.get("quantity_shipped").asInt() < p.get("quantity").asInt()) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode shippingAddress(ObjectNode address) {
        ObjectNode out = nodes.objectNode();
        for (String field : List.of("first_name", "last_name", "company", "street_1", "street_2", "city", "state", "zip", "country",
                "country_iso2", "phone", "email")) {
            out.put(field, address.path(field).asText(""));
        }
        return out;
    }
}
