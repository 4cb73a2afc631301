package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.bigcommerce.Api.ApiException;
import io.commercebus.sandbox.bigcommerce.OrderBook.StoredOrder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refunds of orders (orders v3 payment actions): what a refund of some items comes to (the quote), and
 * the refund itself, which raises the order's {@code refunded_amount} and its products'
 * {@code quantity_refunded}, and makes the order Refunded once nothing is left to refund, Partially
 * Refunded before. The store is tax-exclusive, as its orders are: a product's refund is its share, by
 * quantity, of what the line cost after discounts, plus the same share of the line's tax; a shipping or
 * handling amount is before tax and brings its share of that charge's tax; an ORDER amount is tax-exempt.
 * Shares are cumulative, so refunding a line or a charge in several steps refunds exactly what was paid.
 * A refund beyond what is left of an item or of the order is refused (422). The caller holds the order
 * book's lock.
 */
final class Refunds {

    static final List<String> TYPES = List.of("PRODUCT", "GIFT_WRAPPING", "SHIPPING", "HANDLING", "ORDER");
    /** The title BigCommerce's own examples give an over-refund. */
    static final String EXCEEDS = "Refund amount exceeds remaining amount";
    /** Where refunds go: the gateway that took the payment, store credit (customers only), or "custom" (marked refunded outside). */
    static final String GATEWAY = "testgateway";
    static final String STORE_CREDIT = "storecredit";
    static final String CUSTOM = "custom";
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    /** Incomplete, Pending, Awaiting Payment: nothing was paid, so nothing can be refunded. */
    private static final Set<Integer> UNPAID = Set.of(0, 1, 7);

    /** One refunded item: its amount before tax and its tax. */
    record Line(String type, int itemId, Integer quantity, BigDecimal amount, BigDecimal tax, String reason) {
    }

    /** What refunding some items of an order comes to. */
    record Quote(int orderId, List<Line> lines, BigDecimal tax, BigDecimal total) {
    }

    /** A refund written, with what it did to its order's status. */
    record Result(ObjectNode refund, OrderBook.Change change) {
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final List<ObjectNode> refunds = new ArrayList<>();
    private final OrderBook orders;
    private final Clock clock;
    private int nextId = 1;
    private int nextPaymentId = 1;

