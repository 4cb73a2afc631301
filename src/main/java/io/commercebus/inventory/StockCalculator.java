package io.commercebus.inventory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The number a store shows for each SKU: the item's quantity summed over the store's locations, less
 * its safety stock, rounded down to whole units and never below zero. A kit listed as a bundle shows
 * how many complete kits its members allow. Matrix parents carry no stock of their own (their
 * children do), items that hold no stock (charges, discounts, services) and items without a SKU in
 * the store's SKU field are left out.
 */
public final class StockCalculator {

    private StockCalculator() {
    }

    /**
     * @param items the items to compute, and for kits their members (looked up by id)
     */
    public static List<StockLevel> levels(StockPolicy policy, SafetyStock safety, Map<String, ItemStock> items,
                                          Iterable<String> ids) {
        List<StockLevel> levels = new ArrayList<>();
        for (String id : ids) {
            ItemStock item = items.get(id);
            if (item == null || !(item.isKit() || ItemStock.INVENTORY.equals(item.itemType()))
                    || "PARENT".equalsIgnoreCase(item.field("matrixtype"))) {
                continue;
            }
            String sku = item.field(policy.skuField());
            if (sku == null || (item.isKit() && !policy.kitsAsBundles())) {
                continue;
            }
            BigDecimal units = item.isKit() ? kits(policy, item, items) : quantity(policy, item);
            if (units == null) {
                continue;
            }
            BigDecimal shown = units.subtract(safety.forItem(sku, item.field(policy.categoryField())));
            levels.add(new StockLevel(sku, id, Math.max(0, shown.setScale(0, RoundingMode.FLOOR).intValueExact())));
        }
        return levels;
    }

    /** The item's quantity over the store's locations. */
    static BigDecimal quantity(StockPolicy policy, ItemStock item) {
        Map<String, BigDecimal> byLocation = policy.onHand() ? item.onHand() : item.available();
        BigDecimal sum = BigDecimal.ZERO;
        for (String location : policy.locations()) {
            BigDecimal q = byLocation.get(location);
            if (q != null) {
                sum = sum.add(q);
            }
        }
        return sum;
    }

    /** Complete kits the members allow; null when a member's stock is unknown (not read). */
    private static BigDecimal kits(StockPolicy policy, ItemStock kit, Map<String, ItemStock> items) {
        BigDecimal fewest = null;
        for (Map.Entry<String, BigDecimal> member : kit.members().entrySet()) {
            ItemStock stock = items.get(member.getKey());
            if (stock == null || member.getValue().signum() <= 0) {
                return null;
            }
            BigDecimal kits = quantity(policy, stock).max(BigDecimal.ZERO).divide(member.getValue(), 0, RoundingMode.FLOOR);
            fewest = fewest == null ? kits : fewest.min(kits);
        }
        return fewest;
    }
}
