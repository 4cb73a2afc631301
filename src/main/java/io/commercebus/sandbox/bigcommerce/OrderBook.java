package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The simulated store's orders, in the shapes of BigCommerce's orders v2 API. An order is created
 * from a {@code POST /v2/orders} body and its amounts are computed as BigCommerce does: per-product
 * tax, coupon discounts spread over products in proportion to their price, shipping tax, and totals
 * that add up, unless the body overrides {@code total_ex_tax}/{@code total_inc_tax} as the API allows.
 */
final class OrderBook {

    static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME;
    static final Map<Integer, String> STATUSES = Map.ofEntries(Map.entry(0, "Incomplete"), Map.entry(1, "Pending"),
            Map.entry(2, "Shipped"), Map.entry(3, "Partially Shipped"), Map.entry(4, "Refunded"),
            Map.entry(5, "Cancelled"), Map.entry(6, "Declined"), Map.entry(7, "Awaiting Payment"),
            Map.entry(8, "Awaiting Pickup"), Map.entry(9, "Awaiting Shipment"), Map.entry(10, "Completed"),
            Map.entry(11, "Awaiting Fulfillment"), Map.entry(12, "Manual Verification Required"),
            Map.entry(13, "Disputed"), Map.entry(14, "Partially Refunded"));

    /** What an order line takes from the catalogue: the product's SKU, name, price and variant. */
    record Item(String sku, String name, BigDecimal price, int variantId) {
    }

    /** An order and its sub-resources. */
    record StoredOrder(ObjectNode order, ArrayNode products, ArrayNode shippingAddresses, Instant modified) {

        int id() {
            return order.get("id").asInt();
        }

        int status() {
            return order.get("status_id").asInt();
        }

        /** The order product with this id, if it is one of this order's. */
        Optional<ObjectNode> product(int orderProductId) {
            return find(products, orderProductId);
        }

        /** The shipping address with this id, if it is one of this order's. */
        Optional<ObjectNode> address(int orderAddressId) {
            return find(shippingAddresses, orderAddressId);
        }

        private static Optional<ObjectNode> find(ArrayNode nodes, int id) {
            for (JsonNode n : nodes) {
                if (n.get("id").asInt() == id) {
                    return Optional.of((ObjectNode) n);
                }
            }
            return Optional.empty();
        }
    }

    /** What a change did to an order's status, for the webhooks it fires. */
    record Change(int orderId, int previousStatus, int status) {

