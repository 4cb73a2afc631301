package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The seller's amazon.com orders, in the shapes of the Orders API v0. Each order is kept whole; what
 * the API shows depends on its status, as at Amazon: until payment is authorised (and once canceled)
 * an order has no OrderTotal and no ShippingAddress, and its items no prices, taxes or promotions.
 *
 * <p>Amounts are exact: every charge, discount and tax is rounded to the cent on its own, and
 * <pre>
 * OrderTotal = sum over items of  ItemPrice + ItemTax + ShippingPrice + ShippingTax
 *                               - PromotionDiscount - PromotionDiscountTax
 *                               - ShippingDiscount - ShippingDiscountTax
 * </pre>
 * where each tax is its amount times the order's tax rate (so a discount's tax is the tax it saves).
 */
final class OrderBook {

    /**
     * An order and its items, complete, and the packages the seller confirmed for it (confirmShipment);
     * {@link #view} and {@link #itemsView} show what the API may.
     */
    record StoredOrder(ObjectNode order, ArrayNode items, ArrayNode packages) {

        String id() {
            return order.get("AmazonOrderId").asText();
        }

        String status() {
            return order.get("OrderStatus").asText();
        }

        String channel() {
            return order.get("FulfillmentChannel").asText();
        }

        /** The item with this OrderItemId, if the order has it. */
        Optional<ObjectNode> item(String orderItemId) {
            for (JsonNode item : items) {
                if (item.get("OrderItemId").asText().equals(orderItemId)) {
                    return Optional.of((ObjectNode) item);
                }
            }
            return Optional.empty();
        }
    }

    /** Units of one item that have just shipped: its QuantityShipped went from {@code before} to {@code after}. */
    record ShippedUnits(ObjectNode item, int before, int after) {
    }

    /** Told of every shipment, whoever makes it (Amazon, the seller's confirmShipment, a test), as Amazon's finances are. */
    interface ShipmentListener {
        void shipped(StoredOrder order, List<ShippedUnits> units, Instant at, String shipmentId);
    }

    static final List<String> STATUSES = List.of("PendingAvailability", "Pending", "Unshipped", "PartiallyShipped",
            "Shipped", "InvoiceUnconfirmed", "Canceled", "Unfulfillable");
    /** Statuses in which Amazon shows the shipping address, the order total and item prices. */
    private static final Set<String> PAID = Set.of("Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed");
    private static final Map<String, Set<String>> NEXT = Map.of(
            "PendingAvailability", Set.of("Pending", "Canceled"),
            "Pending", Set.of("Unshipped", "Canceled"),
            "Unshipped", Set.of("PartiallyShipped", "Shipped", "Canceled", "Unfulfillable"),
            "PartiallyShipped", Set.of("Shipped"),
            "InvoiceUnconfirmed", Set.of("Shipped"));
    private static final List<String> PRICING = List.of("ItemPrice", "ShippingPrice", "ItemTax", "ShippingTax",
            "ShippingDiscount", "ShippingDiscountTax", "PromotionDiscount", "PromotionDiscountTax", "PromotionIds", "IsGift");
    private static final Map<String, String> LEVEL_CATEGORIES = Map.of("Std US D2D Dom", "Standard",
            "Exp US D2D Dom", "Expedited", "Second US D2D Dom", "SecondDay", "Next US D2D Dom", "NextDay",
            "Standard", "Standard", "Expedited", "Expedited", "SecondDay", "SecondDay", "NextDay", "NextDay");
    private static final String CURRENCY = "USD";

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, StoredOrder> orders = new LinkedHashMap<>();
    private final Clock clock;
    private final String marketplaceId;
    private final Random random;
    /** Shipment ids are not seeded: a seeded sequence would repeat itself after a restart. */
    private final SecureRandom shipmentIds = new SecureRandom();
    private final ShipmentListener listener;

    OrderBook(Clock clock, String marketplaceId, long seed, ShipmentListener listener) {
        this.clock = clock;
        this.marketplaceId = marketplaceId;
        this.random = new Random(seed);
        this.listener = listener;
    }

    synchronized StoredOrder create(NewOrder request) {
        return create(request, clock.instant());
    }

