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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated seller's purchase orders, in the shape of Walmart's Orders API v3. Each line carries a
 * PRODUCT charge (unit price × quantity) and, if any, a SHIPPING charge, each with the sales tax
 * Walmart computes from the ship-to state. There is no order total field: what the buyer paid is the
 * sum of the charges and their taxes over the quantity not cancelled ({@link #total}).
 *
 * <p>Line statuses move Created → Acknowledged → Shipped, or to Cancelled before shipping. A line's quantity
 * may be split between statuses (lines have held more than one unit since 2023): its {@code orderLineStatus}
 * list then has one entry per status and quantity, in that order, each shipment its own Shipped entry with
 * its tracking. Seller-fulfilled orders start Created and stay in the released list until acknowledged; WFS
 * orders start Acknowledged, as Walmart acknowledges them itself, and only Walmart ships or cancels them.
 */
final class PurchaseOrders {

    static final List<String> LINE_STATUSES = List.of("Created", "Acknowledged", "Shipped", "Delivered", "Cancelled");
    /** The order of a line's status entries: where each stands in the line's life. */
    private static final List<String> LIFECYCLE = List.of("Created", "Acknowledged", "Shipped", "Delivered", "Cancelled", "Refund");

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
        Instant now = move(stored, "Created", "Acknowledged");
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
        Instant now = move(stored, "Acknowledged", "Shipped");
        if (now != null) {
            orders.put(purchaseOrderId, new Stored(stored.order(), now));
        }
        return now != null;
    }

    /**
     * Ship Order Lines: each shipment takes its quantity of the line from Acknowledged to a Shipped entry with its
     * tracking, and the line gets the seller's order id. All or nothing: a line not in the order, not acknowledged,
     * or with less left to ship than asked refuses the whole request. Empty when there is no such order.
     */
    synchronized Optional<ObjectNode> ship(String purchaseOrderId, List<OrderLineUpdates.Shipment> shipments) {
        Stored stored = orders.get(purchaseOrderId);
        if (stored == null) {
            return Optional.empty();
        }
        refuseWalmartFulfilled(stored.order(), "shipped");
        Map<String, Integer> wanted = new LinkedHashMap<>();
        shipments.forEach(s -> wanted.merge(s.lineNumber(), s.quantity(), Integer::sum));
        wanted.forEach((number, quantity) -> {
            ObjectNode line = line(stored.order(), number);
            int acknowledged = quantityIn(line, "Acknowledged");
            if (quantity <= acknowledged) {
                return;
            }
            if (acknowledged == 0 && quantityIn(line, "Created") > 0) {
                throw new InvalidContent("lineNumber", "Line number " + number + " is not acknowledged: acknowledge the order before "
                        + "shipping it");
            }
            throw new InvalidContent("statusQuantity", acknowledged == 0
                    ? "Line number " + number + " has nothing left to ship: it is " + lineStatus(line)
                    : "Quantity " + quantity + " is more than the " + acknowledged + " Acknowledged in line number " + number);
        });
        Instant now = tick();
        for (OrderLineUpdates.Shipment shipment : shipments) {
            ObjectNode line = line(stored.order(), shipment.lineNumber());
            take(line, "Acknowledged", shipment.quantity());
            ObjectNode entry = entry("Shipped", shipment.quantity());
            entry.set("trackingInfo", shipment.trackingInfo());
            if (shipment.returnCenterAddress() != null) {
                entry.set("returnCenterAddress", shipment.returnCenterAddress());
            }
            add(line, entry);
            line.put("statusDate", now.toEpochMilli());
            line.put("sellerOrderId", shipment.sellerOrderId());
        }
        orders.put(purchaseOrderId, new Stored(stored.order(), now));
        return Optional.of(stored.order().deepCopy());
    }

    /**
     * Cancel Order Lines: each cancellation takes its quantity of the line from what is not shipped (Created or
     * Acknowledged) to a Cancelled entry with its reason. All or nothing, as shipping. Empty when there is no such order.
     */
    synchronized Optional<ObjectNode> cancel(String purchaseOrderId, List<OrderLineUpdates.Cancellation> cancellations) {
        Stored stored = orders.get(purchaseOrderId);
        if (stored == null) {
            return Optional.empty();
        }
        refuseWalmartFulfilled(stored.order(), "cancelled");
        Map<String, Integer> wanted = new LinkedHashMap<>();
        cancellations.forEach(c -> wanted.merge(c.lineNumber(), c.quantity(), Integer::sum));
        wanted.forEach((number, quantity) -> {
            ObjectNode line = line(stored.order(), number);
            int open = unshipped(line);
            if (quantity <= open) {
                return;
            }
            boolean shipped = quantityIn(line, "Shipped") + quantityIn(line, "Delivered") > 0;
            throw new InvalidContent("statusQuantity", open > 0
                    ? "Quantity " + quantity + " is more than the " + open + " not shipped in line number " + number
                    : shipped ? "Line number " + number + " is " + lineStatus(line) + ": a shipped line cannot be cancelled"
                    : "Line number " + number + " is already Cancelled");
        });
        Instant now = tick();
        for (OrderLineUpdates.Cancellation cancellation : cancellations) {
            cancel(line(stored.order(), cancellation.lineNumber()), cancellation.quantity(), cancellation.reason(), now);
        }
        orders.put(purchaseOrderId, new Stored(stored.order(), now));
        return Optional.of(stored.order().deepCopy());
    }

    /** Every Shipped entry of the order: line number, SKU, quantity and tracking, in line order. */
    synchronized List<ObjectNode> shipments(String purchaseOrderId) {
        Stored stored = orders.get(purchaseOrderId);
        if (stored == null) {
            throw new IllegalArgumentException("no purchase order " + purchaseOrderId);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode line : stored.order().get("orderLines").get("orderLine")) {
            for (JsonNode entry : line.get("orderLineStatuses").get("orderLineStatus")) {
                if (entry.get("status").asText().equals("Shipped")) {
                    ObjectNode shipment = nodes.objectNode();
                    shipment.put("lineNumber", line.get("lineNumber").asText());
                    shipment.put("sku", line.get("item").get("sku").asText());
                    shipment.put("quantity", entry.get("statusQuantity").get("amount").asInt());
                    if (line.has("sellerOrderId")) {
                        shipment.put("sellerOrderId", line.get("sellerOrderId").asText());
                    }
                    if (entry.has("trackingInfo")) {
                        shipment.set("trackingInfo", entry.get("trackingInfo").deepCopy());
                    }
                    out.add(shipment);
                }
            }
        }
        return out;
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

    /** Cancels what is not shipped of a line, as when the buyer cancels it. */
    synchronized void cancelLine(String purchaseOrderId, String lineNumber) {
        Stored stored = orders.get(purchaseOrderId);
        if (stored == null) {
            throw new IllegalArgumentException("no purchase order " + purchaseOrderId);
        }
        ObjectNode line = find(stored.order(), lineNumber);
        if (line == null) {
            throw new IllegalArgumentException("purchase order " + purchaseOrderId + " has no line " + lineNumber);
        }
        int open = unshipped(line);
        if (open == 0) {
            throw new IllegalArgumentException("line " + lineNumber + " is " + lineStatus(line) + " and cannot be cancelled");
        }
        Instant now = tick();
        cancel(line, open, "CUSTOMER_REQUESTED_SELLER_TO_CANCEL", now);
        orders.put(purchaseOrderId, new Stored(stored.order(), now));
    }

    /**
     * The line's status: one, or for a line split between statuses the statuses its entries list, joined by
     * commas in the order of the line's life, e.g. "Acknowledged,Shipped".
     */
    synchronized String lineStatus(String purchaseOrderId, String lineNumber) {
        Stored stored = orders.get(purchaseOrderId);
        if (stored == null) {
            throw new IllegalArgumentException("no purchase order " + purchaseOrderId);
        }
        ObjectNode line = find(stored.order(), lineNumber);
        if (line == null) {
            throw new IllegalArgumentException("purchase order " + purchaseOrderId + " has no line " + lineNumber);
        }
        return lineStatus(line);
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

    /** Whether some quantity of some line is in the status. */
    static boolean hasLineIn(JsonNode order, String status) {
        for (JsonNode line : order.get("orderLines").get("orderLine")) {
            if (quantityIn(line, status) > 0) {
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

    /**
     * What the buyer paid: every charge and its tax over the quantity not cancelled; a line partly cancelled
     * counts each charge in proportion, to the cent.
     */
    static BigDecimal total(JsonNode order) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode line : order.get("orderLines").get("orderLine")) {
            BigDecimal ordered = BigDecimal.valueOf(line.get("orderLineQuantity").get("amount").asInt());
            BigDecimal kept = ordered.subtract(BigDecimal.valueOf(quantityIn(line, "Cancelled")));
            for (JsonNode charge : line.get("charges").get("charge")) {
                total = total.add(share(charge.get("chargeAmount").get("amount").decimalValue(), kept, ordered));
                if (charge.has("tax")) {
                    total = total.add(share(charge.get("tax").get("taxAmount").get("amount").decimalValue(), kept, ordered));
                }
            }
        }
        return total.setScale(2, RoundingMode.UNNECESSARY);
    }

    private static BigDecimal share(BigDecimal amount, BigDecimal kept, BigDecimal ordered) {
        return amount.multiply(kept).divide(ordered, 2, RoundingMode.HALF_UP);
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
        line.putObject("orderLineStatuses").putArray("orderLineStatus").add(entry(status, item.quantity()));
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

    // ---------------------------------------------------------------- a line's status entries

    /** Moves every line's quantity in one status to another, dating the lines that moved; when, or null if none did. */
    private Instant move(Stored stored, String from, String to) {
        Instant now = null;
        for (JsonNode node : stored.order().get("orderLines").get("orderLine")) {
            ObjectNode line = (ObjectNode) node;
            int quantity = quantityIn(line, from);
            if (quantity > 0) {
                now = now == null ? tick() : now;
                take(line, from, quantity);
                add(line, entry(to, quantity));
                line.put("statusDate", now.toEpochMilli());
            }
        }
        return now;
    }

    /** Cancels some of what is not shipped: Created first, then Acknowledged. */
    private void cancel(ObjectNode line, int quantity, String reason, Instant now) {
        int created = Math.min(quantity, quantityIn(line, "Created"));
        take(line, "Created", created);
        take(line, "Acknowledged", quantity - created);
        add(line, entry("Cancelled", quantity).put("cancellationReason", reason));
        line.put("statusDate", now.toEpochMilli());
    }

    private ObjectNode entry(String status, int quantity) {
        ObjectNode entry = nodes.objectNode().put("status", status);
        entry.set("statusQuantity", quantity(quantity));
        return entry;
    }

    /** Takes quantity out of the line's entries in a status, dropping those left empty. */
    private static void take(ObjectNode line, String status, int quantity) {
        for (Iterator<JsonNode> entries = statuses(line).iterator(); entries.hasNext() && quantity > 0; ) {
            JsonNode entry = entries.next();
            if (!entry.get("status").asText().equals(status)) {
                continue;
            }
            int amount = entry.get("statusQuantity").get("amount").asInt();
            int taken = Math.min(amount, quantity);
            quantity -= taken;
            if (taken == amount) {
                entries.remove();
            } else {
                ((ObjectNode) entry.get("statusQuantity")).put("amount", Integer.toString(amount - taken));
            }
        }
    }

    /**
     * Adds an entry in lifecycle order: into an entry of the same status and reason when neither carries tracking
     * (each shipment keeps its own), else after the entries of its status and those before it.
     */
    private static void add(ObjectNode line, ObjectNode entry) {
        ArrayNode entries = statuses(line);
        String status = entry.get("status").asText();
        for (JsonNode existing : entries) {
            if (existing.get("status").asText().equals(status) && !existing.has("trackingInfo") && !entry.has("trackingInfo")
                    && existing.path("cancellationReason").equals(entry.path("cancellationReason"))) {
                int amount = existing.get("statusQuantity").get("amount").asInt() + entry.get("statusQuantity").get("amount").asInt();
                ((ObjectNode) existing.get("statusQuantity")).put("amount", Integer.toString(amount));
                return;
            }
        }
        int at = entries.size();
        for (int i = 0; i < entries.size(); i++) {
            if (LIFECYCLE.indexOf(entries.get(i).get("status").asText()) > LIFECYCLE.indexOf(status)) {
                at = i;
                break;
            }
        }
        entries.insert(at, entry);
    }

    /** The line's quantity in a status, over its entries. */
    static int quantityIn(JsonNode line, String status) {
        int sum = 0;
        for (JsonNode entry : line.get("orderLineStatuses").get("orderLineStatus")) {
            if (entry.get("status").asText().equals(status)) {
                sum += entry.get("statusQuantity").get("amount").asInt();
            }
        }
        return sum;
    }

    private static int unshipped(JsonNode line) {
        return quantityIn(line, "Created") + quantityIn(line, "Acknowledged");
    }

    private static String lineStatus(JsonNode line) {
        List<String> statuses = new ArrayList<>();
        for (JsonNode entry : line.get("orderLineStatuses").get("orderLineStatus")) {
            if (!statuses.contains(entry.get("status").asText())) {
                statuses.add(entry.get("status").asText());
            }
        }
        return String.join(",", statuses);
    }

    private static ArrayNode statuses(JsonNode line) {
        return (ArrayNode) line.get("orderLineStatuses").get("orderLineStatus");
    }

    private static ObjectNode find(JsonNode order, String lineNumber) {
        for (JsonNode line : order.get("orderLines").get("orderLine")) {
            if (line.get("lineNumber").asText().equals(lineNumber)) {
                return (ObjectNode) line;
            }
        }
        return null;
    }

    /** The order's line, or Walmart's refusal of a line number the order does not have. */
    private static ObjectNode line(JsonNode order, String lineNumber) {
        ObjectNode line = find(order, lineNumber);
        if (line == null) {
            throw new InvalidContent("lineNumber", "Line number " + lineNumber + " is not in purchase order "
                    + order.get("purchaseOrderId").asText());
        }
        return line;
    }

    /** Walmart ships and cancels the orders it fulfils (WFS) itself; the seller's endpoints refuse them. */
    private static void refuseWalmartFulfilled(JsonNode order, String action) {
        if ("WFSFulfilled".equals(order.path("shipNode").path("type").asText())) {
            throw new InvalidContent("purchaseOrderId", "Purchase order " + order.get("purchaseOrderId").asText() + " is fulfilled by "
                    + "Walmart Fulfillment Services (WFS) and cannot be " + action + " by the seller");
        }
    }
}
