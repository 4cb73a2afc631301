package io.commercebus.pricing;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;

/**
 * A price a store should show for a SKU: its base price ({@code priceLevel} = the base level,
 * {@code customerGroup} null) or a price-list price for a customer group, in one currency.
 */
public record PriceUpdate(String sku, String netsuiteItemId, String priceLevel, String customerGroup, String currency,
                          BigDecimal price) {

    public static final String BASE = "base";

    /** The price list it belongs to: {@value #BASE}, or the NetSuite price level id. */
    @JsonIgnore
    public String priceList() {
        return customerGroup == null ? BASE : priceLevel;
    }

    @JsonIgnore
    public boolean isBase() {
        return customerGroup == null;
    }
}