    /** An order placed at the given time (to the second), e.g. one a test backdates. */
    synchronized StoredOrder create(NewOrder request, Instant placedAt) {
        if (!List.of("AFN", "MFN").contains(request.fulfillmentChannel())) {
            throw new IllegalArgumentException("the fulfillment channel is AFN or MFN, not " + request.fulfillmentChannel());
        }
        if (!STATUSES.contains(request.status())) {
            throw new IllegalArgumentException("no order status " + request.status() + "; one of " + STATUSES);
        }
        if (request.lines().isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one item");
        }
        String id = newOrderId();
        Instant now = placedAt.truncatedTo(ChronoUnit.SECONDS);
        boolean afn = request.fulfillmentChannel().equals("AFN");

        ArrayNode items = nodes.arrayNode();
        BigDecimal total = BigDecimal.ZERO;
        for (NewOrder.Line line : request.lines()) {
            ObjectNode item = item(line, request.taxRate());
            items.add(item);
            total = total.add(amount(item, "ItemPrice")).add(amount(item, "ItemTax"))
                    .add(amount(item, "ShippingPrice")).add(amount(item, "ShippingTax"))
                    .subtract(amount(item, "PromotionDiscount")).subtract(amount(item, "PromotionDiscountTax"))
                    .subtract(amount(item, "ShippingDiscount")).subtract(amount(item, "ShippingDiscountTax"));
        }

        ObjectNode order = nodes.objectNode();
        order.put("AmazonOrderId", id);
        order.put("SellerOrderId", id);
        order.put("PurchaseDate", now.toString());
        order.put("LastUpdateDate", now.toString());
        order.put("OrderStatus", request.status());
        order.put("FulfillmentChannel", request.fulfillmentChannel());
        order.put("SalesChannel", "Amazon.com");
        order.put("ShipServiceLevel", request.shipServiceLevel());
        order.set("OrderTotal", money(total));
        // the counts follow from the status, set below; here for Amazon's field order
        order.put("NumberOfItemsShipped", 0);
        order.put("NumberOfItemsUnshipped", 0);
        order.put("PaymentMethod", "Other");
        order.putArray("PaymentMethodDetails").add("Standard");
        order.put("MarketplaceId", marketplaceId);
        order.put("ShipmentServiceLevelCategory", LEVEL_CATEGORIES.getOrDefault(request.shipServiceLevel(), "Standard"));
        order.put("OrderType", "StandardOrder");
        // ship within two days; the delivery window is promised for the seller's own shipments only
        order.put("EarliestShipDate", now.toString());
        order.put("LatestShipDate", now.plus(Duration.ofDays(2)).toString());
        if (!afn) {
            order.put("EarliestDeliveryDate", now.plus(Duration.ofDays(3)).toString());
            order.put("LatestDeliveryDate", now.plus(Duration.ofDays(7)).toString());
        }
        order.put("IsBusinessOrder", false);
        order.put("IsPrime", afn);
        order.put("IsPremiumOrder", false);
        order.put("IsGlobalExpressEnabled", false);
        order.put("IsReplacementOrder", false);
        order.put("IsSoldByAB", false);
        order.put("IsIBA", false);
        order.put("IsISPU", false);
        order.put("IsAccessPointOrder", false);
        order.set("ShippingAddress", address(request.shipTo(), afn));
        ObjectNode buyer = order.putObject("BuyerInfo");
        buyer.put("BuyerEmail", request.buyer().email());
        if (request.buyer().name() != null) {
            buyer.put("BuyerName", request.buyer().name());
        }
        StoredOrder stored = new StoredOrder(order, items, nodes.arrayNode());
        setStatus(stored, request.status(), now);
        orders.put(id, stored);
        return stored;
    }

    /** Moves an order on, as Amazon or the seller would; the change is its new LastUpdateDate. */
    synchronized StoredOrder advance(String id, String status) {
        return advance(id, status, clock.instant());
    }

