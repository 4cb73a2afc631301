package io.commercebus.inventory;

import io.commercebus.mapping.LookupTable;
import io.commercebus.mapping.MappingException;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The units held back from a SKU: its own buffer ({@code lookups/safety-stock.csv}: SKU → units), else
 * its category's ({@code lookups/safety-stock-category.csv}: category → units), else the store's
 * {@code inventory.safety-stock}. A store's own tables ({@code mappings/stores/<id>/lookups/}) come
 * before the shared ones ({@code mappings/lookups/}).
 */
public final class SafetyStock {

    static final String BY_SKU = "safety-stock.csv";
    static final String BY_CATEGORY = "safety-stock-category.csv";

    private final BigDecimal fallback;
    private final List<LookupTable> bySku;
    private final List<LookupTable> byCategory;

    private SafetyStock(BigDecimal fallback, List<LookupTable> bySku, List<LookupTable> byCategory) {
        this.fallback = fallback;
        this.bySku = bySku;
        this.byCategory = byCategory;
    }

    /**
     * Reads the store's tables.
     *
     * @throws MappingException naming the file and line of a broken table
     */
    public static SafetyStock load(Path mappings, String store, BigDecimal fallback) {
        List<MappingException.Problem> problems = new ArrayList<>();
        SafetyStock safety = new SafetyStock(fallback, tables(mappings, store, BY_SKU, problems),
                tables(mappings, store, BY_CATEGORY, problems));
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        safety.check(mappings);
        return safety;
    }

    public BigDecimal forItem(String sku, String category) {
        BigDecimal own = first(bySku, sku);
        if (own != null) {
            return own;
        }
        BigDecimal ofCategory = category == null ? null : first(byCategory, category);
        return ofCategory != null ? ofCategory : fallback;
    }

    private static BigDecimal first(List<LookupTable> tables, String key) {
        for (LookupTable table : tables) {
            String value = table.get(key);
            if (value != null) {
                return new BigDecimal(value);
            }
        }
        return null;
    }

    private void check(Path mappings) {
        List<MappingException.Problem> problems = new ArrayList<>();
        for (LookupTable table : concat(bySku, byCategory)) {
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

    private static List<LookupTable> concat(List<LookupTable> a, List<LookupTable> b) {
        List<LookupTable> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<LookupTable> tables(Path mappings, String store, String file, List<MappingException.Problem> problems) {
        List<LookupTable> tables = new ArrayList<>();
        for (Path path : List.of(mappings.resolve("stores").resolve(store).resolve("lookups").resolve(file),
                mappings.resolve("lookups").resolve(file))) {
            if (Files.isRegularFile(path)) {
                LookupTable table = LookupTable.load(path, path.toString(), problems);
                if (table != null) {
                    tables.add(table);
                }
            }
        }
        return tables;
    }
}
