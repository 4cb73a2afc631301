package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The orders' refunds, made as {@code wc_create_refund} makes them and shown as {@code /orders/<id>/refunds}
 * shows them ({@code WC_REST_Order_Refunds_Controller}). A refund is an order of its own: its id comes from the
 * orders' sequence, its lines are negative copies of the order's items (quantity and totals below zero, the
 * original item in {@code _refunded_item_id}), and its tax lines sum their taxes per rate. Not thread-safe:
 * {@link OrderBook} calls it under its lock.
 */
final class OrderRefunds {

    /** The user WooCommerce records as {@code refunded_by}: the shop manager owning the API keys. */
    static final int API_USER_ID = 1;
    /** The demo store's gateways that refund through their API ({@code supports('refunds')}), and those that cannot. */
    static final Set<String> REFUNDING_GATEWAYS = Set.of("stripe", "paypal");
    static final Set<String> MANUAL_GATEWAYS = Set.of("bacs", "cheque", "cod");
    /** The arguments WordPress checks on {@code POST /orders/<id>/refunds}, the writable ones of the refund schema. */
    private static final Map<String, WpArgs.Arg> ARGS = new LinkedHashMap<>();

    static {
        ARGS.put("amount", WpArgs.Arg.of(WpArgs.Type.STRING));
        ARGS.put("reason", WpArgs.Arg.of(WpArgs.Type.STRING));
        ARGS.put("refunded_by", WpArgs.Arg.of(WpArgs.Type.INTEGER));
        ARGS.put("meta_data", WpArgs.Arg.of(WpArgs.Type.ARRAY));
        ARGS.put("api_refund", WpArgs.Arg.of(WpArgs.Type.BOOLEAN));
        ARGS.put("api_restock", WpArgs.Arg.of(WpArgs.Type.BOOLEAN));
    }

    /**
     * One order item to refund: how many ({@code quantity}, or {@code qty}), the amount without tax
     * ({@code refund_total}, null when missing or not a number) and the tax per rate id ({@code refund_tax}).
     */
    record Line(int itemId, int quantity, BigDecimal total, Map<Integer, BigDecimal> taxes) {
    }