    /** Moves an order on at the given time (to the second). */
    synchronized StoredOrder advance(String id, String status, Instant at) {
        StoredOrder stored = get(id).orElseThrow(() -> new NoSuchElementException("no order " + id));
        Set<String> next = NEXT.getOrDefault(stored.status(), Set.of());
        if (status == null || !next.contains(status)) {
            throw new IllegalArgumentException("order " + id + " is " + stored.status() + "; it can go to " + next + ", not " + status);
        }
        Instant when = at.truncatedTo(ChronoUnit.SECONDS);
        setStatus(stored, status, when);
        stored.order().put("LastUpdateDate", when.toString());
        return stored;
    }

    /**
     * confirmShipment: the seller shipped a package of a seller-fulfilled order. A new
     * packageReferenceId ships its units (the order becomes PartiallyShipped or Shipped); a known one
     * edits that package's carrier, tracking and dates, as Amazon documents, but not its items.
     *
     * @throws NoSuchElementException   for an unknown order
     * @throws IllegalArgumentException for a confirmation Amazon refuses
     */
    synchronized void confirmShipment(String id, ShipmentConfirmation confirmation) {
        StoredOrder stored = get(id).orElseThrow(() -> new NoSuchElementException("No order " + id + " was found for this seller."));
        if (stored.channel().equals("AFN")) {
            throw new IllegalArgumentException("Order " + id + " is fulfilled by Amazon (AFN): Amazon confirms its shipments.");
        }
        Instant now = now();
        ObjectNode confirmed = confirmation.toJson(now);
        for (int i = 0; i < stored.packages().size(); i++) {
            JsonNode known = stored.packages().get(i);
            if (known.get("packageReferenceId").asText().equals(confirmation.packageReferenceId())) {
                if (!ShipmentConfirmation.quantities(known).equals(confirmation.quantities())) {
                    throw new IllegalArgumentException("Package " + confirmation.packageReferenceId() + " of order " + id
                            + " was confirmed with other items; an edit changes carrier, tracking and dates only.");
                }
                confirmed.put("shipmentId", known.get("shipmentId").asText());
                stored.packages().set(i, confirmed);
                stored.order().put("LastUpdateDate", now.toString());
                return;
            }
        }
        if (!Set.of("Unshipped", "PartiallyShipped").contains(stored.status())) {
            throw new IllegalArgumentException("Order " + id + " is " + stored.status() + " and cannot be confirmed as shipped.");
        }
        List<ShippedUnits> shipped = new ArrayList<>();
        for (Map.Entry<String, Integer> line : confirmation.quantities().entrySet()) {
            ObjectNode item = stored.item(line.getKey()).orElseThrow(() -> new IllegalArgumentException("OrderItemId "
                    + line.getKey() + " is invalid, please obtain the value through the getOrderItems API or Manage Orders page"));
            int before = item.get("QuantityShipped").asInt();
            int unshipped = item.get("QuantityOrdered").asInt() - before;
            if (line.getValue() > unshipped) {
                throw new IllegalArgumentException("The quantity " + line.getValue() + " of OrderItemId " + line.getKey()
                        + " exceeds its unshipped quantity " + unshipped + ".");
            }
            shipped.add(new ShippedUnits(item, before, before + line.getValue()));
        }
        shipped.forEach(units -> units.item().put("QuantityShipped", units.after()));
        String shipmentId = shipmentId();
        confirmed.put("shipmentId", shipmentId);
        stored.packages().add(confirmed);
        int units = 0;
        int done = 0;
        for (JsonNode item : stored.items()) {
            units += item.get("QuantityOrdered").asInt();
            done += item.get("QuantityShipped").asInt();
        }
        stored.order().put("OrderStatus", done == units ? "Shipped" : "PartiallyShipped");
        stored.order().put("NumberOfItemsShipped", done);
        stored.order().put("NumberOfItemsUnshipped", units - done);
        stored.order().put("LastUpdateDate", now.toString());
        listener.shipped(stored, shipped, now, shipmentId);
    }

    /** Runs {@code action} on an order while nothing else changes the order book. */
    synchronized <T> T with(String id, Function<StoredOrder, T> action) {
        return action.apply(get(id).orElseThrow(() -> new NoSuchElementException("no order " + id)));
    }

    synchronized Optional<StoredOrder> get(String id) {
        return Optional.ofNullable(orders.get(id));
    }

