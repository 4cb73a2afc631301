package io.commercebus.mapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One lookup table as a store sees it, for building blocks outside mapping files (safety stock, price
 * levels): the store's own file first, then its marketplace's, then the shared one, as for mappings.
 */
public final class StoreTables {

    private final List<LookupTable> tables;

    private StoreTables(List<LookupTable> tables) {
        this.tables = tables;
    }

    /**
     * Reads {@code mappings/stores/<store>/lookups/<file>}, {@code mappings/<marketplace>/lookups/<file>} and
     * {@code mappings/lookups/<file>}, those that exist.
     *
     * @throws MappingException naming the file and line of a broken table
     */
    public static StoreTables load(Path mappings, String store, String marketplace, String file) {
        List<MappingException.Problem> problems = new ArrayList<>();
        List<LookupTable> tables = new ArrayList<>();
        for (Path path : List.of(mappings.resolve("stores").resolve(store).resolve("lookups").resolve(file),
                mappings.resolve(marketplace).resolve("lookups").resolve(file), mappings.resolve("lookups").resolve(file))) {
            if (Files.isRegularFile(path)) {
                LookupTable table = LookupTable.load(path, path.toString(), problems);
                if (table != null) {
                    tables.add(table);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        return new StoreTables(tables);
    }

    /** The value for the key in the first table that has one (its default row included), or null. */
    public String get(String key) {
        for (LookupTable table : tables) {
            String value = table.get(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The value listed for exactly this key in the first table that lists it, ignoring default rows; or null. */
    public String exact(String key) {
        for (LookupTable table : tables) {
            String value = table.entries().get(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    public List<LookupTable> tables() {
        return tables;
    }
}
