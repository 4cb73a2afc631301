package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Prices an order from a {@code POST /orders} body as WooCommerce's {@code calculate_totals} does, with
 * one tax rate on taxable products, shipping and taxable fees, taxes rounded per line, and
 * {@code discount_total} the sum of line subtotals less line totals. Lines buy the catalogue's products
 * and variations at their current price. Items are numbered in the order WooCommerce adds them:
 * products, shipping, fees, coupons, then the tax line.
 */
final class OrderTotals {

    static final int TAX_RATE_ID = 1;

    /** A coupon of the demo store: a fixed amount off the cart, or a percentage of it. */
    record Coupon(String code, BigDecimal amount, boolean percent) {
    }

    static final Map<String, Coupon> COUPONS = Map.of(
            "welcome5", new Coupon("welcome5", new BigDecimal("5.00"), false),
            "save10", new Coupon("save10", new BigDecimal("10"), true));

    /** The order's items and money, as the API writes them. */
    record Priced(ArrayNode lineItems, ArrayNode taxLines, ArrayNode shippingLines, ArrayNode feeLines,
                  ArrayNode couponLines, BigDecimal discountTotal, BigDecimal discountTax, BigDecimal shippingTotal,
                  BigDecimal shippingTax, BigDecimal cartTax, BigDecimal totalTax, BigDecimal total) {
    }

    private static final class Line {
        final int id;
        final ProductCatalog.Sellable product;
        final int quantity;
        final BigDecimal subtotal;
        BigDecimal total;

