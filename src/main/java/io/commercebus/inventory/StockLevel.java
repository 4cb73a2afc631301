package io.commercebus.inventory;

/** The number a store should show for a SKU, and the NetSuite item it comes from. */
public record StockLevel(String sku, String netsuiteItemId, int quantity) {
}