        boolean statusChanged() {
            return previousStatus != status;
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<Integer, StoredOrder> orders = new LinkedHashMap<>();
    private final Clock clock;
    private final String storeHash;
    private final BigDecimal taxRate;
    private final IntFunction<Optional<Item>> catalog;
    private int nextOrderId = 100;
    private int nextLineId = 1;
    private Instant lastModified = Instant.EPOCH;

    OrderBook(Clock clock, String storeHash, BigDecimal taxRate, IntFunction<Optional<Item>> catalog) {
        this.clock = clock;
        this.storeHash = storeHash;
        this.taxRate = taxRate;
        this.catalog = catalog;
    }

    synchronized ObjectNode create(JsonNode post, String baseUrl) {
        if (!post.path("billing_address").isObject()) {
            throw new IllegalArgumentException("billing_address is required");
        }
        if (!post.path("products").isArray() || post.path("products").isEmpty()) {
            throw new IllegalArgumentException("products is required");
        }
        int id = nextOrderId++;
        Instant now = tick();
        BigDecimal coupon = money(post.path("coupon_discount").asText("0"));

        ArrayNode products = nodes.arrayNode();
        BigDecimal subtotalEx = BigDecimal.ZERO;
        for (JsonNode line : post.path("products")) {
            ObjectNode product = product(id, line);
            products.add(product);
            subtotalEx = subtotalEx.add(money(product.get("total_ex_tax").asText()));
        }
        spreadCoupon(products, coupon, subtotalEx, post.path("coupon_code").asText("SAVE"));

        BigDecimal subtotalTax = BigDecimal.ZERO;
        BigDecimal discounts = BigDecimal.ZERO;
        for (JsonNode p : products) {
            ObjectNode product = (ObjectNode) p;
            BigDecimal totalEx = money(product.get("total_ex_tax").asText());
            BigDecimal discount = BigDecimal.ZERO;
            for (JsonNode d : product.get("applied_discounts")) {
                discount = discount.add(money(d.get("amount").asText()));
            }
            // BigCommerce: total_tax = (price_ex_tax - discount) * tax_rate
            BigDecimal tax = tax(totalEx.subtract(discount));
            product.put("total_tax", text(tax));
            product.put("total_inc_tax", text(totalEx.add(tax)));
            subtotalTax = subtotalTax.add(tax);
            discounts = discounts.add(discount);
        }

        BigDecimal shippingEx = money(post.path("shipping_cost_ex_tax").asText("0"));
        BigDecimal shippingTax = tax(shippingEx);
        BigDecimal handlingEx = money(post.path("handling_cost_ex_tax").asText("0"));
        BigDecimal wrappingEx = money(post.path("wrapping_cost_ex_tax").asText("0"));
        BigDecimal totalTax = subtotalTax.add(shippingTax);
        BigDecimal totalEx = subtotalEx.subtract(discounts).add(shippingEx).add(handlingEx).add(wrappingEx);
        BigDecimal totalInc = totalEx.add(totalTax);
        if (post.has("total_inc_tax") && post.has("total_ex_tax")) {
            // the API lets a POST override the totals; the demo uses it to produce drifted orders
            totalEx = money(post.get("total_ex_tax").asText());
            totalInc = money(post.get("total_inc_tax").asText());
        }

        ObjectNode order = nodes.objectNode();
        order.put("id", id);
        order.put("customer_id", post.path("customer_id").asInt(0));
        order.put("date_created", RFC_2822.format(now.atOffset(ZoneOffset.UTC)));
        order.put("date_modified", RFC_2822.format(now.atOffset(ZoneOffset.UTC)));
        order.put("date_shipped", "");
        int status = post.path("status_id").asInt(11);
        order.put("status_id", status);
        order.put("status", STATUSES.getOrDefault(status, "Awaiting Fulfillment"));
        order.put("subtotal_ex_tax", text(subtotalEx));
        order.put("subtotal_inc_tax", text(subtotalEx.add(subtotalTax)));
        order.put("subtotal_tax", text(subtotalTax));
        charge(order, "base_shipping_cost", "shipping_cost_", shippingEx, shippingTax, 2);
        charge(order, "base_handling_cost", "handling_cost_", handlingEx, BigDecimal.ZERO, 2);
        charge(order, "base_wrapping_cost", "wrapping_cost_", wrappingEx, BigDecimal.ZERO, 3);
        order.put("total_ex_tax", text(totalEx));
        order.put("total_inc_tax", text(totalInc));
        order.put("total_tax", text(totalTax));
        int items = 0;
        for (JsonNode p : products) {
            items += p.get("quantity").asInt();
        }
        order.put("items_total", items);
        order.put("items_shipped", 0);
        order.put("payment_method", post.path("payment_method").asText("Credit Card"));
        order.put("payment_provider_id", "pi_" + Long.toHexString(now.toEpochMilli()) + id);
        order.put("payment_status", "captured");
        order.put("refunded_amount", text(BigDecimal.ZERO));
        order.put("order_is_digital", false);
        order.put("store_credit_amount", text(BigDecimal.ZERO));
        order.put("gift_certificate_amount", text(BigDecimal.ZERO));
        order.put("ip_address", "192.0.2.10");
        order.put("geoip_country", "United States");
        order.put("geoip_country_iso2", "US");
        order.put("currency_id", 1);
        String currency = post.path("currency_code").asText("USD");
        order.put("currency_code", currency);
        order.put("currency_exchange_rate", "1.0000000000");
        order.put("default_currency_id", 1);
        order.put("default_currency_code", currency);
        order.put("store_default_currency_code", currency);
        order.put("store_default_to_transactional_exchange_rate", "1.0000000000");
        order.put("staff_notes", "");
        order.put("customer_message", post.path("customer_message").asText(""));
        order.put("discount_amount", text(BigDecimal.ZERO));
        order.put("coupon_discount", text(coupon));
        order.put("shipping_address_count", 1);
        order.put("is_deleted", false);
        order.put("ebay_order_id", "0");
        order.put("cart_id", "");
        order.set("billing_address", billingAddress(post.get("billing_address")));
        order.put("is_email_opt_in", false);
        order.put("credit_card_type", (String) null);
        order.put("order_source", "external");
        order.put("channel_id", 1);
        order.put("external_source", post.path("external_source").asText(null));
        order.putObject("products").put("url", baseUrl + "/v2/orders/" + id + "/products").put("resource", "/orders/" + id + "/products");
        order.putObject("shipping_addresses").put("url", baseUrl + "/v2/orders/" + id + "/shipping_addresses")
                .put("resource", "/orders/" + id + "/shipping_addresses");
        order.putObject("coupons").put("url", baseUrl + "/v2/orders/" + id + "/coupons").put("resource", "/orders/" + id + "/coupons");
        order.put("external_id", (String) null);
        order.put("tax_provider_id", "BasicTaxProvider");
        order.put("customer_locale", "en");

        ArrayNode shipping = nodes.arrayNode();
        JsonNode addresses = post.path("shipping_addresses");
        JsonNode address = addresses.isArray() && !addresses.isEmpty() ? addresses.get(0) : post.get("billing_address");
        shipping.add(shippingAddress(id, address, shippingEx, shippingTax, handlingEx, items,
                post.path("shipping_method").asText(address.path("shipping_method").asText("Flat Rate"))));

        orders.put(id, new StoredOrder(order, products, shipping, now));
        return order;
    }

    synchronized Optional<StoredOrder> get(int id) {
        return Optional.ofNullable(orders.get(id));
    }

    /**
     * Applies a {@code PUT /v2/orders/{id}} (status, staff notes...), marking the order modified. Any
     * status may follow any other (BigCommerce's overview sets them so and names no restriction); an
     * unknown one is refused.
     */
    synchronized Optional<Change> update(int id, JsonNode put) {
        StoredOrder stored = orders.get(id);
        if (stored == null) {
            return Optional.empty();
        }
        JsonNode statusId = put.path("status_id");
        if (put.has("status_id") && !(statusId.canConvertToInt() && STATUSES.containsKey(statusId.asInt()))) {
            throw new Api.ApiException(400, Api.v2(400, "The field 'status_id' is invalid: " + statusId
                    + " is not an order status (0 to 14, see /v2/order_statuses)."));
        }
        int previous = stored.status();
        for (Iterator<Map.Entry<String, JsonNode>> it = put.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("status_id")) {
                setStatus(stored, field.getValue().asInt());
            } else if (List.of("staff_notes", "customer_message", "payment_method").contains(field.getKey())) {
                stored.order().set(field.getKey(), field.getValue());
            }
        }
        touch(id);
        return Optional.of(new Change(id, previous, stored.status()));
    }