        Line(int id, ProductCatalog.Sellable product, int quantity, BigDecimal subtotal, BigDecimal total) {
            this.id = id;
            this.product = product;
            this.quantity = quantity;
            this.subtotal = subtotal;
            this.total = total;
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final BigDecimal taxRate;
    private final ProductCatalog catalog;
    private final IntSupplier itemIds;
    private final IntSupplier metaIds;

    OrderTotals(BigDecimal taxRate, ProductCatalog catalog, IntSupplier itemIds, IntSupplier metaIds) {
        this.taxRate = taxRate;
        this.catalog = catalog;
        this.itemIds = itemIds;
        this.metaIds = metaIds;
    }

    Priced price(JsonNode body) {
        List<Line> lines = new ArrayList<>();
        for (JsonNode item : body.path("line_items")) {
            lines.add(line(item));
        }
        ArrayNode shippingLines = nodes.arrayNode();
        BigDecimal shippingTotal = BigDecimal.ZERO;
        BigDecimal shippingTax = BigDecimal.ZERO;
        for (JsonNode in : body.path("shipping_lines")) {
            BigDecimal total = money(in, "total");
            BigDecimal tax = tax(total);
            ObjectNode out = shippingLines.addObject();
            out.put("id", itemIds.getAsInt());
            out.put("method_title", in.path("method_title").asText(""));
            out.put("method_id", in.path("method_id").asText(""));
            taxed(out, total, tax, null, true);
            shippingTotal = shippingTotal.add(total);
            shippingTax = shippingTax.add(tax);
        }
        ArrayNode feeLines = nodes.arrayNode();
        BigDecimal feesTotal = BigDecimal.ZERO;
        BigDecimal feesTax = BigDecimal.ZERO;
        for (JsonNode in : body.path("fee_lines")) {
            BigDecimal total = money(in, "total");
            String taxStatus = in.path("tax_status").asText("taxable");
            BigDecimal tax = taxStatus.equals("taxable") ? tax(total) : BigDecimal.ZERO;
            ObjectNode out = feeLines.addObject();
            out.put("id", itemIds.getAsInt());
            out.put("name", in.path("name").asText("Fee"));
            out.put("tax_class", "");
            out.put("tax_status", taxStatus);
            taxed(out, total, tax, null, true);
            feesTotal = feesTotal.add(total);
            feesTax = feesTax.add(tax);
        }
        ArrayNode couponLines = nodes.arrayNode();
        for (JsonNode in : body.path("coupon_lines")) {
            couponLines.add(applyCoupon(in.path("code").asText(""), lines));
        }

        ArrayNode lineItems = nodes.arrayNode();
        BigDecimal subtotals = BigDecimal.ZERO;
        BigDecimal subtotalTaxes = BigDecimal.ZERO;
        BigDecimal totals = BigDecimal.ZERO;
        BigDecimal totalTaxes = BigDecimal.ZERO;
        for (Line line : lines) {
            BigDecimal subtotalTax = tax(line, line.subtotal);
            BigDecimal totalTax = tax(line, line.total);
            lineItems.add(lineItem(line, subtotalTax, totalTax));
            subtotals = subtotals.add(line.subtotal);
            subtotalTaxes = subtotalTaxes.add(subtotalTax);
            totals = totals.add(line.total);
            totalTaxes = totalTaxes.add(totalTax);
        }
        // calculate_totals: fee taxes count as cart tax; shipping tax is kept apart
        BigDecimal cartTax = totalTaxes.add(feesTax);
        BigDecimal totalTax = cartTax.add(shippingTax);
        ArrayNode taxLines = nodes.arrayNode();
        if (taxRate.signum() != 0) {
            taxLines.add(taxLine(cartTax, shippingTax));
        }
        return new Priced(lineItems, taxLines, shippingLines, feeLines, couponLines, subtotals.subtract(totals),
                subtotalTaxes.subtract(totalTaxes), shippingTotal, shippingTax, cartTax, totalTax,
                totals.add(feesTotal).add(shippingTotal).add(totalTax));
    }

    /** The store's tax rate as an order lists it: its items' and its shipping's tax at that rate. */
    ObjectNode taxLine(BigDecimal taxTotal, BigDecimal shippingTaxTotal) {
        return taxLine(TAX_RATE_ID, taxTotal, shippingTaxTotal);
    }

    /**
     * A tax line of a rate, as {@code WC_Order_Item_Tax::set_rate} fills it: the store's one rate, or for an id
     * the store has no rate for (a refund may name one), no code, the label "Tax" and 0 %.
     */
    ObjectNode taxLine(int rateId, BigDecimal taxTotal, BigDecimal shippingTaxTotal) {
        boolean storeRate = rateId == TAX_RATE_ID;
        ObjectNode tax = nodes.objectNode();
        tax.put("id", itemIds.getAsInt());
        tax.put("rate_code", storeRate ? "US-SALES TAX-1" : "");
        tax.put("rate_id", rateId);
        tax.put("label", storeRate ? "Sales Tax" : "Tax");
        tax.put("compound", false);
        tax.put("tax_total", text(taxTotal));
        tax.put("shipping_tax_total", text(shippingTaxTotal));
        tax.put("rate_percent", storeRate ? taxRate.movePointRight(2).doubleValue() : 0.0);
        tax.putArray("meta_data");
        return tax;
    }

    /** A product line: by SKU (a product's or a variation's), else {@code product_id}, else {@code variation_id}. */
    private Line line(JsonNode item) {
        String sku = item.path("sku").asText("");
        int productId = item.path("product_id").asInt(0);
        int variationId = item.path("variation_id").asInt(0);
        if (sku.isEmpty() && productId == 0 && variationId == 0) {
            throw new RestError(400, "woocommerce_rest_required_product_reference", "Product ID or SKU is required.");
        }
        Optional<ProductCatalog.Sellable> found = catalog.sellable(sku, productId, variationId);
        if (found.isEmpty()) {
            throw new RestError(400, "woocommerce_rest_invalid_product_id", !sku.isEmpty() ? "Product SKU " + sku + " is invalid."
                    : "Product ID " + (productId != 0 && variationId == 0 ? productId : variationId) + " is invalid.");
        }
        int quantity = item.path("quantity").asInt(1);
        if (quantity <= 0) {
            throw new RestError(400, "woocommerce_rest_invalid_product_quantity", "Product quantity must be a positive float.");
        }
        BigDecimal extended = found.get().price().multiply(BigDecimal.valueOf(quantity));
        // a REST client may set the line's subtotal and total; a total below the subtotal is a line discount
        BigDecimal subtotal = item.has("subtotal") ? money(item, "subtotal") : extended;
        BigDecimal total = item.has("total") ? money(item, "total") : extended;
        return new Line(itemIds.getAsInt(), found.get(), quantity, subtotal, total);
    }

    /**
     * Takes a coupon's discount off the lines in proportion to what each still costs, rounding each
     * share to the cent and leaving the remainder to the last line. Several coupons apply one after
     * another, each to what the previous ones left.
     */
    private ObjectNode applyCoupon(String requested, List<Line> lines) {
        String code = requested.trim().toLowerCase(Locale.ROOT);
        Coupon coupon = COUPONS.get(code);
        if (coupon == null) {
            throw new RestError(400, "woocommerce_rest_invalid_coupon", "Coupon \"" + code + "\" does not exist!");
        }
        BigDecimal base = BigDecimal.ZERO;
        BigDecimal taxBefore = BigDecimal.ZERO;
        for (Line line : lines) {
            base = base.add(line.total);
            taxBefore = taxBefore.add(tax(line, line.total));
        }
        BigDecimal amount = (coupon.percent() ? base.multiply(coupon.amount()).movePointLeft(2) : coupon.amount())
                .setScale(2, RoundingMode.HALF_UP).min(base);
        BigDecimal left = amount;
        BigDecimal taxAfter = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            BigDecimal share = i == lines.size() - 1 ? left
                    : amount.multiply(line.total).divide(base, 2, RoundingMode.HALF_UP);
            left = left.subtract(share);
            line.total = line.total.subtract(share);
            taxAfter = taxAfter.add(tax(line, line.total));
        }
        ObjectNode out = nodes.objectNode();
        out.put("id", itemIds.getAsInt());
        out.put("code", code);
        out.put("discount", text(amount));
        out.put("discount_tax", text(taxBefore.subtract(taxAfter)));
        out.putArray("meta_data");
        return out;
    }

