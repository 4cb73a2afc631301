package io.commercebus.pricing;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One NetSuite item's prices: per price level and NetSuite currency id, with the item fields that can
 * be a store's SKU.
 *
 * @param prices {@code <price level id>/<currency id>} → unit price
 */
public record ItemPrices(String id, Map<String, String> fields, Map<String, BigDecimal> prices) {

    public static String key(String priceLevel, String currencyId) {
        return priceLevel + "/" + currencyId;
    }

    public String field(String name) {
        String value = fields.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