    /** Sets an order's status and its label; becoming Shipped stamps {@code date_shipped}. The caller marks it modified. */
    synchronized void setStatus(StoredOrder stored, int status) {
        ObjectNode order = stored.order();
        if (status == 2 && order.get("status_id").asInt() != 2) {
            order.put("date_shipped", RFC_2822.format(clock.instant().atOffset(ZoneOffset.UTC)));
        }
        order.put("status_id", status);
        order.put("status", STATUSES.get(status));
    }

    /** Marks the order modified now ({@code date_modified}, and the time the list filters and sorts by). */
    synchronized Instant touch(int id) {
        StoredOrder stored = orders.get(id);
        Instant now = tick();
        stored.order().put("date_modified", RFC_2822.format(now.atOffset(ZoneOffset.UTC)));
        orders.put(id, new StoredOrder(stored.order(), stored.products(), stored.shippingAddresses(), now));
        return now;
    }

    /** Orders matching the v2 list filters (dates inclusive), in the requested order. */
    synchronized List<StoredOrder> list(Instant minModified, Instant maxModified, Instant minCreated, Instant maxCreated,
                                        Integer minId, String sort) {
        List<StoredOrder> out = new ArrayList<>();
        for (StoredOrder o : orders.values()) {
            if (minModified != null && o.modified().isBefore(minModified)) {
                continue;
            }
            if (maxModified != null && o.modified().isAfter(maxModified)) {
                continue;
            }
            Instant created = minCreated == null && maxCreated == null ? null
                    : ZonedDateTime.parse(o.order().get("date_created").asText(), RFC_2822).toInstant();
            if (minCreated != null && created.isBefore(minCreated) || maxCreated != null && created.isAfter(maxCreated)) {
                continue;
            }
            if (minId != null && o.order().get("id").asInt() < minId) {
                continue;
            }
            out.add(o);
        }
        String field = sort == null ? "id" : sort.split(":")[0];
        boolean descending = sort != null && sort.endsWith(":desc");
        java.util.Comparator<StoredOrder> order = field.equals("date_modified")
                ? java.util.Comparator.comparing(StoredOrder::modified).thenComparing(o -> o.order().get("id").asInt())
                : java.util.Comparator.comparing(o -> o.order().get("id").asInt());
        out.sort(descending ? order.reversed() : order);
        return out;
    }

