package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The simulated store's orders, in the shapes of WooCommerce's REST API v3 ({@code /wp-json/wc/v3}).
 * Dates are site-local without offset ({@code 2017-03-22T16:28:02}) in a site whose timezone is UTC,
 * so each {@code _gmt} twin carries the same value; like MySQL's DATETIME they keep whole seconds only.
 * Status changes move the catalogue's stock as WooCommerce's stock functions do: an order reaching
 * processing, completed or on-hold reduces the stock of each product line that manages stock, once, and
 * marks the line {@code _reduced_stock}; back to pending or cancelled, what was reduced is restored.
 * Refunds are made as {@code wc_create_refund} makes them ({@link OrderRefunds}): never more than remains,
 * through the payment gateway when asked, restocking the lines they name, and a refund of the whole order
 * makes it refunded. WooCommerce's own notes follow each status change, stock change and restock
 * ({@link OrderNotes}).
 */
final class OrderBook {

    static final String WC_VERSION = "9.4.2";
    static final DateTimeFormatter WP_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    static final List<String> STATUSES = List.of("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed");
    /** Statuses from which {@code set_paid} moves an order to processing (payment_complete). */
    private static final Set<String> AWAITING_PAYMENT = Set.of("pending", "on-hold", "failed", "cancelled");
    /** {@code wc_maybe_reduce_stock_levels} and {@code wc_update_total_sales_counts} run on these statuses. */
    private static final Set<String> REDUCES_STOCK = Set.of("processing", "completed", "on-hold");
    /** {@code wc_maybe_increase_stock_levels} runs on these. */
    private static final Set<String> RESTORES_STOCK = Set.of("pending", "cancelled");
    /** {@code wc_get_order_statuses}: the names status-change notes give the statuses. */
    private static final Map<String, String> STATUS_NAMES = Map.of("pending", "Pending payment", "processing", "Processing",
            "on-hold", "On hold", "completed", "Completed", "cancelled", "Cancelled", "refunded", "Refunded", "failed", "Failed");
    /** The arguments WordPress checks on {@code POST /orders/<id>/notes}, in its schema's order. */
    private static final Map<String, WpArgs.Arg> NOTE_ARGS = new LinkedHashMap<>();

    static {
        NOTE_ARGS.put("note", WpArgs.Arg.of(WpArgs.Type.STRING));
        NOTE_ARGS.put("customer_note", WpArgs.Arg.of(WpArgs.Type.BOOLEAN));
        NOTE_ARGS.put("added_by_user", WpArgs.Arg.of(WpArgs.Type.BOOLEAN));
    }

    private static final Map<String, String> CURRENCY_SYMBOLS = Map.of("USD", "$", "CAD", "$", "EUR", "€", "GBP", "£",
            "JPY", "¥");
    private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** Who placed the order: a shopper at the checkout, or a client of the REST API. */
    enum Origin {
        CHECKOUT("checkout"), REST_API("rest-api");

        final String createdVia;

        Origin(String createdVia) {
            this.createdVia = createdVia;
        }
    }

