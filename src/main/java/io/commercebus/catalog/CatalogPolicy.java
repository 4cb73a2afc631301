package io.commercebus.catalog;

import io.commercebus.config.StoreSettings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which NetSuite items a store lists and how ({@code bus.store.<id>.catalog.*}): published when
 * {@code catalog.publish=true}, SKUs from {@code catalog.sku-field} (itemid, upccode or a custom
 * field), matrix options from {@code catalog.option-fields} ({@code custitem_size:Size,custitem_colour:Colour}),
 * kits as bundles or not listed ({@code catalog.kits}), only items whose {@code catalog.include-field}
 * checkbox is set when one is named, prices from the base price level in the store's first currency.
 */
public record CatalogPolicy(String store, String marketplace, String skuField, Map<String, String> optionFields,
                            boolean kitsAsBundles, String includeField, String priceLevel, String currency)
        implements StoreRef {

    private static final java.util.regex.Pattern FIELD = java.util.regex.Pattern.compile("[a-z][a-z0-9_]*");

    /** The store's policy, or null when it lists no products. */
    public static CatalogPolicy of(String store, StoreSettings settings) {
        if (!"true".equals(settings.get(store, "catalog.publish"))) {
            return null;
        }
        Map<String, String> options = new LinkedHashMap<>();
        String list = settings.get(store, "catalog.option-fields");
        if (list != null) {
            for (String pair : list.split(",")) {
                String[] parts = pair.trim().split(":", 2);
                if (parts[0].isBlank()) {
                    continue;
                }
                options.put(field(store, "catalog.option-fields", parts[0]),
                        parts.length > 1 && !parts[1].isBlank() ? parts[1].trim() : parts[0].trim());
            }
        }
        String kits = value(settings.get(store, "catalog.kits"), "bundle");
        if (!kits.equals("bundle") && !kits.equals("components")) {
            throw new IllegalStateException("bus.store." + store + ".catalog.kits must be bundle or components, was " + kits);
        }
        String include = settings.get(store, "catalog.include-field");
        String currencies = value(settings.get(store, "prices.currencies"), "USD");
        return new CatalogPolicy(store, settings.required(store, "marketplace"),
                field(store, "catalog.sku-field", value(settings.get(store, "catalog.sku-field"), "itemid")), options,
                kits.equals("bundle"), include == null || include.isBlank() ? null : field(store, "catalog.include-field", include),
                value(settings.get(store, "prices.base-level"), "1"),
                currencies.split(",")[0].trim().toUpperCase(Locale.ROOT));
    }

    private static String field(String store, String setting, String name) {
        String field = name.trim().toLowerCase(Locale.ROOT);
        if (!FIELD.matcher(field).matches()) {
            throw new IllegalStateException("bus.store." + store + "." + setting + ": '" + name + "' is not a NetSuite item"
                    + " field name (letters, digits, '_')");
        }
        return field;
    }

    private static String value(String setting, String fallback) {
        return setting == null || setting.isBlank() ? fallback : setting.trim();
    }
}
