package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated seller's purchase orders, in the shape of Walmart's Orders API v3. Each line carries a
 * PRODUCT charge (unit price × quantity) and, if any, a SHIPPING charge, each with the sales tax
 * Walmart computes from the ship-to state. There is no order total field: what the buyer paid is the
 * sum of the charges and their taxes over the lines not cancelled ({@link #total}).
 *
 * <p>Line statuses move Created → Acknowledged (or Cancelled). Seller-fulfilled orders start Created
 * and stay in the released list until acknowledged; WFS orders start Acknowledged, as Walmart
 * acknowledges them itself.
 */
final class PurchaseOrders {

    static final List<String> LINE_STATUSES = List.of("Created", "Acknowledged", "Shipped", "Delivered", "Cancelled");

    /** A state's sales tax rate and whether it taxes shipping; the demo's states, and a default for others. */
    private record SalesTax(BigDecimal rate, boolean onShipping) {
    }

    private static final Map<String, SalesTax> SALES_TAX = Map.of(
            "TX", new SalesTax(new BigDecimal("0.0825"), true),
            "WA", new SalesTax(new BigDecimal("0.1025"), true),
            "NY", new SalesTax(new BigDecimal("0.08875"), true),
            "CA", new SalesTax(new BigDecimal("0.0725"), false),
            "VA", new SalesTax(new BigDecimal("0.053"), false),
            "IL", new SalesTax(new BigDecimal("0.1025"), false),
            "CO", new SalesTax(new BigDecimal("0.029"), false),
            "OR", new SalesTax(BigDecimal.ZERO, false));
    private static final SalesTax OTHER_STATES = new SalesTax(new BigDecimal("0.06"), false);
    private static final Map<String, Integer> DELIVERY_DAYS = Map.of("Value", 7, "Standard", 5, "Express", 2, "OneDay", 1);
    /** The line's fulfillment.shipMethod for the order's methodCode (Walmart's examples: VALUE, EXPEDITED). */
    private static final Map<String, String> SHIP_METHODS = Map.of("Value", "VALUE", "Standard", "STANDARD", "Express", "EXPEDITED",
            "OneDay", "RUSH");

    /** A page of a listing, and how many orders the whole listing has. */
    record Page(List<ObjectNode> orders, int total) {
    }

    private record Stored(ObjectNode order, Instant modified) {
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Stored> orders = new LinkedHashMap<>();
    private final Clock clock;
    private long sequence;
    private Instant lastTick = Instant.EPOCH;

    PurchaseOrders(Clock clock) {
        this.clock = clock;
    }

    synchronized ObjectNode place(Purchase purchase) {
        long n = ++sequence;
        Instant now = tick();
        SalesTax tax = SALES_TAX.getOrDefault(purchase.shipTo().state(), OTHER_STATES);
        ObjectNode order = nodes.objectNode();
        // ids as long as Walmart's: 15-digit purchase order, 13-digit customer order
        order.put("purchaseOrderId", Long.toString(108_820_170_000_000L + n));
        order.put("customerOrderId", Long.toString(5_681_962_000_000L + n));
        order.put("customerEmailId", purchase.customerEmail());
        order.put("orderType", "REGULAR");
        order.put("orderDate", now.toEpochMilli());
        Instant shipBy = now.plus(Duration.ofDays(purchase.methodCode().equals("Value") ? 2 : 1));
        order.set("shippingInfo", shippingInfo(purchase, shipBy,
                now.plus(Duration.ofDays(DELIVERY_DAYS.getOrDefault(purchase.methodCode(), 5)))));
        ArrayNode lines = order.putObject("orderLines").putArray("orderLine");
        String status = purchase.shipNode().sellerAcknowledges() ? "Created" : "Acknowledged";
        int number = 1;
        for (Purchase.Item item : purchase.items()) {
            lines.add(line(number++, item, tax, status, now, shipBy, purchase.methodCode()));
        }
        order.putObject("shipNode").put("type", purchase.shipNode().wireName());
        orders.put(order.get("purchaseOrderId").asText(), new Stored(order, now));
        return order.deepCopy();
    }

    synchronized Optional<ObjectNode> get(String purchaseOrderId) {
        return Optional.ofNullable(orders.get(purchaseOrderId)).map(s -> s.order().deepCopy());
    }

    /** Moves the Created lines to Acknowledged; acknowledging again changes nothing. */
    synchronized Optional<ObjectNode> acknowledge(String purchaseOrderId) {
        Stored stored = orders.get(purchaseOrderId);
        if (stored == null) {
            return Optional.empty();
        }
        Instant now = null;
        for (JsonNode line : stored.order().get("orderLines").get("orderLine")) {
            if (status(line).equals("Created")) {
                now = now == null ? tick() : now;
                setStatus((ObjectNode) line, "Acknowledged", null, now);
            }
        }
        if (now != null) {
            orders.put(purchaseOrderId, new Stored(stored.order(), now));
        }
        return Optional.of(stored.order().deepCopy());
    }

    /** Ships every acknowledged line, as Walmart does for the WFS orders it fulfils; returns whether any was. */
    synchronized boolean ship(String purchaseOrderId) {
        Stored stored = orders.get(purchaseOrderId);
        if (stored == null) {
            throw new IllegalArgumentException("no purchase order " + purchaseOrderId);
        }
        Instant now = null;
        for (JsonNode line : stored.order().get("orderLines").get("orderLine")) {
            if (status(line).equals("Acknowledged")) {
                now = now == null ? tick() : now;
                setStatus((ObjectNode) line, "Shipped", null, now);
            }
        }
        if (now != null) {
            orders.put(purchaseOrderId, new Stored(stored.order(), now));
        }
        return now != null;
    }

    /** The WFS orders Walmart has not shipped yet. */
    synchronized List<String> unshippedWalmartFulfilled() {
        List<String> ids = new ArrayList<>();
        orders.forEach((id, stored) -> {
            if ("WFSFulfilled".equals(stored.order().path("shipNode").path("type").asText())
                    && hasLineIn(stored.order(), "Acknowledged")) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Cancels a line not yet shipped, as when the buyer cancels it. */
    synchronized void cancelLine(String purchaseOrderId, String lineNumber) {
        Stored stored = orders.get(purchaseOrderId);
        if (stored == null) {
            throw new IllegalArgumentException("no purchase order " + purchaseOrderId);
        }
        for (JsonNode line : stored.order().get("orderLines").get("orderLine")) {
            if (line.get("lineNumber").asText().equals(lineNumber)) {
                if (!List.of("Created", "Acknowledged").contains(status(line))) {
                    throw new IllegalArgumentException("line " + lineNumber + " is " + status(line) + " and cannot be cancelled");
                }
                Instant now = tick();
                setStatus((ObjectNode) line, "Cancelled", "CUSTOMER_REQUESTED_SELLER_TO_CANCEL", now);
                orders.put(purchaseOrderId, new Stored(stored.order(), now));
                return;
            }
        }
        throw new IllegalArgumentException("purchase order " + purchaseOrderId + " has no line " + lineNumber);
    }

    /** The orders a listing query matches, newest first as Walmart lists them, cut to the query's page. */
    synchronized Page find(OrderQuery query) {
        List<Stored> matching = new ArrayList<>();
        for (Stored stored : orders.values()) {
            if (query.matches(stored.order(), stored.modified())) {
                matching.add(stored);
            }
        }
        matching.sort(Comparator.comparingLong((Stored s) -> s.order().get("orderDate").asLong())
                .thenComparing(s -> s.order().get("purchaseOrderId").asText()).reversed());
        List<ObjectNode> page = new ArrayList<>();
        for (int i = query.offset(); i < Math.min(matching.size(), query.offset() + query.limit()); i++) {
            page.add(matching.get(i).order().deepCopy());
        }
        return new Page(page, matching.size());
    }

    synchronized int size() {
        return orders.size();
    }

    synchronized long released() {
        return orders.values().stream().filter(s -> hasLineIn(s.order(), "Created")).count();
    }

    static boolean hasLineIn(JsonNode order, String status) {
        for (JsonNode line : order.get("orderLines").get("orderLine")) {
            if (status(line).equals(status)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasSku(JsonNode order, String sku) {
        for (JsonNode line : order.get("orderLines").get("orderLine")) {
            if (line.get("item").get("sku").asText().equals(sku)) {
                return true;
            }
        }
        return false;
    }

    /** Acknowledged: no line waits in Created, and some line got past it. */
    static boolean isAcknowledged(JsonNode order) {
        return !hasLineIn(order, "Created") && (hasLineIn(order, "Acknowledged") || hasLineIn(order, "Shipped")
                || hasLineIn(order, "Delivered"));
    }

    /** What the buyer paid: every charge and its tax, over the lines not cancelled. */
    static BigDecimal total(JsonNode order) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode line : order.get("orderLines").get("orderLine")) {
            if (status(line).equals("Cancelled")) {
                continue;
            }
            for (JsonNode charge : line.get("charges").get("charge")) {
                total = total.add(charge.get("chargeAmount").get("amount").decimalValue());
                if (charge.has("tax")) {
                    total = total.add(charge.get("tax").get("taxAmount").get("amount").decimalValue());
                }
            }
        }
        return total.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** Everything, for the sandbox's state file. */
    synchronized ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        out.put("sequence", sequence);
        ArrayNode list = out.putArray("orders");
        for (Stored stored : orders.values()) {
            list.addObject().put("modified", stored.modified().toString()).set("order", stored.order());
        }
        return out;
    }

    synchronized void restore(JsonNode snapshot) {
        orders.clear();
        sequence = snapshot.path("sequence").asLong();
        for (JsonNode entry : snapshot.path("orders")) {
            Instant modified = Instant.parse(entry.get("modified").asText());
            ObjectNode order = (ObjectNode) entry.get("order");
            orders.put(order.get("purchaseOrderId").asText(), new Stored(order, modified));
            lastTick = modified.isAfter(lastTick) ? modified : lastTick;
        }
    }

    /** Times are unique and increasing, so order dates sort the orders as they were placed. */
    private Instant tick() {
        Instant now = clock.instant();
        if (!now.isAfter(lastTick)) {
            now = lastTick.plusMillis(1);
        }
        lastTick = now;
        return now;
    }

    private ObjectNode shippingInfo(Purchase purchase, Instant shipBy, Instant deliverBy) {
        Purchase.ShipTo to = purchase.shipTo();
        ObjectNode info = nodes.objectNode();
        info.put("phone", to.phone());
        info.put("estimatedDeliveryDate", deliverBy.toEpochMilli());
        info.put("estimatedShipDate", shipBy.toEpochMilli());
        info.put("methodCode", purchase.methodCode());
        ObjectNode address = info.putObject("postalAddress");
        address.put("name", to.name());
        address.put("address1", to.address1());
        if (to.address2() != null && !to.address2().isBlank()) {
            address.put("address2", to.address2());
        }
        address.put("city", to.city());
        address.put("state", to.state());
        address.put("postalCode", to.postalCode());
        address.put("country", "USA");
        address.put("addressType", to.addressType());
        return info;
    }

    private ObjectNode line(int number, Purchase.Item item, SalesTax tax, String status, Instant now, Instant shipBy,
                            String methodCode) {
        ObjectNode line = nodes.objectNode();
        line.put("lineNumber", Integer.toString(number));
        line.putObject("item").put("productName", item.productName()).put("sku", item.sku());
        ArrayNode charges = line.putObject("charges").putArray("charge");
        BigDecimal price = item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())).setScale(2, RoundingMode.HALF_UP);
        charges.add(charge("PRODUCT", "ItemPrice", price, tax.rate()));
        if (item.shipping().signum() != 0) {
            charges.add(charge("SHIPPING", "Shipping", item.shipping(), tax.onShipping() ? tax.rate() : BigDecimal.ZERO));
        }
        line.set("orderLineQuantity", quantity(item.quantity()));
        line.put("statusDate", now.toEpochMilli());
        line.putObject("orderLineStatuses").putArray("orderLineStatus");
        setStatus(line, status, null, now);
        line.putObject("fulfillment").put("fulfillmentOption", "S2H")
                .put("shipMethod", SHIP_METHODS.getOrDefault(methodCode, "STANDARD"))
                .put("pickUpDateTime", shipBy.toEpochMilli());
        return line;
    }

    private ObjectNode charge(String type, String name, BigDecimal amount, BigDecimal taxRate) {
        ObjectNode charge = nodes.objectNode();
        charge.put("chargeType", type);
        charge.put("chargeName", name);
        charge.set("chargeAmount", money(amount));
        BigDecimal tax = amount.multiply(taxRate).setScale(2, RoundingMode.HALF_UP);
        if (tax.signum() != 0) {
            charge.putObject("tax").put("taxName", "Tax1").set("taxAmount", money(tax));
        }
        return charge;
    }

    /** Amounts are JSON numbers, exact to the cent, written as Walmart writes them: 99, 8.9, 7.92. */
    private ObjectNode money(BigDecimal amount) {
        return nodes.objectNode().put("currency", "USD").put("amount", amount.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros());
    }

    private ObjectNode quantity(int amount) {
        // a string, as in Walmart's definition
        return nodes.objectNode().put("unitOfMeasurement", "EACH").put("amount", Integer.toString(amount));
    }

    private void setStatus(ObjectNode line, String status, String cancellationReason, Instant when) {
        line.put("statusDate", when.toEpochMilli());
        ArrayNode statuses = (ArrayNode) line.get("orderLineStatuses").get("orderLineStatus");
        statuses.removeAll();
        ObjectNode entry = statuses.addObject().put("status", status);
        entry.set("statusQuantity", quantity(line.get("orderLineQuantity").get("amount").asInt()));
        if (cancellationReason != null) {
            entry.put("cancellationReason", cancellationReason);
        }
    }

    private static String status(JsonNode line) {
        return line.get("orderLineStatuses").get("orderLineStatus").get(0).get("status").asText();
    }
}