    /** The next page of a getOrders query, as the API shows the orders, with one more to tell whether a page follows. */
    synchronized List<ObjectNode> find(OrdersQuery query) {
        return orders.values().stream().filter(o -> query.matches(o.order()))
                .sorted(Comparator.comparing(o -> query.key(o.order()))).limit(query.pageSize() + 1L)
                .map(this::view).toList();
    }

    /** Orders a generator tick may move on: not yet shipped, canceled or unfulfillable. */
    synchronized List<StoredOrder> open() {
        return orders.values().stream().filter(o -> NEXT.containsKey(o.status())).toList();
    }

    synchronized int size() {
        return orders.size();
    }

    /** The order as getOrder shows it. */
    synchronized ObjectNode view(StoredOrder stored) {
        ObjectNode order = stored.order().deepCopy();
        if (!PAID.contains(stored.status())) {
            order.remove(List.of("OrderTotal", "ShippingAddress"));
        }
        return order;
    }

    /** The order's items as getOrderItems shows them. */
    synchronized ArrayNode itemsView(StoredOrder stored) {
        ArrayNode items = stored.items().deepCopy();
        if (!PAID.contains(stored.status())) {
            items.forEach(item -> ((ObjectNode) item).remove(PRICING));
        }
        return items;
    }

    /** Everything, for the sandbox's state file. */
    synchronized ArrayNode snapshot() {
        ArrayNode list = nodes.arrayNode();
        orders.values().forEach(o -> list.addObject().<ObjectNode>set("order", o.order()).<ObjectNode>set("items", o.items())
                .set("packages", o.packages()));
        return list;
    }

    synchronized void restore(JsonNode snapshot) {
        orders.clear();
        for (JsonNode entry : snapshot) {
            // a state file from before shipment confirmations has no packages
            ArrayNode packages = entry.has("packages") ? (ArrayNode) entry.get("packages") : nodes.arrayNode();
            StoredOrder stored = new StoredOrder((ObjectNode) entry.get("order"), (ArrayNode) entry.get("items"), packages);
            orders.put(stored.id(), stored);
        }
    }

    /** Sets the status and what follows from it: which units have shipped (the listener hears of new ones). */
    private void setStatus(StoredOrder stored, String status, Instant at) {
        int units = 0;
        for (JsonNode item : stored.items()) {
            units += item.get("QuantityOrdered").asInt();
        }
        if (status.equals("PartiallyShipped") && units < 2) {
            throw new IllegalArgumentException("an order of one unit cannot be partially shipped");
        }
        if (status.equals("Unfulfillable") && !stored.channel().equals("AFN")) {
            throw new IllegalArgumentException("only an order Fulfilled by Amazon can be Unfulfillable");
        }
        // a partial shipment leaves the last unit behind
        int toShip = switch (status) {
            case "Shipped", "InvoiceUnconfirmed" -> units;
            case "PartiallyShipped" -> units - 1;
            default -> 0;
        };
        boolean closed = status.equals("Canceled") || status.equals("Unfulfillable");
        ObjectNode order = stored.order();
        List<ShippedUnits> shipped = new ArrayList<>();
        int left = toShip;
        for (JsonNode item : stored.items()) {
            int before = item.get("QuantityShipped").asInt();
            int after = Math.min(left, item.get("QuantityOrdered").asInt());
            left -= after;
            if (after > before) {
                shipped.add(new ShippedUnits((ObjectNode) item, before, after));
            }
        }
        order.put("OrderStatus", status);
        order.put("NumberOfItemsShipped", toShip);
        order.put("NumberOfItemsUnshipped", closed ? 0 : units - toShip);
        shipped.forEach(moved -> moved.item().put("QuantityShipped", moved.after()));
        if (!shipped.isEmpty()) {
            listener.shipped(stored, shipped, at, shipmentId());
        }
    }

