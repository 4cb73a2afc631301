package io.commercebus.inventory;

import io.commercebus.catalog.StoreRef;
import io.commercebus.config.StoreSettings;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What one store shows as stock ({@code bus.store.<id>.inventory.*} and {@code catalog.*}): the sum of
 * the quantities of its NetSuite locations (listed, or all locations of its subsidiaries), available
 * or on hand, less a safety-stock buffer, never below zero.
 *
 * @param locations          NetSuite location ids whose stock the store sells
 * @param subsidiaries       NetSuite subsidiary ids: all their locations count (with or instead of {@code locations})
 * @param onHand             count quantity on hand instead of quantity available (on hand less committed)
 * @param safetyStock        units held back from every SKU, unless its item or category has its own buffer
 * @param lowStockThreshold  a SKU whose number falls below it is pushed at once, not at the next scheduled run
 * @param skuField           the NetSuite item field that is the store's SKU (itemid, upccode or a custom field)
 * @param categoryField      the NetSuite item field whose value names the item's category for safety stock
 * @param kitsAsBundles      kits are listed as one product whose stock is what their members allow
 */
public record StockPolicy(String store, String marketplace, Set<String> locations, Set<String> subsidiaries,
                          boolean onHand, BigDecimal safetyStock, int lowStockThreshold, String skuField,
                          String categoryField, boolean kitsAsBundles) implements StoreRef {

    /** The store's policy, or null when the store publishes no stock (no locations or subsidiaries set). */
    public static StockPolicy of(String store, StoreSettings settings) {
        Set<String> locations = ids(settings.get(store, "inventory.locations"));
        Set<String> subsidiaries = ids(settings.get(store, "inventory.subsidiaries"));
        if (locations.isEmpty() && subsidiaries.isEmpty()) {
            return null;
        }
        String quantity = value(settings.get(store, "inventory.quantity"), "available");
        if (!quantity.equals("available") && !quantity.equals("on-hand")) {
            throw new IllegalStateException("bus.store." + store + ".inventory.quantity must be available or on-hand, was "
                    + quantity);
        }
        String kits = value(settings.get(store, "catalog.kits"), "bundle");
        if (!kits.equals("bundle") && !kits.equals("components")) {
            throw new IllegalStateException("bus.store." + store + ".catalog.kits must be bundle or components, was " + kits);
        }
        BigDecimal safety;
        int threshold;
        try {
            safety = new BigDecimal(value(settings.get(store, "inventory.safety-stock"), "0"));
            threshold = Integer.parseInt(value(settings.get(store, "inventory.low-stock-threshold"), "5"));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("bus.store." + store + ".inventory.safety-stock and low-stock-threshold must be"
                    + " numbers: " + e.getMessage());
        }
        return new StockPolicy(store, settings.required(store, "marketplace"), locations, subsidiaries,
                quantity.equals("on-hand"), safety, threshold,
                value(settings.get(store, "catalog.sku-field"), "itemid").toLowerCase(Locale.ROOT),
                value(settings.get(store, "inventory.category-field"), "class").toLowerCase(Locale.ROOT),
                kits.equals("bundle"));
    }

    /** The same policy with its subsidiaries resolved into their locations. */
    public StockPolicy withLocations(Set<String> resolved) {
        Set<String> all = new LinkedHashSet<>(locations);
        all.addAll(resolved);
        return new StockPolicy(store, marketplace, all, subsidiaries, onHand, safetyStock, lowStockThreshold, skuField,
                categoryField, kitsAsBundles);
    }

    private static Set<String> ids(String list) {
        Set<String> ids = new LinkedHashSet<>();
        if (list != null) {
            Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(ids::add);
        }
        return ids;
    }

    private static String value(String setting, String fallback) {
        return setting == null || setting.isBlank() ? fallback : setting.trim();
    }
}
