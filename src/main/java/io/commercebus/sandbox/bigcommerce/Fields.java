package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writable fields of catalog and price-list resources with the types and bounds BigCommerce's
 * definitions give them ({@code product_Base}, {@code productVariant_Base}, {@code PriceRecord Base}),
 * and the check of a request body against them. Read-only and unknown fields are ignored, as
 * BigCommerce ignores them.
 */
final class Fields {

    enum Kind { NUMBER, INTEGER, STRING, BOOLEAN, INT_ARRAY, STRING_ARRAY, OBJECT, DATE_TIME }

    /** One field: its kind, whether null is allowed, a minimum (numbers) or maximum length (strings), allowed values. */
    record Field(String name, Kind kind, boolean nullable, Long min, Integer maxLength, Set<String> values) {

        static Field number(String name) {
            return new Field(name, Kind.NUMBER, false, 0L, null, null);
        }

        static Field nullableNumber(String name) {
            return new Field(name, Kind.NUMBER, true, 0L, null, null);
        }

        static Field integer(String name, Long min) {
            return new Field(name, Kind.INTEGER, false, min, null, null);
        }

        static Field nullableInteger(String name) {
            return new Field(name, Kind.INTEGER, true, 0L, null, null);
        }

        static Field string(String name, int maxLength) {
            return new Field(name, Kind.STRING, false, null, maxLength, null);
        }

        static Field nullableString(String name, int maxLength) {
            return new Field(name, Kind.STRING, true, null, maxLength, null);
        }

        static Field oneOf(String name, String... values) {
            return new Field(name, Kind.STRING, false, null, null, Set.of(values));
        }

        static Field bool(String name) {
            return new Field(name, Kind.BOOLEAN, false, null, null, null);
        }

        static Field of(String name, Kind kind) {
            return new Field(name, kind, kind == Kind.DATE_TIME, null, null, null);
        }
    }

    /** product_Base, less what only BigCommerce writes (reviews, total_sold, view_count). */
    static final List<Field> PRODUCT = List.of(
            new Field("name", Kind.STRING, false, 1L, 255, null),
            Field.oneOf("type", "physical", "digital"),
            Field.string("sku", 255),
            Field.string("description", 65535),
            Field.number("weight"), Field.number("width"), Field.number("depth"), Field.number("height"),
            Field.number("price"), Field.number("cost_price"), Field.number("retail_price"), Field.number("sale_price"),
            Field.number("map_price"),
            Field.integer("tax_class_id", 0L),
            Field.string("product_tax_code", 255),
            Field.of("categories", Kind.INT_ARRAY),
            Field.integer("brand_id", 0L),
            Field.integer("inventory_level", 0L),
            Field.integer("inventory_warning_level", 0L),
            Field.oneOf("inventory_tracking", "none", "product", "variant"),
            Field.number("fixed_cost_shipping_price"),
            Field.bool("is_free_shipping"), Field.bool("is_visible"), Field.bool("is_featured"),
            Field.of("related_products", Kind.INT_ARRAY),
            Field.string("warranty", 65535),
            Field.string("bin_picking_number", 255),
            Field.string("layout_file", 500),
            Field.string("upc", 255), Field.string("mpn", 255), Field.string("gtin", 255),
            Field.string("search_keywords", 65535),
            Field.oneOf("availability", "available", "disabled", "preorder"),
            Field.string("availability_description", 255),
            Field.oneOf("gift_wrapping_options_type", "any", "none", "list"),
            Field.of("gift_wrapping_options_list", Kind.INT_ARRAY),
            Field.integer("sort_order", null),
            Field.oneOf("condition", "New", "Used", "Refurbished"),
            Field.bool("is_condition_shown"),
            Field.integer("order_quantity_minimum", 0L),
            Field.integer("order_quantity_maximum", 0L),
            Field.string("page_title", 255),
            Field.of("meta_keywords", Kind.STRING_ARRAY),
            Field.string("meta_description", 65535),
            Field.of("preorder_release_date", Kind.DATE_TIME),
            Field.string("preorder_message", 255),
            Field.bool("is_preorder_only"),
            Field.bool("is_price_hidden"),
            Field.string("price_hidden_label", 200),
            Field.of("custom_url", Kind.OBJECT),
            Field.oneOf("open_graph_type", "product", "album", "book", "drink", "food", "game", "movie", "song", "tv_show"),
            Field.string("open_graph_title", 65535),
            Field.string("open_graph_description", 65535),
            Field.bool("open_graph_use_meta_description"),
            Field.bool("open_graph_use_product_name"),
            Field.bool("open_graph_use_image"));