    Refunds(OrderBook orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    /** The quote for a {@code RefundQuote_Post} (or the items of a {@code RefundRequest_Post}); 422 for what cannot be refunded. */
    Quote quote(StoredOrder order, JsonNode body) {
        if (UNPAID.contains(order.status())) {
            throw new ApiException(422, Api.v3(422, "The order has no captured payment to refund", Map.of("order_id",
                    "order " + order.id() + " is " + order.order().get("status").asText())));
        }
        JsonNode items = body.path("items");
        if (!items.isArray() || items.isEmpty()) {
            throw Api.invalid("items", "items is required: at least one item to refund");
        }
        Map<String, Integer> quantities = new HashMap<>();
        Map<String, BigDecimal> amounts = new HashMap<>();
        for (ObjectNode refund : of(order.id())) {
            for (JsonNode item : refund.get("items")) {
                String key = item.get("item_type").asText() + ":" + item.get("item_id").asInt();
                quantities.merge(key, item.path("quantity").asInt(0), Integer::sum);
                amounts.merge(key, item.get("requested_amount").decimalValue(), BigDecimal::add);
            }
        }
        Map<String, String> invalid = new LinkedHashMap<>();
        Map<String, String> exceeded = new LinkedHashMap<>();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = "items[" + i + "]";
            String type = item.path("item_type").asText("");
            if (!TYPES.contains(type)) {
                invalid.put(at + ".item_type", "must be one of " + String.join(", ", TYPES));
                continue;
            }
            if (!item.path("item_id").isIntegralNumber()) {
                invalid.put(at + ".item_id", "is required: the order product id (PRODUCT, GIFT_WRAPPING), the order address id "
                        + "(SHIPPING, HANDLING) or the order id (ORDER)");
                continue;
            }
            JsonNode reason = item.path("reason");
            if (!reason.isMissingNode() && (!reason.isTextual() || reason.asText().length() > 1000)) {
                invalid.put(at + ".reason", "must be text of at most 1000 characters");
                continue;
            }
            int itemId = item.get("item_id").asInt();
            String key = type + ":" + itemId;
            if (type.equals("PRODUCT") || type.equals("GIFT_WRAPPING")) {
                JsonNode quantity = item.path("quantity");
                ObjectNode product = order.product(itemId).orElse(null);
                if (!quantity.isIntegralNumber() || quantity.asInt() < 1) {
                    invalid.put(at + ".quantity", "is required for " + type + ": a whole number of at least 1");
                } else if (product == null) {
                    invalid.put(at + ".item_id", "order " + order.id() + " has no order product " + itemId);
                } else {
                    int ordered = product.get("quantity").asInt();
                    int done = quantities.getOrDefault(key, 0);
                    BigDecimal net = type.equals("PRODUCT") ? net(product) : OrderBook.money(product.get("wrapping_cost_ex_tax").asText());
                    BigDecimal tax = OrderBook.money(product.get(type.equals("PRODUCT") ? "total_tax" : "wrapping_cost_tax").asText());
                    if (net.add(tax).signum() == 0) {
                        invalid.put(at + ".item_id", "order product " + itemId + " has no " + (type.equals("PRODUCT") ? "amount" : "gift wrapping")
                                + " to refund");
                    } else if (done + quantity.asInt() > ordered) {
                        exceeded.put(at + ".quantity", "order product " + itemId + " has " + (ordered - done) + " of " + ordered
                                + " left to refund, not " + quantity.asInt());
                    } else {
                        int to = done + quantity.asInt();
                        quantities.put(key, to);
                        lines.add(new Line(type, itemId, quantity.asInt(), share(net, to, ordered).subtract(share(net, done, ordered)),
                                share(tax, to, ordered).subtract(share(tax, done, ordered)), reason.asText("")));
                    }
                }
                continue;
            }
            BigDecimal amount = amount(item.path("amount"));
            if (amount == null) {
                invalid.put(at + ".amount", "is required for " + type + ": a positive amount with at most 2 decimals");
            } else if (type.equals("ORDER")) {
                if (itemId != order.id()) {
                    invalid.put(at + ".item_id", "an ORDER item's item_id is the order id, " + order.id());
                } else {
                    lines.add(new Line(type, itemId, null, amount, BigDecimal.ZERO, reason.asText("")));
                }
            } else {
                ObjectNode address = order.address(itemId).orElse(null);
                if (address == null) {
                    invalid.put(at + ".item_id", "order " + order.id() + " has no shipping address " + itemId);
                    continue;
                }
                String prefix = type.equals("SHIPPING") ? "cost_" : "handling_cost_";
                BigDecimal charged = OrderBook.money(address.get(prefix + "ex_tax").asText());
                BigDecimal chargeTax = OrderBook.money(address.get(prefix + "tax").asText());
                BigDecimal done = amounts.getOrDefault(key, BigDecimal.ZERO);
                BigDecimal to = done.add(amount);
                if (to.compareTo(charged) > 0) {
                    exceeded.put(at + ".amount", "address " + itemId + " has " + money(charged.subtract(done)) + " of "
                            + money(charged) + " " + type.toLowerCase() + " left to refund, not " + money(amount));
                } else {
                    amounts.put(key, to);
                    lines.add(new Line(type, itemId, null, amount, share(chargeTax, to, charged).subtract(share(chargeTax, done, charged)),
                            reason.asText("")));
                }
            }
        }
        if (!invalid.isEmpty()) {
            throw Api.invalid(invalid);
        }
        if (!exceeded.isEmpty()) {
            throw new ApiException(422, Api.v3(422, EXCEEDS, exceeded));
        }
        BigDecimal tax = lines.stream().map(Line::tax).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal total = lines.stream().map(l -> l.amount().add(l.tax())).reduce(BigDecimal.ZERO, BigDecimal::add);
        checkWithinOrder(order, total);
        return new Quote(order.id(), lines, tax, total);
    }

    /** The quote as {@code RefundQuote_Full}, with the refund methods the order offers. */
    ObjectNode render(StoredOrder order, Quote quote) {
        ObjectNode out = nodes.objectNode();
        out.put("order_id", quote.orderId());
        out.put("total_refund_amount", quote.total());
        out.put("total_refund_tax_amount", quote.tax());
        // amounts are computed to the cent item by item, so nothing is left to round or adjust
        out.put("rounding", 0);
        out.put("adjustment", 0);
        out.put("tax_inclusive", false);
        ArrayNode methods = out.putArray("refund_methods");
        methods.addArray().add(option(GATEWAY, "Test Payment Gateway", quote.total(), false, ""));
        if (order.order().get("customer_id").asInt() != 0) {
            methods.addArray().add(option(STORE_CREDIT, "Store Credit", quote.total(), false, ""));
        }
        methods.addArray().add(option(CUSTOM, "Custom", quote.total(), true, "This is an offline payment provider."));
        return out;
    }

