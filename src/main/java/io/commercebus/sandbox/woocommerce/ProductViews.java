package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the products and variations controllers of {@code /wp-json/wc/v3} answer for a stored product
 * or variation, and the values WooCommerce derives rather than stores: the active price and whether
 * it is a sale, the stock status of a product that manages its stock (from its quantity and
 * backorders, as {@code WC_Product::validate_props} sets it on every save), a variation whose stock
 * its parent manages ({@code manage_stock: "parent"}), and a variable product's price and stock
 * status from its variations ({@code WC_Product_Variable::sync}).
 */
final class ProductViews {

    /** How the views reach other posts of the catalogue. */
    interface Lookup {
        ObjectNode post(int id);

        /** The variations of a product that are not in the trash, by menu order then id. */
        List<ObjectNode> children(int parentId);
    }

    static final String PLACEHOLDER = "/wp-content/uploads/woocommerce-placeholder.png";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Lookup lookup;
    private final Supplier<String> siteUrl;
    private final Clock clock;

    ProductViews(Lookup lookup, Supplier<String> siteUrl, Clock clock) {
        this.lookup = lookup;
        this.siteUrl = siteUrl;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- derived values

    static boolean isVariation(JsonNode post) {
        return post.path("post_type").asText().equals("product_variation");
    }

    static boolean isType(JsonNode post, String type) {
        return post.path("type").asText().equals(type);
    }

    ObjectNode parent(JsonNode post) {
        return lookup.post(post.path("parent_id").asInt());
    }

    /** The post whose stock the quantity of {@code post} is: itself, its parent ("parent"), or none. */
    ObjectNode stockHolder(ObjectNode post) {
        if (post.path("manage_stock").asBoolean()) {
            return post;
        }
        if (isVariation(post)) {
            ObjectNode parent = parent(post);
            if (parent != null && parent.path("manage_stock").asBoolean()) {
                return parent;
            }
        }
        return null;
    }

    /** {@code managing_stock()}: true, false, or "parent" for a variation whose parent manages its stock. */
    JsonNode manageStock(ObjectNode post) {
        ObjectNode holder = stockHolder(post);
        return holder == null ? BooleanNode.FALSE : holder == post ? BooleanNode.TRUE : TextNode.valueOf("parent");
    }

    Integer stockQuantity(ObjectNode post) {
        ObjectNode holder = stockHolder(post);
        return holder == null || holder.path("stock_quantity").isNull() ? null : holder.get("stock_quantity").asInt();
    }

    String backorders(ObjectNode post) {
        ObjectNode holder = stockHolder(post);
        return (holder == null ? post : holder).path("backorders").asText("no");
    }

    /**
     * A product managing its stock is in stock while its quantity is above zero (the store's "out of stock
     * threshold", 0 by default), else on backorder if it allows them, else out of stock. A variable product
     * is in stock when one of its variations is, else on backorder when one is, else out of stock.
     */
    String stockStatus(ObjectNode post) {
        if (!isVariation(post) && isType(post, "variable")) {
            List<String> statuses = new ArrayList<>();
            for (ObjectNode child : lookup.children(post.get("id").asInt())) {
                if (child.path("status").asText().equals("publish")) {
                    statuses.add(stockStatus(child));
                }
            }
            return statuses.contains("instock") ? "instock" : statuses.contains("onbackorder") ? "onbackorder" : "outofstock";
        }
        ObjectNode holder = stockHolder(post);
        if (holder != null) {
            Integer quantity = stockQuantity(post);
            return quantity != null && quantity > 0 ? "instock" : !backorders(post).equals("no") ? "onbackorder" : "outofstock";
        }
        return post.path("stock_status").asText("instock");
    }

    /** {@code is_on_sale}: a sale price below the regular price, within its dates if it has any. */
    boolean onSale(ObjectNode post) {
        if (!isVariation(post) && isType(post, "variable")) {
            return visibleChildren(post).stream().anyMatch(this::onSale);
        }
        BigDecimal regular = number(post.path("regular_price").asText(""));
        BigDecimal sale = number(post.path("sale_price").asText(""));
        if (regular == null || sale == null || regular.compareTo(sale) <= 0) {
            return false;
        }
        Instant now = clock.instant();
        Instant from = instant(post, "date_on_sale_from");
        Instant to = instant(post, "date_on_sale_to");
        return (from == null || !from.isAfter(now)) && (to == null || !to.isBefore(now));
    }

    /** The active price: the sale price during a sale, else the regular one; a variable product's lowest. */
    String price(ObjectNode post) {
        if (!isVariation(post) && isType(post, "variable")) {
            BigDecimal lowest = null;
            for (ObjectNode child : visibleChildren(post)) {
                BigDecimal price = number(price(child));
                if (price != null && (lowest == null || price.compareTo(lowest) < 0)) {
                    lowest = price;
                }
            }
            return lowest == null ? "" : lowest.setScale(2, RoundingMode.HALF_UP).toPlainString();
        }
        if (isType(post, "grouped")) {
            return "";
        }
        return onSale(post) ? post.path("sale_price").asText("") : post.path("regular_price").asText("");
    }

    /** {@code is_purchasable} for the shop manager the REST API acts as: a price is enough. */
    boolean purchasable(ObjectNode post) {
        if (!isVariation(post) && (isType(post, "external") || isType(post, "grouped"))) {
            return false;
        }
        return !price(post).isEmpty();
    }

    /** The name WooCommerce gives a variation: its parent's, then its options when there are at most two. */
    String name(ObjectNode post) {
        if (!isVariation(post)) {
            return post.path("name").asText();
        }
        ObjectNode parent = parent(post);
        String base = parent == null ? "" : parent.path("name").asText();
        List<String> options = new ArrayList<>();
        for (JsonNode attribute : post.path("attributes")) {
            options.add(attribute.path("option").asText());
        }
        return options.isEmpty() || options.size() > 2 ? base : base + " - " + String.join(", ", options);
    }

    String permalink(ObjectNode post) {
        if (isVariation(post)) {
            ObjectNode parent = parent(post);
            StringBuilder link = new StringBuilder(parent == null ? siteUrl.get() + "/" : permalink(parent));
            char separator = link.indexOf("?") < 0 ? '?' : '&';
            for (JsonNode attribute : post.path("attributes")) {
                link.append(separator).append("attribute_").append(encode(attribute.path("key").asText())).append('=')
                        .append(encode(attribute.path("option").asText()));
                separator = '&';
            }
            return link.toString();
        }
        String slug = post.path("slug").asText("");
        return slug.isEmpty() ? siteUrl.get() + "/?post_type=product&p=" + post.get("id").asInt()
                : siteUrl.get() + "/product/" + slug + "/";
    }

    // ---------------------------------------------------------------- the products controller

    /**
     * A product as {@code /products} shows it. In the {@code edit} context (the answers to a create, update
     * or delete) descriptions are raw; in {@code view} they are paragraphs ({@code wpautop}). A variation
     * found by {@code GET /products?sku=} is shown the same way, as type {@code variation}.
     */
    ObjectNode product(ObjectNode post, boolean edit) {
        boolean variation = isVariation(post);
        ObjectNode out = NODES.objectNode();
        int id = post.get("id").asInt();
        out.put("id", id);
        out.put("name", name(post));
        out.put("slug", variation ? ProductFields.sanitizeTitle(name(post)) : post.path("slug").asText(""));
        out.put("permalink", permalink(post));
        dates(out, post);
        out.put("type", variation ? "variation" : post.path("type").asText());
        out.put("status", post.path("status").asText());
        out.put("featured", post.path("featured").asBoolean());
        out.put("catalog_visibility", post.path("catalog_visibility").asText("visible"));
        out.put("description", edit ? post.path("description").asText("") : paragraphs(post.path("description").asText("")));
        out.put("short_description", edit ? post.path("short_description").asText("")
                : paragraphs(post.path("short_description").asText("")));
        prices(out, post);
        out.put("price_html", priceHtml(post));
        out.put("on_sale", onSale(post));
        out.put("purchasable", purchasable(post));
        out.put("total_sales", post.path("total_sales").asInt());
        out.put("virtual", post.path("virtual").asBoolean());
        out.put("downloadable", post.path("downloadable").asBoolean());
        out.putArray("downloads");
        out.put("download_limit", post.path("download_limit").asInt(-1));
        out.put("download_expiry", post.path("download_expiry").asInt(-1));
        boolean external = isType(post, "external");
        out.put("external_url", external ? post.path("external_url").asText("") : "");
        out.put("button_text", external ? post.path("button_text").asText("") : "");
        out.put("tax_status", post.path("tax_status").asText("taxable"));
        out.put("tax_class", post.path("tax_class").asText(""));
        stock(out, post);
        out.put("sold_individually", post.path("sold_individually").asBoolean());
        shipping(out, post);
        out.put("reviews_allowed", !variation && post.path("reviews_allowed").asBoolean(true));
        out.put("average_rating", "0.00");
        out.put("rating_count", 0);
        out.putArray("related_ids");
        out.set("upsell_ids", post.path("upsell_ids").isArray() ? post.get("upsell_ids").deepCopy() : NODES.arrayNode());
        out.set("cross_sell_ids", post.path("cross_sell_ids").isArray() ? post.get("cross_sell_ids").deepCopy() : NODES.arrayNode());
        out.put("parent_id", post.path("parent_id").asInt());
        out.put("purchase_note", edit ? post.path("purchase_note").asText("") : paragraphs(post.path("purchase_note").asText("")));
        ArrayNode categories = out.putArray("categories");
        if (!variation) {
            // WooCommerce files a product without a category under the store's default one
            categories.addObject().put("id", ProductCatalog.UNCATEGORIZED_ID).put("name", "Uncategorized").put("slug", "uncategorized");
        }
        out.putArray("tags");
        out.putArray("images").add(placeholder(post));
        out.set("attributes", variation ? variationAttributes(post) : productAttributes(post));
        ArrayNode defaults = out.putArray("default_attributes");
        if (isType(post, "variable")) {
            for (JsonNode attribute : post.path("default_attributes")) {
                defaults.addObject().put("id", 0).put("name", attributeName(post, attribute.path("key").asText()))
                        .put("option", attribute.path("option").asText());
            }
        }
        ArrayNode children = out.putArray("variations");
        if (!variation && isType(post, "variable")) {
            lookup.children(id).forEach(child -> children.add(child.get("id").asInt()));
        }
        out.set("grouped_products", isType(post, "grouped") && post.path("grouped_products").isArray()
                ? post.get("grouped_products").deepCopy() : NODES.arrayNode());
        out.put("menu_order", post.path("menu_order").asInt());
        out.set("meta_data", post.path("meta_data").isArray() ? post.get("meta_data").deepCopy() : NODES.arrayNode());
        ObjectNode links = out.putObject("_links");
        String collection = api() + "/products";
        links.putArray("self").addObject().put("href", collection + "/" + id);
        links.putArray("collection").addObject().put("href", collection);
        if (post.path("parent_id").asInt() != 0) {
            links.putArray("up").addObject().put("href", collection + "/" + post.get("parent_id").asInt());
        }
        return out;
    }

    // ---------------------------------------------------------------- the variations controller

    /** A variation as {@code /products/<product_id>/variations} shows it; links follow the route's product id. */
    ObjectNode variation(ObjectNode post, int routeProductId) {
        ObjectNode out = NODES.objectNode();
        int id = post.get("id").asInt();
        out.put("id", id);
        dates(out, post);
        out.put("description", paragraphs(post.path("description").asText("")));
        out.put("permalink", permalink(post));
        prices(out, post);
        out.put("on_sale", onSale(post));
        out.put("status", post.path("status").asText());
        out.put("purchasable", purchasable(post));
        out.put("virtual", post.path("virtual").asBoolean());
        out.put("downloadable", post.path("downloadable").asBoolean());
        out.putArray("downloads");
        out.put("download_limit", post.path("download_limit").asInt(-1));
        out.put("download_expiry", post.path("download_expiry").asInt(-1));
        out.put("tax_status", post.path("tax_status").asText("taxable"));
        out.put("tax_class", post.path("tax_class").asText(""));
        stock(out, post);
        shipping(out, post);
        out.remove(List.of("shipping_required", "shipping_taxable"));
        // the variation has no image of its own: WooCommerce answers null, not its parent's
        out.putNull("image");
        out.set("attributes", variationAttributes(post));
        out.put("menu_order", post.path("menu_order").asInt());
        out.set("meta_data", post.path("meta_data").isArray() ? post.get("meta_data").deepCopy() : NODES.arrayNode());
        ObjectNode links = out.putObject("_links");
        String collection = api() + "/products/" + routeProductId + "/variations";
        links.putArray("self").addObject().put("href", collection + "/" + id);
        links.putArray("collection").addObject().put("href", collection);
        links.putArray("up").addObject().put("href", api() + "/products/" + routeProductId);
        return out;
    }

    // ---------------------------------------------------------------- parts

    private void dates(ObjectNode out, ObjectNode post) {
        out.put("date_created", post.path("date_created").asText());
        out.put("date_created_gmt", post.path("date_created").asText());
        out.put("date_modified", post.path("date_modified").asText());
        out.put("date_modified_gmt", post.path("date_modified").asText());
    }

    private void prices(ObjectNode out, ObjectNode post) {
        out.put("sku", post.path("sku").asText(""));
        boolean variable = !isVariation(post) && (isType(post, "variable") || isType(post, "grouped"));
        out.put("price", price(post));
        out.put("regular_price", variable ? "" : post.path("regular_price").asText(""));
        out.put("sale_price", variable ? "" : post.path("sale_price").asText(""));
        for (String field : List.of("date_on_sale_from", "date_on_sale_to")) {
            Instant date = variable ? null : instant(post, field);
            if (date == null) {
                out.putNull(field);
                out.putNull(field + "_gmt");
            } else {
                out.put(field, OrderBook.date(date));
                out.put(field + "_gmt", OrderBook.date(date));
            }
        }
    }

    private void stock(ObjectNode out, ObjectNode post) {
        out.set("manage_stock", manageStock(post));
        Integer quantity = stockQuantity(post);
        if (quantity == null) {
            out.putNull("stock_quantity");
        } else {
            out.put("stock_quantity", quantity);
        }
        String status = stockStatus(post);
        out.put("stock_status", status);
        String backorders = backorders(post);
        out.put("backorders", backorders);
        boolean allowed = !backorders.equals("no");
        out.put("backorders_allowed", allowed);
        out.put("backordered", status.equals("onbackorder") || stockHolder(post) != null && allowed && quantity != null && quantity < 0);
    }

    private void shipping(ObjectNode out, ObjectNode post) {
        out.put("weight", post.path("weight").asText(""));
        ObjectNode dimensions = out.putObject("dimensions");
        for (String side : List.of("length", "width", "height")) {
            dimensions.put(side, post.path("dimensions").path(side).asText(""));
        }
        boolean ships = !post.path("virtual").asBoolean();
        out.put("shipping_required", ships);
        String taxStatus = post.path("tax_status").asText("taxable");
        out.put("shipping_taxable", ships && (taxStatus.equals("taxable") || taxStatus.equals("shipping")));
        out.put("shipping_class", "");
        out.put("shipping_class_id", 0);
    }

    private ArrayNode productAttributes(ObjectNode post) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode attribute : post.path("attributes")) {
            ObjectNode a = out.addObject();
            a.put("id", 0);
            a.put("name", attribute.path("name").asText());
            a.put("position", attribute.path("position").asInt());
            a.put("visible", attribute.path("visible").asBoolean());
            a.put("variation", attribute.path("variation").asBoolean());
            a.set("options", attribute.path("options").deepCopy());
        }
        return out;
    }

    private ArrayNode variationAttributes(ObjectNode post) {
        ArrayNode out = NODES.arrayNode();
        ObjectNode parent = parent(post);
        for (JsonNode attribute : post.path("attributes")) {
            String key = attribute.path("key").asText();
            out.addObject().put("id", 0).put("name", parent == null ? attribute.path("name").asText() : attributeName(parent, key))
                    .put("option", attribute.path("option").asText());
        }
        return out;
    }

    /** The product's own spelling of one of its attributes, by the attribute's key (its sanitized name). */
    static String attributeName(JsonNode product, String key) {
        for (JsonNode attribute : product.path("attributes")) {
            if (ProductFields.sanitizeTitle(attribute.path("name").asText()).equals(key)) {
                return attribute.path("name").asText();
            }
        }
        return key;
    }

    private ObjectNode placeholder(ObjectNode post) {
        ObjectNode image = NODES.objectNode();
        image.put("id", 0);
        image.put("date_created", post.path("date_modified").asText());
        image.put("date_created_gmt", post.path("date_modified").asText());
        image.put("date_modified", post.path("date_modified").asText());
        image.put("date_modified_gmt", post.path("date_modified").asText());
        image.put("src", siteUrl.get() + PLACEHOLDER);
        image.put("name", "Placeholder");
        image.put("alt", "Placeholder");
        image.put("position", 0);
        return image;
    }

    /** {@code get_price_html}, in the markup of WooCommerce 9 and the store's dollars. */
    String priceHtml(ObjectNode post) {
        if (!isVariation(post) && isType(post, "variable")) {
            BigDecimal low = null;
            BigDecimal high = null;
            for (ObjectNode child : visibleChildren(post)) {
                BigDecimal price = number(price(child));
                if (price != null) {
                    low = low == null || price.compareTo(low) < 0 ? price : low;
                    high = high == null || price.compareTo(high) > 0 ? price : high;
                }
            }
            return low == null ? "" : low.compareTo(high) == 0 ? amount(low) : amount(low) + " &ndash; " + amount(high);
        }
        BigDecimal price = number(price(post));
        if (price == null) {
            return "";
        }
        if (onSale(post)) {
            BigDecimal regular = number(post.path("regular_price").asText());
            return "<del aria-hidden=\"true\">" + amount(regular) + "</del> <span class=\"screen-reader-text\">Original price was: $"
                    + money(regular) + ".</span><ins aria-hidden=\"true\">" + amount(price)
                    + "</ins><span class=\"screen-reader-text\">Current price is: $" + money(price) + ".</span>";
        }
        return amount(price);
    }

    private static String amount(BigDecimal value) {
        return "<span class=\"woocommerce-Price-amount amount\"><bdi><span class=\"woocommerce-Price-currencySymbol\">&#36;</span>"
                + money(value) + "</bdi></span>";
    }

    private static String money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private List<ObjectNode> visibleChildren(ObjectNode post) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode child : lookup.children(post.get("id").asInt())) {
            if (child.path("status").asText().equals("publish")) {
                out.add(child);
            }
        }
        return out;
    }

    /** {@code wpautop}, enough for plain text: paragraphs at blank lines, each closed by a line break. */
    static String paragraphs(String text) {
        if (text.isBlank()) {
            return "";
        }
        return "<p>" + text.trim().replaceAll("\\n\\s*\\n", "</p>\n<p>") + "</p>\n";
    }

    static BigDecimal number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(JsonNode post, String field) {
        JsonNode value = post.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Instant.parse(value.asText()) : null;
    }

    private String api() {
        return siteUrl.get() + WooCommerceSandbox.API_PATH;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