    /** The list filters of {@code GET /orders}; a null bound or status set means no filter. */
    record Query(Set<String> statuses, Integer customer, Instant after, Instant before, Instant modifiedAfter,
                 Instant modifiedBefore, String orderBy, boolean descending) {
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<Integer, ObjectNode> orders = new LinkedHashMap<>();
    /** Orders whose stock is reduced (the order's {@code _order_stock_reduced}), and those counted in total_sales. */
    private final Set<Integer> stockReduced = new LinkedHashSet<>();
    private final Set<Integer> salesRecorded = new LinkedHashSet<>();
    private final ProductCatalog catalog;
    private final Clock clock;
    private final OrderTotals totals;
    private final OrderNotes notes;
    private final OrderRefunds refunds;
    private final Random random;
    private final Supplier<String> siteUrl;
    private int nextOrderId = 1001;
    private int nextItemId = 1;
    private int nextMetaId = 1;
    private Instant lastModified = Instant.EPOCH;

    OrderBook(Clock clock, BigDecimal taxRate, long seed, Supplier<String> siteUrl, ProductCatalog catalog) {
        this.clock = clock;
        this.catalog = catalog;
        this.totals = new OrderTotals(taxRate, catalog, () -> nextItemId++, () -> nextMetaId++);
        this.notes = new OrderNotes(siteUrl);
        this.refunds = new OrderRefunds(siteUrl, totals, () -> nextItemId++, () -> nextMetaId++);
        this.random = new Random(seed);
        this.siteUrl = siteUrl;
    }

    synchronized ObjectNode create(JsonNode body, Origin origin) {
        if (!body.isObject()) {
            throw new RestError(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        String status = status(body.path("status").asText("pending"));
        int customerId = body.path("customer_id").asInt(0);
        if (customerId < 0) {
            throw RestError.invalidParam("customer_id", "customer_id must be greater than or equal to 0");
        }
        OrderTotals.Priced priced = totals.price(body);
        if (origin == Origin.CHECKOUT) {
            checkStock(priced.lineItems());
        }
        if (body.path("set_paid").asBoolean(false) && AWAITING_PAYMENT.contains(status)) {
            status = "processing";
        }
        int id = nextOrderId++;
        Instant now = tick();
        String orderKey = "wc_order_" + randomKey();
        boolean checkout = origin == Origin.CHECKOUT;

        ObjectNode order = nodes.objectNode();
        order.put("id", id);
        order.put("parent_id", 0);
        order.put("number", Integer.toString(id));
        order.put("order_key", orderKey);
        order.put("created_via", origin.createdVia);
        order.put("version", WC_VERSION);
        order.put("status", status);
        // the store sells in dollars; a REST client (or a currency switcher plugin) may set another
        String currency = body.path("currency").asText("USD");
        if (!currency.matches("[A-Z]{3}")) {
            throw RestError.invalidParam("currency", "currency is not an ISO 4217 code.");
        }
        order.put("currency", currency);
        order.put("date_created", date(now));
        order.put("date_created_gmt", date(now));
        order.put("date_modified", date(now));
        order.put("date_modified_gmt", date(now));
        order.put("discount_total", OrderTotals.text(priced.discountTotal()));
        order.put("discount_tax", OrderTotals.text(priced.discountTax()));
        order.put("shipping_total", OrderTotals.text(priced.shippingTotal()));
        order.put("shipping_tax", OrderTotals.text(priced.shippingTax()));
        order.put("cart_tax", OrderTotals.text(priced.cartTax()));
        order.put("total", OrderTotals.text(priced.total()));
        order.put("total_tax", OrderTotals.text(priced.totalTax()));
        order.put("prices_include_tax", false);
        order.put("customer_id", customerId);
        // the checkout records the shopper's connection; the REST API leaves both empty
        order.put("customer_ip_address", checkout ? body.path("customer_ip_address").asText("") : "");
        order.put("customer_user_agent", checkout ? body.path("customer_user_agent").asText("") : "");
        order.put("customer_note", body.path("customer_note").asText(""));
        order.set("billing", address(body.path("billing"), true));
        order.set("shipping", address(body.path("shipping"), false));
        order.put("payment_method", body.path("payment_method").asText(""));
        order.put("payment_method_title", body.path("payment_method_title").asText(""));
        order.put("transaction_id", body.path("transaction_id").asText(""));
        order.putNull("date_paid");
        order.putNull("date_paid_gmt");
        order.putNull("date_completed");
        order.putNull("date_completed_gmt");
        order.put("cart_hash", checkout ? md5(priced.lineItems().toString()) : "");
        ArrayNode meta = order.putArray("meta_data");
        if (checkout) {
            meta.addObject().put("id", nextMetaId++).put("key", "is_vat_exempt").put("value", "no");
        }
        mergeMeta(meta, body.path("meta_data"));
        order.set("line_items", priced.lineItems());
        order.set("tax_lines", priced.taxLines());
        order.set("shipping_lines", priced.shippingLines());
        order.set("fee_lines", priced.feeLines());
        order.set("coupon_lines", priced.couponLines());
        order.putArray("refunds");
        order.put("payment_url", siteUrl.get() + "/checkout/order-pay/" + id + "/?pay_for_order=true&key=" + orderKey);
        order.put("is_editable", false);
        order.put("needs_payment", false);
        order.put("needs_processing", true);
        order.put("currency_symbol", CURRENCY_SYMBOLS.getOrDefault(currency, currency));
        ObjectNode links = order.putObject("_links");
        links.putArray("self").addObject().put("href", siteUrl.get() + WooCommerceSandbox.API_PATH + "/orders/" + id);
        links.putArray("collection").addObject().put("href", siteUrl.get() + WooCommerceSandbox.API_PATH + "/orders");
        if (customerId != 0) {
            links.putArray("customer").addObject().put("href", siteUrl.get() + WooCommerceSandbox.API_PATH + "/customers/" + customerId);
        }
        applyStatus(order, status, now);
        orders.put(id, order);
        // a new order is pending until saved with its status
        transition(id, order, "pending", status, now);
        return order.deepCopy();
    }

    synchronized Optional<ObjectNode> get(int id) {
        return Optional.ofNullable(orders.get(id)).map(ObjectNode::deepCopy);
    }

    /**
     * Applies a {@code PUT /orders/{id}}: status (and {@code set_paid}), addresses, note, payment
     * details, customer and meta data. Changing items is beyond the sandbox and answered 400.
     */
    synchronized Optional<ObjectNode> update(int id, JsonNode put) {
        ObjectNode order = orders.get(id);
        if (order == null) {
            return Optional.empty();
        }
        for (String items : List.of("line_items", "shipping_lines", "fee_lines", "coupon_lines")) {
            if (put.has(items)) {
                throw new RestError(400, "sandbox_unsupported", "The sandbox does not change an order's " + items + ".");
            }
        }
        String previous = order.get("status").asText();
        String status = put.has("status") ? status(put.get("status").asText()) : previous;
        if (put.path("set_paid").asBoolean(false) && AWAITING_PAYMENT.contains(status)) {
            status = "processing";
        }
        for (String field : List.of("billing", "shipping")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = put.path(field).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> value = it.next();
                if (order.get(field).has(value.getKey())) {
                    ((ObjectNode) order.get(field)).put(value.getKey(), value.getValue().asText());
                }
            }
        }
        for (String field : List.of("customer_note", "payment_method", "payment_method_title", "transaction_id")) {
            if (put.has(field)) {
                order.put(field, put.get(field).asText());
            }
        }
        if (put.has("customer_id")) {
            order.put("customer_id", put.get("customer_id").asInt());
        }
        mergeMeta((ArrayNode) order.get("meta_data"), put.path("meta_data"));
        Instant now = tick();
        order.put("date_modified", date(now));
        order.put("date_modified_gmt", date(now));
        applyStatus(order, status, now);
        transition(id, order, previous, status, now);
        return Optional.of(order.deepCopy());
    }

    /** The order's status; null when there is no such order. */
    synchronized String status(int id) {
        ObjectNode order = orders.get(id);
        return order == null ? null : order.get("status").asText();
    }

    // ---------------------------------------------------------------- refunds

    /**
     * {@code POST /orders/<id>/refunds}: refuses a negative amount (400) and, as {@code wc_create_refund} does,
     * more than remains to refund or a payment the gateway cannot refund (500
     * {@code woocommerce_rest_cannot_create_order_refund}); answers the refund as the API shows it.
     */
    synchronized ObjectNode refund(int orderId, OrderRefunds.Request request) {
        ObjectNode order = orders.get(orderId);
        if (order == null) {
            throw new RestError(404, "woocommerce_rest_invalid_order_id", "Invalid order ID.");
        }
        if (request.amount() != null && request.amount().signum() < 0) {
            throw new RestError(400, "woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.");
        }
        return refunds.view(createRefund(orderId, order, request));
    }

    /** The order's refunds, newest first; null when there is no such order. */
    synchronized List<ObjectNode> refunds(int orderId) {
        return orders.containsKey(orderId) ? refunds.list(orderId) : null;
    }

    /**
     * The refund as {@code GET /orders/<id>/refunds/<refund_id>} answers it: 404 for an id that is nothing
     * ({@code woocommerce_rest_shop_order_refund_invalid_id}), an unknown order, or a refund of another order.
     */
    synchronized ObjectNode refund(int orderId, int refundId) {
        return refunds.view(ownRefund(orderId, refundId, true));
    }

    /**
     * Deletes a refund for good, as {@code DELETE /orders/<id>/refunds/<refund_id>} does ({@code force} is
     * true unless sent false: refunds cannot be trashed, 501): the order no longer lists it, and what it refunded
     * may be refunded again; stock it put back, and a refunded status, stay.
     */
    synchronized ObjectNode deleteRefund(int orderId, int refundId, boolean force) {
        ObjectNode refund = ownRefund(orderId, refundId, force);
        refunds.remove(refund);
        orders.get(orderId).set("refunds", refunds.summaries(orderId));
        return refunds.view(refund);
    }

    private ObjectNode ownRefund(int orderId, int refundId, boolean force) {
        ObjectNode refund = refunds.find(refundId);
        if (refund == null && !orders.containsKey(refundId)) {
            throw new RestError(404, "woocommerce_rest_shop_order_refund_invalid_id", "Invalid ID.");
        }
        if (!force) {
            throw new RestError(501, "woocommerce_rest_trash_not_supported", "The shop_order_refund does not support trashing.");
        }
        if (!orders.containsKey(orderId)) {
            throw new RestError(404, "woocommerce_rest_invalid_order_id", "Invalid order ID.");
        }
        if (refund == null || refund.get("order_id").asInt() != orderId) {
            throw new RestError(404, "woocommerce_rest_invalid_order_refund_id", "Invalid order refund ID.");
        }
        return refund;
    }

    /**
     * {@code wc_create_refund}: the amount checked against what remains, a refund id from the orders' sequence,
     * the payment refunded through the gateway when asked (a refusal leaves nothing but the used id), the lines
     * restocked when asked, and the order refunded once nothing remains.
     */
    private ObjectNode createRefund(int orderId, ObjectNode order, OrderRefunds.Request request) {
        BigDecimal remaining = new BigDecimal(order.get("total").asText()).subtract(refunds.refunded(orderId));
        if (request.amount() == null || request.amount().compareTo(remaining) > 0) {
            throw new RestError(500, "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.");
        }
        int remainingItems = quantity(order) - refunds.refundedQuantity(orderId);
        int id = nextOrderId++;
        if (request.refundPayment()) {
            String problem = OrderRefunds.paymentRefundProblem(order);
            if (problem != null) {
                throw new RestError(500, "woocommerce_rest_cannot_create_order_refund", problem);
            }
        }
        Instant now = tick();
        ObjectNode refund = refunds.add(orderId, order, id, request, now);
        if (request.restock()) {
            restock(orderId, order, request.lines(), now);
        }
        int refundedItems = 0;
        for (JsonNode line : refund.get("line_items")) {
            refundedItems -= line.get("quantity").asInt();
        }
        order.set("refunds", refunds.summaries(orderId));
        order.put("date_modified", date(now));
        order.put("date_modified_gmt", date(now));
        boolean partly = remaining.subtract(request.amount()).signum() > 0
                || !request.lines().isEmpty() && hasFreeItem(order) && remainingItems - refundedItems > 0;
        String status = order.get("status").asText();
        if (!partly && !status.equals("refunded")) {
            applyStatus(order, "refunded", now);
            transition(orderId, order, status, "refunded", now);
        }
        return refund;
    }

    /**
     * {@code wc_restock_refunded_items}: each refunded product line with a quantity, whose stock the order
     * reduced ({@code _reduced_stock}) and whose product manages stock, goes back into stock; the line keeps
     * what stays reduced and counts what was restocked ({@code _restock_refunded_items}), with a note.
     */
    private void restock(int orderId, ObjectNode order, List<OrderRefunds.Line> lines, Instant now) {
        Map<Integer, Integer> quantities = new LinkedHashMap<>();
        lines.forEach(line -> quantities.put(line.itemId(), line.quantity()));
        for (JsonNode item : order.get("line_items")) {
            Integer quantity = quantities.get(item.get("id").asInt());
            ObjectNode reduced = meta(item, "_reduced_stock");
            if (quantity == null || quantity == 0 || reduced == null || reduced.path("value").asInt(0) == 0) {
                continue;
            }
            Integer stock = catalog.changeStock(postId(item), quantity);
            if (stock == null) {
                continue;
            }
            String left = Integer.toString(reduced.path("value").asInt() - quantity);
            reduced.put("value", left).put("display_value", left);
            ObjectNode restocked = meta(item, "_restock_refunded_items");
            if (restocked == null) {
                restocked = ((ArrayNode) item.get("meta_data")).addObject().put("id", nextMetaId++).put("key", "_restock_refunded_items")
                        .put("value", "0").put("display_key", "_restock_refunded_items").put("display_value", "0");
            }
            String count = Integer.toString(restocked.path("value").asInt() + quantity);
            restocked.put("value", count).put("display_value", count);
            notes.add(orderId, "Item #" + postId(item) + " stock increased from " + (stock - quantity) + " to " + stock + ".",
                    false, false, now);
        }
    }

    /**
     * {@code wc_order_fully_refunded}, run when an order becomes refunded: what no refund has taken back yet is
     * refunded by hand, with WooCommerce's note.
     */
    private void refundTheRest(int orderId, ObjectNode order, Instant now) {
        BigDecimal rest = new BigDecimal(order.get("total").asText()).subtract(refunds.refunded(orderId));
        if (rest.signum() <= 0) {
            return;
        }
        createRefund(orderId, order, OrderRefunds.Request.rest(rest));
        notes.add(orderId, "Order status set to refunded. To return funds to the customer you will need to issue a refund "
                + "through your payment gateway.", false, false, now);
    }

    private static int quantity(JsonNode order) {
        int sum = 0;
        for (JsonNode line : order.get("line_items")) {
            sum += line.get("quantity").asInt();
        }
        return sum;
    }

    /** {@code has_free_item}: a product line that cost nothing. */
    private static boolean hasFreeItem(JsonNode order) {
        for (JsonNode line : order.get("line_items")) {
            if (new BigDecimal(line.get("total").asText()).signum() == 0) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- notes

    /**
     * {@code POST /orders/<id>/notes}: {@code note} is required and a string, {@code customer_note} and
     * {@code added_by_user} booleans (false by default); answers the note as the API shows it.
     */
    synchronized ObjectNode addNote(int orderId, JsonNode body) {
        if (!body.hasNonNull("note")) {
            throw RestError.missingParam("note");
        }
        WpArgs.check(body, NOTE_ARGS);
        if (body.hasNonNull("id") && body.get("id").asInt() != 0) {
            throw new RestError(400, "woocommerce_rest_shop_order_exists", "Cannot create existing shop_order.");
        }
        if (!orders.containsKey(orderId)) {
            throw new RestError(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
        }
        return notes.add(orderId, body.get("note").asText(), flag(body.get("customer_note")), flag(body.get("added_by_user")),
                tick());
    }

    /** The order's notes newest first ({@code type} any, customer or internal); null when there is no such order. */
    synchronized List<ObjectNode> notes(int orderId, String type) {
        return orders.containsKey(orderId) ? notes.list(orderId, type) : null;
    }

    /** The order's note; 404 {@code woocommerce_rest_order_invalid_id} or {@code woocommerce_rest_invalid_id}. */
    synchronized ObjectNode note(int orderId, int noteId) {
        return ownNote(orderId, noteId, false);
    }

    synchronized ObjectNode deleteNote(int orderId, int noteId) {
        return ownNote(orderId, noteId, true);
    }

    private ObjectNode ownNote(int orderId, int noteId, boolean delete) {
        if (!orders.containsKey(orderId)) {
            throw new RestError(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
        }
        ObjectNode note = delete ? notes.delete(orderId, noteId) : notes.get(orderId, noteId);
        if (note == null) {
            throw new RestError(404, "woocommerce_rest_invalid_id", "Invalid resource ID.");
        }
        return note;
    }

    /** A boolean argument as WordPress sanitises it; absent is false. */
    private static boolean flag(JsonNode value) {
        return value != null && (value.isBoolean() ? value.asBoolean() : List.of("true", "1").contains(value.asText().toLowerCase()));
    }

    /** Orders matching the filters, sorted; ties keep id order in the same direction. */
    synchronized List<ObjectNode> list(Query query) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode order : orders.values()) {
            Instant created = instant(order, "date_created_gmt");
            Instant modified = instant(order, "date_modified_gmt");
            // WP_Date_Query: "after" and "before" are exclusive, compared in whole seconds
            if ((query.statuses() == null || query.statuses().contains(order.get("status").asText()))
                    && (query.customer() == null || query.customer() == order.get("customer_id").asInt())
                    && (query.after() == null || created.isAfter(query.after()))
                    && (query.before() == null || created.isBefore(query.before()))
                    && (query.modifiedAfter() == null || modified.isAfter(query.modifiedAfter()))
                    && (query.modifiedBefore() == null || modified.isBefore(query.modifiedBefore()))) {
                out.add(order.deepCopy());
            }
        }
        Comparator<ObjectNode> byId = Comparator.comparingInt(o -> o.get("id").asInt());
        Comparator<ObjectNode> sort = switch (query.orderBy()) {
            case "id" -> byId;
            case "modified" -> Comparator.comparing((ObjectNode o) -> instant(o, "date_modified_gmt")).thenComparing(byId);
            default -> Comparator.comparing((ObjectNode o) -> instant(o, "date_created_gmt")).thenComparing(byId);
        };
        out.sort(query.descending() ? sort.reversed() : sort);
        return out;
    }

    synchronized int size() {
        return orders.size();
    }

    /** Everything, for the sandbox's state file. */
    synchronized ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        out.put("nextOrderId", nextOrderId);
        out.put("nextItemId", nextItemId);
        out.put("nextMetaId", nextMetaId);
        ArrayNode list = out.putArray("orders");
        orders.values().forEach(list::add);
        stockReduced.forEach(out.putArray("stockReduced")::add);
        salesRecorded.forEach(out.putArray("salesRecorded")::add);
        out.set("refunds", refunds.snapshot());
        out.set("notes", notes.snapshot());
        return out;
    }

    synchronized void restore(JsonNode snapshot) {
        orders.clear();
        nextOrderId = snapshot.path("nextOrderId").asInt(1001);
        nextItemId = snapshot.path("nextItemId").asInt(1);
        nextMetaId = snapshot.path("nextMetaId").asInt(1);
        stockReduced.clear();
        snapshot.path("stockReduced").forEach(id -> stockReduced.add(id.asInt()));
        salesRecorded.clear();
        snapshot.path("salesRecorded").forEach(id -> salesRecorded.add(id.asInt()));
        refunds.restore(snapshot.path("refunds"));
        notes.restore(snapshot.path("notes"));
        for (JsonNode order : snapshot.path("orders")) {
            orders.put(order.get("id").asInt(), (ObjectNode) order);
            Instant modified = instant(order, "date_modified_gmt");
            if (modified.isAfter(lastModified)) {
                lastModified = modified;
            }
        }
    }

    static String date(Instant instant) {
        return WP_DATE.format(instant);
    }

    /**
     * Sets the status and what follows from it, as WooCommerce's status transition does: the paid date
     * when the order first reaches processing or completed, the completed date on completion.
     */
    private void applyStatus(ObjectNode order, String status, Instant now) {
        order.put("status", status);
        if ((status.equals("processing") || status.equals("completed")) && order.get("date_paid").isNull()) {
            order.put("date_paid", date(now));
            order.put("date_paid_gmt", date(now));
        }
        if (status.equals("completed") && order.get("date_completed").isNull()) {
            order.put("date_completed", date(now));
            order.put("date_completed_gmt", date(now));
        }
        order.put("is_editable", status.equals("pending") || status.equals("on-hold"));
        order.put("needs_payment", (status.equals("pending") || status.equals("failed"))
                && new BigDecimal(order.get("total").asText()).signum() > 0);
    }

    /**
     * What WooCommerce does once an order has moved from one status to another: the new status's hooks (stock,
     * and for refunded {@code wc_order_fully_refunded}), then the note "Order status changed from … to …".
     */
    private void transition(int id, ObjectNode order, String from, String to, Instant now) {
        if (from.equals(to)) {
            return;
        }
        moveStock(id, order, from, to, now);
        if (to.equals("refunded")) {
            refundTheRest(id, order, now);
        }
        notes.add(id, "Order status changed from " + STATUS_NAMES.get(from) + " to " + STATUS_NAMES.get(to) + ".", false, false, now);
    }

    /**
     * What WooCommerce's status hooks do to stock when an order moves from one status to another: reduce it
     * once when the order reaches processing, completed or on-hold (each line of a product managing stock,
     * or whose parent does, then carries {@code _reduced_stock}), restore what was reduced when it goes back
     * to pending or is cancelled, each with a note of the stock levels; total_sales counts the order's
     * quantities once, until it is cancelled.
     */
    private void moveStock(int id, ObjectNode order, String from, String to, Instant now) {
        if (REDUCES_STOCK.contains(to) && stockReduced.add(id)) {
            List<String> changes = new ArrayList<>();
            for (JsonNode line : order.get("line_items")) {
                int quantity = line.get("quantity").asInt();
                Integer stock = catalog.changeStock(postId(line), -quantity);
                if (stock != null) {
                    ((ArrayNode) line.get("meta_data")).addObject().put("id", nextMetaId++).put("key", "_reduced_stock")
                            .put("value", Integer.toString(quantity)).put("display_key", "_reduced_stock")
                            .put("display_value", Integer.toString(quantity));
                    changes.add(stockChange(line, stock + quantity, stock));
                }
            }
            if (!changes.isEmpty()) {
                notes.add(id, "Stock levels reduced: " + String.join(", ", changes), false, false, now);
            }
        } else if (RESTORES_STOCK.contains(to) && stockReduced.remove(id)) {
            List<String> changes = new ArrayList<>();
            for (JsonNode line : order.get("line_items")) {
                for (Iterator<JsonNode> meta = line.get("meta_data").iterator(); meta.hasNext(); ) {
                    JsonNode entry = meta.next();
                    if (entry.path("key").asText().equals("_reduced_stock")) {
                        int quantity = entry.path("value").asInt();
                        Integer stock = catalog.changeStock(postId(line), quantity);
                        if (stock != null) {
                            changes.add(stockChange(line, stock - quantity, stock));
                        }
                        meta.remove();
                    }
                }
            }
            if (!changes.isEmpty()) {
                notes.add(id, "Stock levels increased: " + String.join(", ", changes), false, false, now);
            }
        }
        if (REDUCES_STOCK.contains(to) && salesRecorded.add(id) || to.equals("cancelled") && salesRecorded.remove(id)) {
            int sign = to.equals("cancelled") ? -1 : 1;
            for (JsonNode line : order.get("line_items")) {
                catalog.addSales(line.get("product_id").asInt(), sign * line.get("quantity").asInt());
            }
        }
    }

    /** A stock change as WooCommerce's notes write it: the product's formatted name, then old&rarr;new. */
    private static String stockChange(JsonNode line, int from, int to) {
        String sku = line.path("sku").asText("");
        return line.path("name").asText() + " (" + (sku.isEmpty() ? "#" + postId(line) : sku) + ") " + from + "&rarr;" + to;
    }

    private static ObjectNode meta(JsonNode item, String key) {
        for (JsonNode entry : item.path("meta_data")) {
            if (entry.path("key").asText().equals(key)) {
                return (ObjectNode) entry;
            }
        }
        return null;
    }

    private static int postId(JsonNode line) {
        int variation = line.path("variation_id").asInt();
        return variation != 0 ? variation : line.path("product_id").asInt();
    }

    /** A shopper cannot check out what the cart refuses: products out of stock, or too few of them. */
    private void checkStock(ArrayNode lines) {
        Map<Integer, Integer> quantities = new LinkedHashMap<>();
        for (JsonNode line : lines) {
            quantities.merge(postId(line), line.get("quantity").asInt(), Integer::sum);
        }
        String problem = catalog.checkoutProblem(quantities);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** Meta entries update by id or key, or are added with a new id. */
    private void mergeMeta(ArrayNode meta, JsonNode changes) {
        for (JsonNode change : changes) {
            ObjectNode existing = null;
            for (JsonNode m : meta) {
                if (change.has("id") ? m.get("id").asInt() == change.get("id").asInt()
                        : m.get("key").asText().equals(change.path("key").asText())) {
                    existing = (ObjectNode) m;
                }
            }
            if (existing == null) {
                existing = meta.addObject().put("id", nextMetaId++).put("key", change.path("key").asText());
            }
            existing.set("value", change.path("value"));
        }
    }

    private ObjectNode address(JsonNode in, boolean billing) {
        ObjectNode a = nodes.objectNode();
        for (String field : List.of("first_name", "last_name", "company", "address_1", "address_2", "city", "state",
                "postcode", "country")) {
            a.put(field, in.path(field).asText(""));
        }
        if (billing) {
            a.put("email", in.path("email").asText(""));
        }
        a.put("phone", in.path("phone").asText(""));
        return a;
    }

    private static String status(String status) {
        if (!STATUSES.contains(status)) {
            throw RestError.invalidParam("status", "status is not one of " + String.join(", ", STATUSES) + ".");
        }
        return status;
    }

    /** Modification times never go backwards; several changes may share a second, as in MySQL. */
    private Instant tick() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (now.isBefore(lastModified)) {
            now = lastModified;
        }
        lastModified = now;
        return now;
    }

    private String randomKey() {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 13; i++) {
            key.append(KEY_CHARS.charAt(random.nextInt(KEY_CHARS.length())));
        }
        return key.toString();
    }

    private static Instant instant(JsonNode order, String field) {
        return LocalDateTime.parse(order.get(field).asText()).toInstant(ZoneOffset.UTC);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