    synchronized int size() {
        return orders.size();
    }

    /** Everything, for the sandbox's state file. */
    synchronized ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        out.put("nextOrderId", nextOrderId);
        out.put("nextLineId", nextLineId);
        ArrayNode list = out.putArray("orders");
        for (StoredOrder o : orders.values()) {
            ObjectNode entry = list.addObject();
            entry.set("order", o.order());
            entry.set("products", o.products());
            entry.set("shippingAddresses", o.shippingAddresses());
            entry.put("modified", o.modified().toString());
        }
        return out;
    }

    synchronized void restore(JsonNode snapshot) {
        orders.clear();
        nextOrderId = snapshot.path("nextOrderId").asInt(100);
        nextLineId = snapshot.path("nextLineId").asInt(1);
        for (JsonNode entry : snapshot.path("orders")) {
            Instant modified = Instant.parse(entry.get("modified").asText());
            orders.put(entry.get("order").get("id").asInt(), new StoredOrder((ObjectNode) entry.get("order"),
                    (ArrayNode) entry.get("products"), (ArrayNode) entry.get("shippingAddresses"), modified));
            if (modified.isAfter(lastModified)) {
                lastModified = modified;
            }
        }
    }

    /** Modification times are unique and increasing, like the store's clock seen by one writer. */
    private Instant tick() {
        Instant now = clock.instant();
        if (!now.isAfter(lastModified)) {
            now = lastModified.plusMillis(1);
        }
        lastModified = now;
        return now;
    }

    private ObjectNode product(int orderId, JsonNode line) {
        int quantity = line.path("quantity").asInt(1);
        String sku;
        String name;
        BigDecimal price;
        int productId = line.path("product_id").asInt(0);
        int variantId = 0;
        if (productId != 0) {
            Item product = catalog.apply(productId)
                    .orElseThrow(() -> new IllegalArgumentException("product_id " + productId + " does not exist"));
            sku = product.sku();
            name = product.name();
            price = line.has("price_ex_tax") ? money(line.get("price_ex_tax").asText()) : product.price();
            variantId = product.variantId();
        } else {
            if (!line.has("name") || !line.has("price_ex_tax")) {
                throw new IllegalArgumentException("a custom product needs name, quantity and price_ex_tax");
            }
            sku = line.path("sku").asText("");
            name = line.get("name").asText();
            price = money(line.get("price_ex_tax").asText());
        }
        ObjectNode p = nodes.objectNode();
        p.put("id", nextLineId++);
        p.put("order_id", orderId);
        p.put("product_id", productId);
        p.put("order_address_id", orderId);
        p.put("name", name);
        p.put("name_customer", name);
        p.put("name_merchant", name);
        p.put("sku", sku);
        p.put("upc", "");
        p.put("type", "physical");
        BigDecimal priceTax = tax(price);
        p.put("base_price", text(price));
        p.put("price_ex_tax", text(price));
        p.put("price_inc_tax", text(price.add(priceTax)));
        p.put("price_tax", text(priceTax));
        BigDecimal total = price.multiply(BigDecimal.valueOf(quantity));
        p.put("base_total", text(total));
        p.put("total_ex_tax", text(total));
        p.put("quantity", quantity);
        p.put("base_cost_price", text(BigDecimal.ZERO));
        p.put("cost_price_inc_tax", text(BigDecimal.ZERO));
        p.put("cost_price_ex_tax", text(BigDecimal.ZERO));
        p.put("cost_price_tax", text(BigDecimal.ZERO));
        p.put("weight", 1);
        p.put("is_refunded", false);
        // the definition's schema names the refunded amount refunded_amount, its example (and BigCommerce) refund_amount
        p.put("quantity_refunded", 0);
        p.put("refund_amount", text(BigDecimal.ZERO));
        p.put("refunded_amount", text(BigDecimal.ZERO));
        p.put("return_id", 0);
        p.put("wrapping_name", "");
        p.put("base_wrapping_cost", text(BigDecimal.ZERO));
        p.put("wrapping_cost_ex_tax", text(BigDecimal.ZERO));
        p.put("wrapping_cost_inc_tax", text(BigDecimal.ZERO));
        p.put("wrapping_cost_tax", text(BigDecimal.ZERO));
        p.put("wrapping_message", "");
        p.put("quantity_shipped", 0);
        p.put("event_name", (String) null);
        p.put("event_date", (String) null);
        p.put("fixed_shipping_cost", text(BigDecimal.ZERO));
        p.put("ebay_item_id", "");
        p.put("ebay_transaction_id", "");
        p.put("option_set_id", (Integer) null);
        p.put("parent_order_product_id", (Integer) null);
        p.put("is_bundled_product", false);
        p.put("bin_picking_number", "");
        p.put("external_id", (String) null);
        p.put("variant_id", variantId);
        p.putArray("applied_discounts");
        p.putArray("product_options");
        return p;
    }