    /** productVariant_Base with sku (productVariant_Put) and the mpn/gtin/image_url the responses carry. */
    static final List<Field> VARIANT = List.of(
            new Field("sku", Kind.STRING, false, 1L, 255, null),
            Field.nullableNumber("cost_price"), Field.nullableNumber("price"), Field.nullableNumber("sale_price"),
            Field.nullableNumber("retail_price"), Field.nullableNumber("map_price"),
            Field.nullableNumber("weight"), Field.nullableNumber("width"), Field.nullableNumber("height"),
            Field.nullableNumber("depth"),
            Field.bool("is_free_shipping"),
            Field.nullableNumber("fixed_cost_shipping_price"),
            Field.bool("purchasing_disabled"),
            Field.string("purchasing_disabled_message", 255),
            Field.nullableString("upc", 255),
            Field.nullableInteger("inventory_level"),
            Field.nullableInteger("inventory_warning_level"),
            Field.nullableString("bin_picking_number", 255),
            Field.string("mpn", 255), Field.string("gtin", 255),
            Field.string("image_url", 65535));

    /** The variant fields a simple product's base variant keeps in the product itself. */
    static final Set<String> MIRRORED = Set.of("sku", "price", "sale_price", "retail_price", "cost_price", "map_price",
            "weight", "width", "height", "depth", "is_free_shipping", "fixed_cost_shipping_price", "upc", "inventory_level",
            "inventory_warning_level", "bin_picking_number", "mpn", "gtin");

    /** PriceRecord Base: price is required on a PUT, the other prices may be left out (or null: not set). */
    static final List<Field> PRICE_RECORD = List.of(
            Field.number("price"), Field.nullableNumber("sale_price"), Field.nullableNumber("retail_price"),
            Field.nullableNumber("map_price"));

    private Fields() {
    }

    /** Problems of the known fields present in {@code body}, by field name; empty when all are fine. */
    static Map<String, String> check(JsonNode body, List<Field> fields) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Field f : fields) {
            if (body.has(f.name())) {
                String problem = problem(f, body.get(f.name()));
                if (problem != null) {
                    problems.put(f.name(), problem);
                }
            }
        }
        return problems;
    }

    /** Copies the known fields present in {@code body} into {@code target}, numbers sent as text as numbers. */
    static void apply(ObjectNode target, JsonNode body, List<Field> fields) {
        for (Field f : fields) {
            if (body.has(f.name())) {
                target.set(f.name(), value(f, body.get(f.name())).deepCopy());
            }
        }
    }

    /**
     * The value as stored: a number field sent as decimal text ({@code "price": "10.00"}, as the
     * definition's own example of a product POST does) is the number.
     */
    static JsonNode value(Field f, JsonNode v) {
        if (f.kind() == Kind.NUMBER && v.isTextual()) {
            try {
                return DecimalNode.valueOf(new BigDecimal(v.asText().trim()));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    static String problem(Field f, JsonNode v) {
        if (v.isNull()) {
            return f.nullable() ? null : f.name() + " may not be null";
        }
        switch (f.kind()) {
            case NUMBER -> {
                JsonNode n = value(f, v);
                if (!n.isNumber()) {
                    return f.name() + " must be a number";
                }
                if (f.min() != null && n.decimalValue().compareTo(BigDecimal.valueOf(f.min())) < 0) {
                    return f.name() + " must be at least " + f.min();
                }
            }
            case INTEGER -> {
                if (!v.isIntegralNumber()) {
                    return f.name() + " must be an integer";
                }
                if (f.min() != null && v.asLong() < f.min()) {
                    return f.name() + " must be at least " + f.min();
                }
            }
            case STRING -> {
                if (!v.isTextual()) {
                    return f.name() + " must be a string";
                }
                if (f.values() != null && !f.values().contains(v.asText())) {
                    return f.name() + " must be one of " + String.join(", ", f.values().stream().sorted().toList());
                }
                if (f.min() != null && v.asText().length() < f.min()) {
                    return f.name() + " must not be empty";
                }
                if (f.maxLength() != null && v.asText().length() > f.maxLength()) {
                    return f.name() + " must be at most " + f.maxLength() + " characters";
                }
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    return f.name() + " must be true or false";
                }
            }
            case INT_ARRAY, STRING_ARRAY -> {
                if (!v.isArray()) {
                    return f.name() + " must be an array";
                }
                for (JsonNode item : v) {
                    if (f.kind() == Kind.INT_ARRAY ? !item.isIntegralNumber() : !item.isTextual()) {
                        return f.name() + " must be an array of " + (f.kind() == Kind.INT_ARRAY ? "integers" : "strings");
                    }
                }
            }
            case OBJECT -> {
                if (!v.isObject()) {
                    return f.name() + " must be an object";
                }
            }
            case DATE_TIME -> {
                try {
                    OffsetDateTime.parse(v.asText());
                } catch (DateTimeParseException e) {
                    return f.name() + " must be an ISO-8601 date and time";
                }
            }
        }
        return null;
    }
}