    private ObjectNode item(NewOrder.Line line, BigDecimal taxRate) {
        if (line.quantity() < 1) {
            throw new IllegalArgumentException("quantity of " + line.sku() + " must be at least 1");
        }
        BigDecimal price = line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()));
        if (line.promotionDiscount().compareTo(price) > 0 || line.shippingDiscount().compareTo(line.shippingPrice()) > 0) {
            throw new IllegalArgumentException("a discount on " + line.sku() + " exceeds what it discounts");
        }
        ObjectNode item = nodes.objectNode();
        item.put("ASIN", asin(line.sku()));
        item.put("SellerSKU", line.sku());
        item.put("OrderItemId", digits(14));
        item.put("Title", line.title());
        item.put("QuantityOrdered", line.quantity());
        item.put("QuantityShipped", 0);
        item.putObject("ProductInfo").put("NumberOfItems", "1");
        // ItemPrice is the unit price times the quantity, as Amazon reports it
        taxed(item, "ItemPrice", "ItemTax", price, taxRate);
        taxed(item, "ShippingPrice", "ShippingTax", line.shippingPrice(), taxRate);
        taxed(item, "ShippingDiscount", "ShippingDiscountTax", line.shippingDiscount(), taxRate);
        taxed(item, "PromotionDiscount", "PromotionDiscountTax", line.promotionDiscount(), taxRate);
        if (!line.promotionIds().isEmpty()) {
            line.promotionIds().forEach(item.putArray("PromotionIds")::add);
        }
        item.put("IsGift", "false");
        item.put("ConditionId", "New");
        item.put("ConditionSubtypeId", "New");
        item.put("IsTransparency", false);
        item.put("SerialNumberRequired", false);
        // amazon.com collects and remits US sales tax itself as marketplace facilitator
        item.putObject("TaxCollection").put("Model", "MarketplaceFacilitator").put("ResponsibleParty", "Amazon Services, Inc.");
        return item;
    }

    private ObjectNode address(NewOrder.ShipTo shipTo, boolean afn) {
        ObjectNode address = nodes.objectNode();
        address.put("Name", shipTo.name());
        address.put("AddressLine1", shipTo.addressLine1());
        address.put("City", shipTo.city());
        address.put("StateOrRegion", shipTo.stateOrRegion());
        address.put("PostalCode", shipTo.postalCode());
        address.put("CountryCode", "US");
        // Amazon suppresses the buyer's phone on orders it fulfils itself
        if (!afn && shipTo.phone() != null) {
            address.put("Phone", shipTo.phone());
        }
        address.put("AddressType", "Residential");
        return address;
    }

    /** An amount and its tax, each rounded to the cent. */
    private void taxed(ObjectNode item, String field, String taxField, BigDecimal amount, BigDecimal taxRate) {
        item.set(field, money(amount));
        item.set(taxField, money(amount.multiply(taxRate)));
    }

    private ObjectNode money(BigDecimal amount) {
        return nodes.objectNode().put("CurrencyCode", CURRENCY)
                .put("Amount", amount.setScale(2, RoundingMode.HALF_UP).toPlainString());
    }

    private static BigDecimal amount(JsonNode item, String field) {
        return new BigDecimal(item.get(field).get("Amount").asText());
    }

    /** An Amazon shipment id, as settlement reports show it: nine letters and digits. */
    private String shipmentId() {
        String chars = "ABCDEFGHJKLMNPQRSTVWXYZabcdefghjkmnpqrstvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            id.append(chars.charAt(shipmentIds.nextInt(chars.length())));
        }
        return id.toString();
    }

    /** A fresh order id in amazon.com's 3-7-7 form. */
    private String newOrderId() {
        String id;
        do {
            id = "11" + (1 + random.nextInt(4)) + "-" + digits(7) + "-" + digits(7);
        } while (orders.containsKey(id));
        return id;
    }

    private String digits(int n) {
        StringBuilder digits = new StringBuilder().append(1 + random.nextInt(9));
        while (digits.length() < n) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    /**
     * The same SKU always lists under the same ASIN: B0 and eight characters derived from the SKU. The
     * seller's listings ({@link Listings}) use it too, so an order's items carry their listing's ASIN.
     */
    static String asin(String sku) {
        String hash = Long.toString(Math.abs(UUID.nameUUIDFromBytes(sku.getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits() % 2_821_109_907_456L), 36).toUpperCase(); // 36^8
        return "B0" + "0".repeat(8 - hash.length()) + hash;
    }

    /** Amazon's order dates are to the second. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
