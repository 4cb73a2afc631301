package io.commercebus.pricing;

import io.commercebus.catalog.StoreRef;
import io.commercebus.config.StoreSettings;
import io.commercebus.mapping.LookupTable;
import io.commercebus.mapping.StoreTables;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which NetSuite prices a store shows ({@code bus.store.<id>.prices.*}): the base price level as the
 * product's price, in each of the store's currencies, and — where the marketplace has price lists
 * (BigCommerce) — other price levels as price lists for customer groups, from the lookup table
 * {@code price-level.csv} (NetSuite price level id → the store's customer group id).
 *
 * @param baseLevel   the NetSuite price level whose price is the product's price (1, Base Price)
 * @param groupLevels other price levels → the customer group their price list is assigned to
 * @param currencies  ISO codes of the currencies the store sells in
 */
public record PricePolicy(String store, String marketplace, String baseLevel, Map<String, String> groupLevels,
                          List<String> currencies, String skuField) implements StoreRef {

    public static final String PRICE_LEVELS = "price-level.csv";

    /** The store's policy, or null when it publishes no prices ({@code prices.publish} is not true). */
    public static PricePolicy of(String store, StoreSettings settings, Path mappings) {
        if (!"true".equals(settings.get(store, "prices.publish"))) {
            return null;
        }
        String marketplace = settings.required(store, "marketplace");
        Map<String, String> groups = new LinkedHashMap<>();
        for (LookupTable table : StoreTables.load(mappings, store, marketplace, PRICE_LEVELS).tables()) {
            table.entries().forEach(groups::putIfAbsent);
        }
        String currencies = settings.get(store, "prices.currencies");
        return new PricePolicy(store, marketplace, value(settings.get(store, "prices.base-level"), "1"), groups,
                Arrays.stream(value(currencies, "USD").split(",")).map(c -> c.trim().toUpperCase(Locale.ROOT))
                        .filter(c -> !c.isEmpty()).toList(),
                value(settings.get(store, "catalog.sku-field"), "itemid").toLowerCase(Locale.ROOT));
    }

    private static String value(String setting, String fallback) {
        return setting == null || setting.isBlank() ? fallback : setting.trim();
    }
}