    /**
     * Refunds a {@code RefundRequest_Post}: its items as the quote computes them (or the totals of its
     * {@code merchant_calculated_override}), paid back by {@code payments} that add up to that total.
     */
    Result create(StoredOrder order, JsonNode body) {
        if (!body.isObject()) {
            throw Api.invalid("items", "the body must be an object with items and payments");
        }
        Quote quote = quote(order, body);
        BigDecimal total = quote.total();
        BigDecimal tax = quote.tax();
        JsonNode override = body.path("merchant_calculated_override");
        boolean overridden = override.isObject();
        if (overridden) {
            total = amount(override.path("total_amount"));
            tax = override.path("total_tax").isNumber() ? override.get("total_tax").decimalValue().setScale(2, RoundingMode.HALF_UP) : null;
            if (total == null || tax == null) {
                throw Api.invalid("merchant_calculated_override", "needs total_amount (a positive amount) and total_tax (a number)");
            }
            checkWithinOrder(order, total);
        }
        JsonNode reason = body.path("reason");
        if (!reason.isMissingNode() && (!reason.isTextual() || reason.asText().length() > 1000)) {
            throw Api.invalid("reason", "must be text of at most 1000 characters");
        }
        ArrayNode payments = payments(order, body.path("payments"), total);

        ObjectNode refund = nodes.objectNode();
        refund.put("id", nextId++);
        refund.put("order_id", order.id());
        refund.put("user_id", 0);
        refund.put("created", CREATED.format(clock.instant().atOffset(ZoneOffset.UTC)));
        refund.put("reason", reason.asText(""));
        refund.put("total_amount", total);
        refund.put("total_tax", tax);
        refund.put("uses_merchant_override_values", overridden);
        ArrayNode items = refund.putArray("items");
        for (Line line : quote.lines()) {
            ObjectNode item = items.addObject().put("item_type", line.type()).put("item_id", line.itemId()).put("reason", line.reason());
            if (line.quantity() != null) {
                item.put("quantity", line.quantity());
            }
            item.put("requested_amount", line.amount());
        }
        refund.set("payments", payments);
        refunds.add(refund);
        return new Result(refund, apply(order, quote, total));
    }

    List<ObjectNode> of(int orderId) {
        return refunds.stream().filter(r -> r.get("order_id").asInt() == orderId).toList();
    }

    /** Refunds in id order, filtered as {@code GET /orders/payment_actions/refunds} filters them (null: no filter). */
    List<ObjectNode> find(Set<Integer> orderIds, Set<Integer> ids, Instant createdMin, Instant createdMax) {
        return refunds.stream()
                .filter(r -> orderIds == null || orderIds.contains(r.get("order_id").asInt()))
                .filter(r -> ids == null || ids.contains(r.get("id").asInt()))
                .filter(r -> createdMin == null || !created(r).isBefore(createdMin))
                .filter(r -> createdMax == null || !created(r).isAfter(createdMax))
                .toList();
    }

    int count() {
        return refunds.size();
    }

    ObjectNode require(int refundId) {
        return refunds.stream().filter(r -> r.get("id").asInt() == refundId).findFirst()
                .orElseThrow(() -> Api.notFound("Refund with id " + refundId + " not found"));
    }

    /** Everything, for the sandbox's state file. */
    ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        out.put("nextId", nextId);
        out.put("nextPaymentId", nextPaymentId);
        refunds.forEach(out.putArray("refunds")::add);
        return out;
    }

    void restore(JsonNode snapshot) {
        refunds.clear();
        nextId = snapshot.path("nextId").asInt(1);
        nextPaymentId = snapshot.path("nextPaymentId").asInt(1);
        snapshot.path("refunds").forEach(r -> refunds.add((ObjectNode) r));
    }

    // ---------------------------------------------------------------- the order

    /** The refund's mark on the order: refunded amounts, product quantities, status, payment status, modification time. */
    private OrderBook.Change apply(StoredOrder order, Quote quote, BigDecimal total) {
        ObjectNode o = order.order();
        BigDecimal refunded = OrderBook.money(o.get("refunded_amount").asText()).add(total);
        o.put("refunded_amount", OrderBook.text(refunded));
        for (Line line : quote.lines()) {
            if (line.type().equals("PRODUCT")) {
                ObjectNode product = order.product(line.itemId()).orElseThrow();
                int quantity = product.path("quantity_refunded").asInt(0) + line.quantity();
                String amount = OrderBook.text(OrderBook.money(product.path("refund_amount").asText("0")).add(line.amount()).add(line.tax()));
                product.put("quantity_refunded", quantity);
                product.put("refund_amount", amount);
                product.put("refunded_amount", amount);
                product.put("is_refunded", quantity >= product.get("quantity").asInt());
            }
        }
        boolean whole = refunded.compareTo(OrderBook.money(o.get("total_inc_tax").asText())) >= 0;
        o.put("payment_status", whole ? "refunded" : "partially refunded");
        int previous = order.status();
        orders.setStatus(order, whole ? 4 : 14);
        orders.touch(order.id());
        return new OrderBook.Change(order.id(), previous, order.status());
    }