    private ObjectNode lineItem(Line line, BigDecimal subtotalTax, BigDecimal totalTax) {
        ObjectNode out = nodes.objectNode();
        out.put("id", line.id);
        out.put("name", line.product.name());
        out.put("product_id", line.product.productId());
        out.put("variation_id", line.product.variationId());
        out.put("quantity", line.quantity);
        out.put("tax_class", "");
        out.put("subtotal", text(line.subtotal));
        out.put("subtotal_tax", text(subtotalTax));
        taxed(out, line.total, totalTax, subtotalTax, line.product.taxable());
        // a variation's options are meta of its line, keyed by attribute, with the names shoppers see
        ArrayNode meta = (ArrayNode) out.get("meta_data");
        for (String[] attribute : line.product.attributes()) {
            meta.addObject().put("id", metaIds.getAsInt()).put("key", attribute[0]).put("value", attribute[1])
                    .put("display_key", attribute[2]).put("display_value", attribute[1]);
        }
        out.put("sku", line.product.sku());
        // WooCommerce computes price as total / quantity in PHP floats: after discounts, not for accounting
        out.put("price", line.total.doubleValue() / line.quantity);
        return out;
    }

    /** total, total_tax, taxes[] and meta_data, as every taxable item carries them; a line not taxed has no taxes. */
    private void taxed(ObjectNode out, BigDecimal total, BigDecimal tax, BigDecimal subtotalTax, boolean taxable) {
        out.put("total", text(total));
        out.put("total_tax", text(tax));
        ArrayNode taxes = out.putArray("taxes");
        if (taxRate.signum() != 0 && taxable) {
            // shipping and fee taxes have no subtotal: WooCommerce writes it as an empty string
            taxes.addObject().put("id", TAX_RATE_ID).put("total", text(tax))
                    .put("subtotal", subtotalTax == null ? "" : text(subtotalTax));
        }
        out.putArray("meta_data");
    }

    private BigDecimal tax(BigDecimal amount) {
        return amount.multiply(taxRate).setScale(2, RoundingMode.HALF_UP);
    }

    /** A product line's tax: none for a product whose tax status is not "taxable". */
    private BigDecimal tax(Line line, BigDecimal amount) {
        return line.product.taxable() ? tax(amount) : BigDecimal.ZERO.setScale(2);
    }

    private static BigDecimal money(JsonNode node, String field) {
        String value = node.path(field).asText("0").trim();
        try {
            return new BigDecimal(value.isEmpty() ? "0" : value).setScale(2, RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            throw RestError.invalidParam(field, field + " is not a number: '" + value + "'.");
        }
    }

    /** Money is a string with two decimals in the API. */
    static String text(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