    /** Coupon amounts are spread over the products in proportion to their price; the last takes the rest. */
    private void spreadCoupon(ArrayNode products, BigDecimal coupon, BigDecimal subtotal, String code) {
        if (coupon.signum() == 0 || subtotal.signum() == 0) {
            return;
        }
        BigDecimal left = coupon;
        for (int i = 0; i < products.size(); i++) {
            ObjectNode p = (ObjectNode) products.get(i);
            BigDecimal share = i == products.size() - 1 ? left
                    : coupon.multiply(money(p.get("total_ex_tax").asText())).divide(subtotal, 2, RoundingMode.HALF_UP);
            left = left.subtract(share);
            if (share.signum() != 0) {
                ((ArrayNode) p.get("applied_discounts")).addObject().put("id", "coupon").put("amount", text(share))
                        .put("name", code).put("code", code).put("target", "order");
            }
        }
    }

    private ObjectNode billingAddress(JsonNode in) {
        ObjectNode a = nodes.objectNode();
        for (String field : List.of("first_name", "last_name", "company", "street_1", "street_2", "city", "state",
                "country", "country_iso2", "email")) {
            a.put(field, in.path(field).asText(""));
        }
        // the orders v2 definition types the billing zip and phone as numbers
        a.put("zip", digits(in.path("zip").asText("0")));
        a.put("phone", digits(in.path("phone").asText("0")));
        a.putArray("form_fields");
        return a;
    }

    private ObjectNode shippingAddress(int orderId, JsonNode in, BigDecimal shippingEx, BigDecimal shippingTax,
                                       BigDecimal handling, int items, String method) {
        ObjectNode a = nodes.objectNode();
        a.put("id", orderId);
        a.put("order_id", orderId);
        for (String field : List.of("first_name", "last_name", "company", "street_1", "street_2", "city", "state",
                "zip", "country", "country_iso2", "phone", "email")) {
            a.put(field, in.path(field).asText(""));
        }
        a.put("items_total", items);
        a.put("items_shipped", 0);
        a.put("shipping_method", method);
        charge(a, "base_cost", "cost_", shippingEx, shippingTax, 2);
        charge(a, "base_handling_cost", "handling_cost_", handling, BigDecimal.ZERO, 2);
        a.put("shipping_zone_id", 1);
        a.put("shipping_zone_name", "United States");
        a.putArray("form_fields");
        a.putObject("shipping_quotes").put("url", "").put("resource", "");
        return a;
    }

    /** A charge as v2 writes it: base, ex_tax, inc_tax, tax and tax_class_id fields under one prefix. */
    private static void charge(ObjectNode node, String baseField, String prefix, BigDecimal exTax, BigDecimal tax, int taxClass) {
        node.put(baseField, text(exTax));
        node.put(prefix + "ex_tax", text(exTax));
        node.put(prefix + "inc_tax", text(exTax.add(tax)));
        node.put(prefix + "tax", text(tax));
        node.put(prefix + "tax_class_id", taxClass);
    }

    private BigDecimal tax(BigDecimal amount) {
        return amount.multiply(taxRate).setScale(2, RoundingMode.HALF_UP);
    }

    private static long digits(String text) {
        String d = text.replaceAll("\\D", "");
        return d.isEmpty() ? 0 : Long.parseLong(d.length() > 15 ? d.substring(0, 15) : d);
    }

    static BigDecimal money(String text) {
        return new BigDecimal(text.isBlank() ? "0" : text.trim());
    }

    /** Amounts are strings with four decimals in the v2 API. */
    static String text(BigDecimal amount) {
        return amount.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }
}