    private static void checkWithinOrder(StoredOrder order, BigDecimal total) {
        BigDecimal left = OrderBook.money(order.order().get("total_inc_tax").asText())
                .subtract(OrderBook.money(order.order().get("refunded_amount").asText()));
        if (total.compareTo(left) > 0) {
            throw new ApiException(422, Api.v3(422, EXCEEDS, Map.of("items", "the refund comes to " + money(total) + "; order "
                    + order.id() + " has " + money(left) + " left to refund")));
        }
    }

    /** The {@code payments}: to a provider the order offers, each a positive amount, together exactly the refund's total. */
    private ArrayNode payments(StoredOrder order, JsonNode payments, BigDecimal total) {
        if (!payments.isArray() || payments.isEmpty()) {
            throw Api.invalid("payments", "payments is required: where the refund goes, e.g. [{\"provider_id\": \"" + GATEWAY
                    + "\", \"amount\": " + money(total) + ", \"offline\": false}]");
        }
        Map<String, String> invalid = new LinkedHashMap<>();
        ArrayNode out = nodes.arrayNode();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < payments.size(); i++) {
            JsonNode p = payments.get(i);
            String provider = p.path("provider_id").asText("");
            BigDecimal amount = amount(p.path("amount"));
            if (!Set.of(GATEWAY, STORE_CREDIT, CUSTOM).contains(provider)) {
                invalid.put("payments[" + i + "].provider_id", "must be one of the quote's refund methods: " + GATEWAY + ", "
                        + STORE_CREDIT + " (customers only), " + CUSTOM);
            } else if (amount == null) {
                invalid.put("payments[" + i + "].amount", "must be a positive amount with at most 2 decimals");
            } else if (p.has("offline") && !p.get("offline").isBoolean()) {
                invalid.put("payments[" + i + "].offline", "must be true or false");
            } else {
                if (provider.equals(STORE_CREDIT) && order.order().get("customer_id").asInt() == 0) {
                    throw new ApiException(422, Api.v3(422, "Unable to provide store credit for a guest customer.", null));
                }
                sum = sum.add(amount);
                out.addObject().put("id", nextPaymentId + i).put("provider_id", provider).put("amount", amount)
                        .put("offline", p.path("offline").asBoolean(provider.equals(CUSTOM))).put("is_declined", false)
                        .put("declined_message", "");
            }
        }
        if (!invalid.isEmpty()) {
            throw Api.invalid(invalid);
        }
        if (sum.compareTo(total) != 0) {
            throw new ApiException(422, Api.v3(422, "The payments do not add up to the refund amount", Map.of("payments",
                    "the payments come to " + money(sum) + "; the refund comes to " + money(total))));
        }
        nextPaymentId += out.size();
        return out;
    }

    private ObjectNode option(String provider, String description, BigDecimal amount, boolean offline, String why) {
        return nodes.objectNode().put("provider_id", provider).put("provider_description", description).put("amount", amount)
                .put("offline", offline).put("offline_provider", offline).put("offline_reason", why);
    }

    /** What a product line cost before tax, after its discounts. */
    private static BigDecimal net(ObjectNode product) {
        BigDecimal net = OrderBook.money(product.get("total_ex_tax").asText());
        for (JsonNode d : product.path("applied_discounts")) {
            net = net.subtract(OrderBook.money(d.get("amount").asText()));
        }
        return net;
    }

    /** {@code part / whole} of {@code amount}, to the cent. */
    private static BigDecimal share(BigDecimal amount, int part, int whole) {
        return share(amount, BigDecimal.valueOf(part), BigDecimal.valueOf(whole));
    }

    private static BigDecimal share(BigDecimal amount, BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? BigDecimal.ZERO.setScale(2)
                : amount.multiply(part).divide(whole, 2, RoundingMode.HALF_UP);
    }

    /** A positive amount of at most two decimals, as {@code Amount} describes it; null when it is not one. */
    private static BigDecimal amount(JsonNode value) {
        if (!value.isNumber() || value.decimalValue().signum() <= 0 || value.decimalValue().stripTrailingZeros().scale() > 2) {
            return null;
        }
        return value.decimalValue().setScale(2, RoundingMode.UNNECESSARY);
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static Instant created(ObjectNode refund) {
        return OffsetDateTime.parse(refund.get("created").asText()).toInstant();
    }
}
