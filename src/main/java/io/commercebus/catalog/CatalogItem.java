package io.commercebus.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A NetSuite item as a store lists it, the same for every marketplace: a simple product, a matrix
 * item (its parent as the product, its children as variants with their option values) or a kit
 * (listed as one bundle product). Prices are the store's base price level in its currency.
 *
 * @param type {@value #SIMPLE}, {@value #MATRIX} or {@value #KIT}
 */
public record CatalogItem(String netsuiteId, String type, String sku, String name, String description, String upc,
                          String currency, BigDecimal price, List<Option> options, List<Variant> variants,
                          List<Component> components) {

    public static final String SIMPLE = "simple";
    public static final String MATRIX = "matrix";
    public static final String KIT = "kit";

    /** A matrix option (e.g. Size) and its values in the order NetSuite's children give them. */
    public record Option(String name, List<String> values) {
    }

    /** A matrix child. */
    public record Variant(String netsuiteId, String sku, String upc, BigDecimal price, Map<String, String> options) {
    }

    /** A kit member and how many of it one kit holds. */
    public record Component(String netsuiteId, String sku, BigDecimal quantity) {
    }

    /** Every SKU the listing uses: the product's and its variants'. */
    public List<String> skus() {
        List<String> skus = new java.util.ArrayList<>();
        skus.add(sku);
        variants.forEach(v -> skus.add(v.sku()));
        return skus;
    }
}
