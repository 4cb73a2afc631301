package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.commercebus.sandbox.woocommerce.WpArgs.Arg;
import static io.commercebus.sandbox.woocommerce.WpArgs.Type;

/**
 * How WooCommerce reads the values of a product or variation request: the options of its enumerated
 * properties, the arguments WordPress type-checks on the single routes, and the coercions of the
 * setters every request goes through ({@code wc_clean}, {@code wc_format_decimal}, {@code intval},
 * {@code wc_string_to_bool}, {@code sanitize_title}), attributes included.
 */
final class ProductFields {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final List<String> TYPES = List.of("simple", "grouped", "external", "variable");
    static final List<String> POST_STATUSES = List.of("draft", "pending", "private", "publish", "future", "auto-draft", "trash");
    static final List<String> VARIATION_STATUSES = List.of("draft", "pending", "private", "publish");
    static final List<String> STOCK_STATUSES = List.of("instock", "outofstock", "onbackorder");
    static final List<String> BACKORDERS = List.of("no", "notify", "yes");
    static final List<String> VISIBILITIES = List.of("visible", "catalog", "search", "hidden");
    static final List<String> TAX_STATUSES = List.of("taxable", "shipping", "none");
    static final List<String> TAX_CLASSES = List.of("", "reduced-rate", "zero-rate");

    /** The products route's arguments WordPress checks, in the schema's order. */
    static final Map<String, Arg> PRODUCT_ARGS = args(
            "name", Arg.of(Type.STRING), "slug", Arg.of(Type.STRING), "type", oneOf(TYPES), "status", oneOf(POST_STATUSES),
            "featured", Arg.of(Type.BOOLEAN), "catalog_visibility", oneOf(VISIBILITIES), "description", Arg.of(Type.STRING),
            "short_description", Arg.of(Type.STRING), "sku", Arg.of(Type.STRING), "regular_price", Arg.of(Type.STRING),
            "sale_price", Arg.of(Type.STRING), "date_on_sale_from", Arg.of(Type.DATE_TIME),
            "date_on_sale_from_gmt", Arg.of(Type.DATE_TIME), "date_on_sale_to", Arg.of(Type.DATE_TIME),
            "date_on_sale_to_gmt", Arg.of(Type.DATE_TIME), "virtual", Arg.of(Type.BOOLEAN), "downloadable", Arg.of(Type.BOOLEAN),
            "downloads", Arg.of(Type.ARRAY), "download_limit", Arg.of(Type.INTEGER), "download_expiry", Arg.of(Type.INTEGER),
            "external_url", Arg.of(Type.STRING), "button_text", Arg.of(Type.STRING), "tax_status", oneOf(TAX_STATUSES),
            "tax_class", Arg.of(Type.STRING), "manage_stock", Arg.of(Type.BOOLEAN), "stock_quantity", Arg.of(Type.INTEGER),
            "stock_status", oneOf(STOCK_STATUSES), "backorders", oneOf(BACKORDERS), "sold_individually", Arg.of(Type.BOOLEAN),
            "weight", Arg.of(Type.STRING), "dimensions", Arg.of(Type.OBJECT), "shipping_class", Arg.of(Type.STRING),
            "reviews_allowed", Arg.of(Type.BOOLEAN), "upsell_ids", Arg.of(Type.ARRAY), "cross_sell_ids", Arg.of(Type.ARRAY),
            "parent_id", Arg.of(Type.INTEGER), "purchase_note", Arg.of(Type.STRING), "categories", Arg.of(Type.ARRAY),
            "tags", Arg.of(Type.ARRAY), "images", Arg.of(Type.ARRAY), "attributes", Arg.of(Type.ARRAY),
            "default_attributes", Arg.of(Type.ARRAY), "grouped_products", Arg.of(Type.ARRAY), "menu_order", Arg.of(Type.INTEGER),
            "meta_data", Arg.of(Type.ARRAY));

