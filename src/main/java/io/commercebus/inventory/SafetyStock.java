package io.commercebus.inventory;

import io.commercebus.mapping.LookupTable;
import io.commercebus.mapping.MappingException;
import io.commercebus.mapping.StoreTables;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The units held back from a SKU: its own buffer ({@code lookups/safety-stock.csv}: SKU → units), else
 * its category's ({@code lookups/safety-stock-category.csv}: category → units), else the store's
 * {@code inventory.safety-stock}. Tables are read as for mappings: the store's own
 * ({@code mappings/stores/<id>/lookups/}) first, then the marketplace's, then the shared ones.
 */
public final class SafetyStock {

    static final String BY_SKU = "safety-stock.csv";
    static final String BY_CATEGORY = "safety-stock-category.csv";

    private final BigDecimal fallback;
    private final StoreTables bySku;
    private final StoreTables byCategory;

    private SafetyStock(BigDecimal fallback, StoreTables bySku, StoreTables byCategory) {
        this.fallback = fallback;
        this.bySku = bySku;
        this.byCategory = byCategory;
    }

    /**
     * Reads the store's tables.
     *
     * @throws MappingException naming the file and line of a broken table, or a value that is not a number of units
     */
    public static SafetyStock load(Path mappings, String store, String marketplace, BigDecimal fallback) {
        SafetyStock safety = new SafetyStock(fallback, StoreTables.load(mappings, store, marketplace, BY_SKU),
                StoreTables.load(mappings, store, marketplace, BY_CATEGORY));
        safety.check();
        return safety;
    }

    public BigDecimal forItem(String sku, String category) {
        String own = bySku.get(sku);
        if (own != null) {
            return new BigDecimal(own);
        }
        String ofCategory = category == null ? null : byCategory.get(category);
        return ofCategory != null ? new BigDecimal(ofCategory) : fallback;
    }

    private void check() {
        List<MappingException.Problem> problems = new ArrayList<>();
        List<LookupTable> all = new ArrayList<>(bySku.tables());
        all.addAll(byCategory.tables());
        for (LookupTable table : all) {
            for (String value : table.values()) {
                try {
                    if (new BigDecimal(value).signum() < 0) {
                        problems.add(new MappingException.Problem(table.file(), 0, 0, null,
                                "safety stock must not be negative: " + value));
                    }
                } catch (NumberFormatException e) {
                    problems.add(new MappingException.Problem(table.file(), 0, 0, null,
                            "safety stock must be a number of units, was '" + value + "'"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
    }
}