    /**
     * A refund request as {@code RestApiUtil::adjust_create_refund_request_parameters} leaves it. {@code amount}
     * is null when the client sent something that is not a number; without an amount it is the lines' totals and
     * taxes when every line has them, else zero.
     */
    record Request(BigDecimal amount, String reason, boolean refundPayment, boolean restock, List<Line> lines,
                   JsonNode metaData) {

        /** {@code wc_order_fully_refunded}: the rest of the order, refunded by hand, nothing restocked. */
        static Request rest(BigDecimal amount) {
            return new Request(amount, "Order fully refunded.", false, false, List.of(), JsonNodeFactory.instance.arrayNode());
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    /** Each order's refunds, oldest first; a refund as stored has its order's id in {@code order_id}. */
    private final Map<Integer, List<ObjectNode>> byOrder = new LinkedHashMap<>();
    private final Supplier<String> siteUrl;
    private final OrderTotals totals;
    private final IntSupplier itemIds;
    private final IntSupplier metaIds;

    OrderRefunds(Supplier<String> siteUrl, OrderTotals totals, IntSupplier itemIds, IntSupplier metaIds) {
        this.siteUrl = siteUrl;
        this.totals = totals;
        this.itemIds = itemIds;
        this.metaIds = metaIds;
    }

    /** Reads a {@code POST /orders/<id>/refunds} body, refusing arguments of the wrong type as WordPress does. */
    static Request parse(JsonNode body) {
        WpArgs.check(body, ARGS);
        List<Line> lines = new ArrayList<>();
        boolean linesPriced = body.path("line_items").isArray() && !body.path("line_items").isEmpty();
        for (JsonNode item : body.path("line_items")) {
            BigDecimal id = number(item.get("id"));
            if (id == null) {
                continue;
            }
            JsonNode quantity = item.has("quantity") ? item.get("quantity") : item.get("qty");
            BigDecimal count = number(quantity);
            BigDecimal total = number(item.get("refund_total"));
            Map<Integer, BigDecimal> taxes = new TreeMap<>();
            boolean taxesNumeric = taxes(item.get("refund_tax"), taxes);
            linesPriced &= total != null && taxesNumeric;
            lines.add(new Line(id.intValue(), count == null ? 0 : count.intValue(), total, taxes));
        }
        BigDecimal amount;
        if (body.hasNonNull("amount")) {
            amount = number(body.get("amount"));
        } else if (linesPriced) {
            amount = BigDecimal.ZERO;
            for (Line line : lines) {
                amount = amount.add(line.total());
                for (BigDecimal tax : line.taxes().values()) {
                    amount = amount.add(tax);
                }
            }
        } else {
            // wc_create_refund then refunds nothing: a refund of 0.00 (that may still restock its lines)
            amount = BigDecimal.ZERO;
        }
        return new Request(amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP), body.path("reason").asText(""),
                flag(body.get("api_refund")), flag(body.get("api_restock")), lines, body.path("meta_data"));
    }

    /**
     * Why the order's payment gateway cannot refund through its API ({@code wc_refund_payment}), or null when
     * it can: Stripe and PayPal refund the charge named by the order's {@code transaction_id}.
     */
    static String paymentRefundProblem(JsonNode order) {
        String gateway = order.path("payment_method").asText("");
        if (REFUNDING_GATEWAYS.contains(gateway)) {
            return order.path("transaction_id").asText("").isEmpty()
                    ? "An error occurred while attempting to create the refund using the payment gateway API." : null;
        }
        return MANUAL_GATEWAYS.contains(gateway) ? "The payment gateway for this order does not support automatic refunds."
                : "The payment gateway for this order does not exist.";
    }

    /**
     * Records a refund of the order: the lines of the request that name the order's items (product, shipping
     * and fee lines, in that order) and ask for a quantity, an amount or a tax; the others are skipped, as
     * {@code wc_create_refund} skips them. Answers the refund as stored.
     */
    ObjectNode add(int orderId, JsonNode order, int refundId, Request request, Instant when) {
        Map<Integer, Line> wanted = new LinkedHashMap<>();
        request.lines().forEach(line -> wanted.put(line.itemId(), line));
        ObjectNode refund = nodes.objectNode();
        refund.put("id", refundId);
        refund.put("order_id", orderId);
        refund.put("date_created", OrderBook.date(when));
        refund.put("date_created_gmt", OrderBook.date(when));
        refund.put("amount", OrderTotals.text(request.amount()));
        refund.put("reason", request.reason());
        refund.put("refunded_by", API_USER_ID);
        // the gateway refunded it: the order book asks the gateway first and makes no refund it refuses
        refund.put("refunded_payment", request.refundPayment());
        ArrayNode meta = refund.putArray("meta_data");
        for (JsonNode entry : request.metaData()) {
            if (entry.isObject() && entry.hasNonNull("key")) {
                meta.addObject().put("id", metaIds.getAsInt()).put("key", entry.get("key").asText()).set("value", entry.path("value"));
            }
        }
        ArrayNode lineItems = refund.putArray("line_items");
        ArrayNode shippingLines = refund.putArray("shipping_lines");
        ArrayNode taxLines = refund.putArray("tax_lines");
        ArrayNode feeLines = refund.putArray("fee_lines");
        Map<Integer, BigDecimal[]> rates = new TreeMap<>();
        for (String kind : List.of("line_items", "fee_lines", "shipping_lines")) {
            for (JsonNode item : order.path(kind)) {
                Line line = wanted.get(item.get("id").asInt());
                if (line == null || line.quantity() == 0 && amountOf(line).signum() == 0 && line.taxes().isEmpty()) {
                    continue;
                }
                ObjectNode out = refundedItem(kind, item, line);
                (kind.equals("line_items") ? lineItems : kind.equals("fee_lines") ? feeLines : shippingLines).add(out);
                // per rate: the items' tax and, apart, the shipping's
                int column = kind.equals("shipping_lines") ? 1 : 0;
                for (Map.Entry<Integer, BigDecimal> tax : line.taxes().entrySet()) {
                    BigDecimal[] sums = rates.computeIfAbsent(tax.getKey(), r -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                    sums[column] = sums[column].subtract(tax.getValue().abs());
                }
            }
        }
        // WC_Order::update_taxes: one tax line per rate the refund's items carry
        rates.forEach((rate, sums) -> taxLines.add(totals.taxLine(rate, sums[0], sums[1])));
        byOrder.computeIfAbsent(orderId, k -> new ArrayList<>()).add(refund);
        return refund;
    }

    /** The order's refunds newest first, as {@code GET /orders/<id>/refunds} shows them. */
    List<ObjectNode> list(int orderId) {
        List<ObjectNode> out = new ArrayList<>();
        List<ObjectNode> refunds = byOrder.getOrDefault(orderId, List.of());
        for (int i = refunds.size() - 1; i >= 0; i--) {
            out.add(view(refunds.get(i)));
        }
        return out;
    }

    /** The order's {@code refunds}: {@code {id, reason, total}} of each, newest first, the total negative. */
    ArrayNode summaries(int orderId) {
        ArrayNode out = nodes.arrayNode();
        List<ObjectNode> refunds = byOrder.getOrDefault(orderId, List.of());
        for (int i = refunds.size() - 1; i >= 0; i--) {
            ObjectNode refund = refunds.get(i);
            out.addObject().put("id", refund.get("id").asInt()).put("reason", refund.get("reason").asText())
                    .put("total", "-" + refund.get("amount").asText());
        }
        return out;
    }

    /** The refund with the id, whichever order it refunds; null when there is none. */
    ObjectNode find(int refundId) {
        for (List<ObjectNode> refunds : byOrder.values()) {
            for (ObjectNode refund : refunds) {
                if (refund.get("id").asInt() == refundId) {
                    return refund;
                }
            }
        }
        return null;
    }

    /** Deletes the refund for good; nothing it restocked or changed on its order is undone. */
    void remove(ObjectNode refund) {
        List<ObjectNode> refunds = byOrder.get(refund.get("order_id").asInt());
        if (refunds != null) {
            refunds.remove(refund);
        }
    }

    /** {@code get_total_refunded}: what the order's refunds took back. */
    BigDecimal refunded(int orderId) {
        BigDecimal sum = BigDecimal.ZERO;
        for (ObjectNode refund : byOrder.getOrDefault(orderId, List.of())) {
            sum = sum.add(new BigDecimal(refund.get("amount").asText()));
        }
        return sum;
    }

    /** {@code get_total_qty_refunded}: the items the order's refunds took back. */
    int refundedQuantity(int orderId) {
        int sum = 0;
        for (ObjectNode refund : byOrder.getOrDefault(orderId, List.of())) {
            for (JsonNode line : refund.get("line_items")) {
                sum -= line.get("quantity").asInt();
            }
        }
        return sum;
    }

    /** The refund as the API shows it, with its links. */
    ObjectNode view(ObjectNode refund) {
        ObjectNode out = refund.deepCopy();
        int orderId = out.remove("order_id").asInt();
        String order = siteUrl.get() + WooCommerceSandbox.API_PATH + "/orders/" + orderId;
        ObjectNode links = out.putObject("_links");
        links.putArray("self").addObject().put("href", order + "/refunds/" + refund.get("id").asInt());
        links.putArray("collection").addObject().put("href", order + "/refunds");
        links.putArray("up").addObject().put("href", order);
        return out;
    }

    ArrayNode snapshot() {
        ArrayNode all = nodes.arrayNode();
        byOrder.values().forEach(all::addAll);
        return all;
    }

    void restore(JsonNode snapshot) {
        byOrder.clear();
        for (JsonNode refund : snapshot) {
            byOrder.computeIfAbsent(refund.get("order_id").asInt(), k -> new ArrayList<>()).add((ObjectNode) refund);
        }
    }

    /**
     * A negative copy of an order item ({@code new $class( $item )} then the refund's amounts): the item's
     * name and product, its quantity below zero, total and subtotal the refunded amount below zero, taxes the
     * refunded taxes below zero, and as its only meta the original item's id. Shipping and fee taxes have no
     * subtotal, as on the order.
     */
    private ObjectNode refundedItem(String kind, JsonNode item, Line line) {
        ObjectNode out = nodes.objectNode();
        out.put("id", itemIds.getAsInt());
        BigDecimal total = amountOf(line).abs().negate();
        BigDecimal tax = BigDecimal.ZERO;
        ArrayNode taxes = nodes.arrayNode();
        for (Map.Entry<Integer, BigDecimal> rate : line.taxes().entrySet()) {
            BigDecimal amount = rate.getValue().abs().negate();
            tax = tax.add(amount);
            taxes.addObject().put("id", rate.getKey()).put("total", OrderTotals.text(amount))
                    .put("subtotal", kind.equals("line_items") ? OrderTotals.text(amount) : "");
        }
        switch (kind) {
            case "line_items" -> {
                out.put("name", item.path("name").asText());
                out.put("product_id", item.path("product_id").asInt());
                out.put("variation_id", item.path("variation_id").asInt());
                out.put("quantity", -line.quantity());
                out.put("tax_class", item.path("tax_class").asText(""));
                out.put("subtotal", OrderTotals.text(total));
                out.put("subtotal_tax", OrderTotals.text(tax));
            }
            case "fee_lines" -> {
                out.put("name", item.path("name").asText());
                out.put("tax_class", item.path("tax_class").asText(""));
                out.put("tax_status", item.path("tax_status").asText("taxable"));
            }
            default -> {
                out.put("method_title", item.path("method_title").asText());
                out.put("method_id", item.path("method_id").asText());
            }
        }
        out.put("total", OrderTotals.text(total));
        out.put("total_tax", OrderTotals.text(tax));
        out.set("taxes", taxes);
        String original = Integer.toString(item.get("id").asInt());
        out.putArray("meta_data").addObject().put("id", metaIds.getAsInt()).put("key", "_refunded_item_id").put("value", original)
                .put("display_key", "_refunded_item_id").put("display_value", original);
        if (kind.equals("line_items")) {
            out.put("sku", item.path("sku").asText(""));
            // total / quantity in PHP floats, as for the order's lines: two negatives make the price positive
            out.put("price", line.quantity() == 0 ? 0 : total.doubleValue() / -line.quantity());
        }
        return out;
    }

    private static BigDecimal amountOf(Line line) {
        return line.total() == null ? BigDecimal.ZERO : line.total().setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * {@code refund_tax} as {@code [{"id": rate, "refund_total": amount}]} (or already as {@code {rate: amount}}):
     * the numeric amounts by rate id; false when some amount is not a number.
     */
    private static boolean taxes(JsonNode refundTax, Map<Integer, BigDecimal> out) {
        if (refundTax == null || refundTax.isNull()) {
            return true;
        }
        boolean numeric = true;
        if (refundTax.isArray()) {
            for (JsonNode tax : refundTax) {
                BigDecimal rate = number(tax.get("id"));
                BigDecimal amount = number(tax.get("refund_total"));
                if (rate != null && amount != null) {
                    out.put(rate.intValue(), amount.setScale(2, RoundingMode.HALF_UP));
                } else {
                    numeric = false;
                }
            }
        } else if (refundTax.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = refundTax.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> tax = it.next();
                BigDecimal amount = number(tax.getValue());
                if (amount != null && tax.getKey().matches("\\d+")) {
                    out.put(Integer.parseInt(tax.getKey()), amount.setScale(2, RoundingMode.HALF_UP));
                } else {
                    numeric = false;
                }
            }
        }
        return numeric;
    }

    /** A JSON number or a numeric string, as PHP's {@code is_numeric} takes it; else null. */
    private static BigDecimal number(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** {@code api_refund} and {@code api_restock}: true unless a boolean WordPress reads as false was sent. */
    private static boolean flag(JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        return !(value.isBoolean() ? !value.asBoolean() : List.of("false", "0", "").contains(value.asText().toLowerCase()));
    }
}