    /** The variations route's; {@code manage_stock} also takes "parent", so WordPress does not type it. */
    static final Map<String, Arg> VARIATION_ARGS = args(
            "description", Arg.of(Type.STRING), "sku", Arg.of(Type.STRING), "regular_price", Arg.of(Type.STRING),
            "sale_price", Arg.of(Type.STRING), "date_on_sale_from", Arg.of(Type.DATE_TIME),
            "date_on_sale_from_gmt", Arg.of(Type.DATE_TIME), "date_on_sale_to", Arg.of(Type.DATE_TIME),
            "date_on_sale_to_gmt", Arg.of(Type.DATE_TIME), "status", oneOf(VARIATION_STATUSES), "virtual", Arg.of(Type.BOOLEAN),
            "downloadable", Arg.of(Type.BOOLEAN), "downloads", Arg.of(Type.ARRAY), "download_limit", Arg.of(Type.INTEGER),
            "download_expiry", Arg.of(Type.INTEGER), "tax_status", oneOf(TAX_STATUSES), "tax_class", Arg.of(Type.STRING),
            "stock_quantity", Arg.of(Type.INTEGER), "stock_status", oneOf(STOCK_STATUSES), "backorders", oneOf(BACKORDERS),
            "weight", Arg.of(Type.STRING), "dimensions", Arg.of(Type.OBJECT), "shipping_class", Arg.of(Type.STRING),
            "image", Arg.of(Type.OBJECT), "attributes", Arg.of(Type.ARRAY), "menu_order", Arg.of(Type.INTEGER),
            "meta_data", Arg.of(Type.ARRAY));

    static final Pattern LEADING_INTEGER = Pattern.compile("^\\s*([+-]?\\d{1,9})");

    /** {@code WC_Product::validate_props}: without stock management, no quantity and no backorders. */
    static void validateStock(ObjectNode post) {
        if (!post.path("manage_stock").asBoolean()) {
            post.putNull("stock_quantity");
            post.put("backorders", "no");
        }
    }

    /**
     * Product attributes, local to the product (taxonomy attributes by id are not simulated): a name and
     * options, as a list or a "|"-separated string; one without options is dropped, a later one with the
     * same name replaces an earlier one, and they are kept by position.
     */
    static ArrayNode productAttributes(JsonNode list) {
        Map<String, ObjectNode> byKey = new LinkedHashMap<>();
        for (JsonNode in : list) {
            String name = clean(in.path("name").asText(""));
            JsonNode options = in.path("options");
            if (name.isEmpty() || options.isMissingNode() || options.isNull()) {
                continue;
            }
            ObjectNode attribute = NODES.objectNode();
            attribute.put("name", name);
            attribute.put("position", Math.abs(intval(in.path("position"))));
            attribute.put("visible", bool(in.path("visible")));
            attribute.put("variation", bool(in.path("variation")));
            ArrayNode values = attribute.putArray("options");
            List<String> raw = new ArrayList<>();
            if (options.isArray()) {
                options.forEach(o -> raw.add(o.asText()));
            } else {
                raw.addAll(List.of(options.asText().split("\\|")));
            }
            raw.stream().map(String::trim).filter(o -> !o.isEmpty()).forEach(values::add);
            byKey.put(sanitizeTitle(name), attribute);
        }
        List<ObjectNode> sorted = new ArrayList<>(byKey.values());
        sorted.sort(Comparator.comparingInt(a -> a.get("position").asInt()));
        ArrayNode out = NODES.arrayNode();
        sorted.forEach(out::add);
        return out;
    }

    /** A variation's options, kept only for attributes its parent has for variations, in the parent's order. */
    static ArrayNode variationAttributes(ObjectNode parent, JsonNode list) {
        Map<String, String> options = new LinkedHashMap<>();
        for (JsonNode in : list) {
            String key = sanitizeTitle(in.path("name").asText(""));
            if (!key.isEmpty()) {
                options.put(key, clean(in.path("option").asText("")));
            }
        }
        ArrayNode out = NODES.arrayNode();
        for (JsonNode attribute : parent.path("attributes")) {
            String key = sanitizeTitle(attribute.path("name").asText());
            String option = options.get(key);
            if (attribute.path("variation").asBoolean() && option != null && !option.isEmpty()) {
                out.addObject().put("key", key).put("name", attribute.path("name").asText()).put("option", option);
            }
        }
        return out;
    }

