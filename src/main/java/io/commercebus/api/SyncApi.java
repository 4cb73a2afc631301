package io.commercebus.api;

import io.commercebus.catalog.CatalogSync;
import io.commercebus.inventory.InventorySync;
import io.commercebus.pricing.PriceSync;

import java.util.Map;

/** {@code POST /api/sync/{inventory|prices|catalog}}: an operator's "sync now", at the next tick instead of the schedule. */
public class SyncApi {

    private final InventorySync inventory;
    private final PriceSync prices;
    private final CatalogSync catalog;

    public SyncApi(InventorySync inventory, PriceSync prices, CatalogSync catalog) {
        this.inventory = inventory;
        this.prices = prices;
        this.catalog = catalog;
    }

    public Map<String, Object> runNow(String what) {
        switch (what == null ? "" : what) {
            case "inventory" -> inventory.runNow();
            case "prices" -> prices.runNow();
            case "catalog" -> catalog.runNow();
            default -> throw new LedgerApi.ApiException(404, "nothing to sync called '" + what
                    + "'; POST /api/sync/inventory, /api/sync/prices or /api/sync/catalog");
        }
        return Map.of("status", "scheduled", "sync", what);
    }
}