    static ArrayNode defaultAttributes(ObjectNode post, JsonNode list) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode in : list) {
            String key = sanitizeTitle(in.path("name").asText(""));
            String option = clean(in.path("option").asText(""));
            for (JsonNode attribute : post.path("attributes")) {
                if (sanitizeTitle(attribute.path("name").asText()).equals(key) && attribute.path("variation").asBoolean()
                        && !option.isEmpty()) {
                    out.addObject().put("key", key).put("option", option);
                }
            }
        }
        return out;
    }

    static JsonNode object(JsonNode body) {
        return body != null && body.isObject() ? body : NODES.objectNode();
    }

    static boolean has(JsonNode body, String field) {
        return body.has(field) && !body.get(field).isNull();
    }

    /** PHP's {@code empty()}: absent, null, 0, "" and "0" are empty. */
    static boolean hasValue(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && !value.isNull() && !(value.isNumber() && value.asDouble() == 0)
                && !(value.isTextual() && (value.asText().isEmpty() || value.asText().equals("0")))
                && !(value.isBoolean() && !value.asBoolean());
    }

    /** {@code wc_string_to_bool}. */
    static boolean bool(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.asDouble() == 1;
        }
        String text = value.asText().toLowerCase(Locale.ROOT);
        return text.equals("yes") || text.equals("true") || text.equals("1");
    }

    /** PHP's {@code intval}: a number's integer part, a string's leading integer, else 0. */
    static int intval(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return 0;
        }
        if (value.isNumber()) {
            return (int) value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? 1 : 0;
        }
        Matcher m = LEADING_INTEGER.matcher(value.asText());
        return m.find() ? Integer.parseInt(m.group(1).replace("+", "")) : 0;
    }

    /**
     * {@code wc_format_decimal} as the price setters use it: the text as given, less anything but digits,
     * the minus sign and the last decimal point; a JSON number as PHP prints it.
     */
    static String decimal(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        String text;
        if (value.isFloatingPointNumber()) {
            text = value.decimalValue().stripTrailingZeros().toPlainString();
        } else if (value.isBoolean()) {
            text = value.asBoolean() ? "1" : "";
        } else {
            text = value.asText();
        }
        String kept = clean(text).replaceAll("[^0-9.\\-]", "");
        int dot = kept.lastIndexOf('.');
        return dot < 0 ? kept : kept.substring(0, dot).replace(".", "") + kept.substring(dot);
    }

    /** {@code wc_clean}: tags stripped, whitespace runs collapsed, trimmed. */
    static String clean(String text) {
        return text.replaceAll("<[^>]*>", "").replaceAll("[\\r\\n\\t ]+", " ").trim();
    }

    /** {@code sanitize_title}: lower case, accents dropped, dots and spaces as dashes, other punctuation dropped. */
    static String sanitizeTitle(String text) {
        String plain = Normalizer.normalize(clean(text), Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        return plain.replace('.', '-').replaceAll("[^a-z0-9 _\\-]", "").replaceAll("[\\s-]+", "-").replaceAll("^-|-$", "");
    }

    static String validStockStatus(String value) {
        return STOCK_STATUSES.contains(value) ? value : "instock";
    }

    static String backorders(String value) {
        return BACKORDERS.contains(value) ? value : "no";
    }

    static String taxClass(String value) {
        String slug = sanitizeTitle(value);
        return TAX_CLASSES.contains(slug) ? slug : "";
    }

    static ArrayNode ids(JsonNode list) {
        ArrayNode out = NODES.arrayNode();
        Collection<JsonNode> items = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(items::add);
        } else {
            for (String part : list.asText().split(",")) {
                items.add(NODES.textNode(part));
            }
        }
        for (JsonNode item : items) {
            int id = intval(item);
            if (id > 0) {
                out.add(id);
            }
        }
        return out;
    }

    static Arg oneOf(List<String> options) {
        return Arg.oneOf(options.toArray(String[]::new));
    }

    static Map<String, Arg> args(Object... pairs) {
        Map<String, Arg> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (Arg) pairs[i + 1]);
        }
        return out;
    }

    private ProductFields() {
    }
}
