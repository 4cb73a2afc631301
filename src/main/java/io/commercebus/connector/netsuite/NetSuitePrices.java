package io.commercebus.connector.netsuite;

import io.commercebus.pricing.ItemPrices;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Items' prices per price level and currency, read from NetSuite with SuiteQL: those of items changed
 * since a time (a price change modifies the item), or of every active item.
 */
public class NetSuitePrices {

    private final NetSuiteClient netsuite;
    private final ZoneId accountZone;

    public NetSuitePrices(NetSuiteClient netsuite, ZoneId accountZone) {
        this.netsuite = netsuite;
        this.accountZone = accountZone;
    }

    public Set<String> changedSince(Instant since) {
        Set<String> ids = new LinkedHashSet<>();
        netsuite.query("SELECT id FROM item WHERE lastmodifieddate >= " + SuiteQlText.timestamp(since, accountZone)
                + " ORDER BY id").forEach(row -> ids.add(row.get("id")));
        return ids;
    }

    /** These items' prices at the price levels and NetSuite currency ids given. */
    public Map<String, ItemPrices> read(Collection<String> ids, Set<String> fields, Set<String> levels, Set<String> currencies) {
        Map<String, ItemPrices> items = new HashMap<>();
        for (List<String> chunk : SuiteQlText.chunks(ids)) {
            String in = SuiteQlText.numbers(chunk);
            readItems("WHERE id IN (" + in + ")", fields, items);
            readPrices("WHERE item IN (" + in + ") AND " + filter(levels, currencies), items);
        }
        return items;
    }

    public Map<String, ItemPrices> readAll(Set<String> fields, Set<String> levels, Set<String> currencies) {
        Map<String, ItemPrices> items = new HashMap<>();
        netsuite.queryByKey("SELECT " + columns(fields) + " FROM item", "isinactive = 'F'", "id", "")
                .forEach(row -> item(items, row));
        netsuite.queryByKey("SELECT item, pricelevel, currency, unitprice FROM pricing", filter(levels, currencies), "item",
                "pricelevel, currency").forEach(row -> price(items, row));
        return items;
    }

    private void readItems(String where, Set<String> fields, Map<String, ItemPrices> items) {
        netsuite.query("SELECT " + columns(fields) + " FROM item " + where + " ORDER BY id").forEach(row -> item(items, row));
    }

    private void readPrices(String where, Map<String, ItemPrices> items) {
        netsuite.query("SELECT item, pricelevel, currency, unitprice FROM pricing " + where
                + " ORDER BY item, pricelevel, currency").forEach(row -> price(items, row));
    }

    private static String columns(Set<String> fields) {
        Set<String> columns = new LinkedHashSet<>(List.of("id", "itemid", "matrixtype"));
        columns.addAll(fields);
        return String.join(", ", columns);
    }

    private static void item(Map<String, ItemPrices> items, Map<String, String> row) {
        items.put(row.get("id"), new ItemPrices(row.get("id"), row, new HashMap<>()));
    }

    private static void price(Map<String, ItemPrices> items, Map<String, String> row) {
        ItemPrices item = items.get(row.get("item"));
        String price = row.get("unitprice");
        if (item != null && price != null && !price.isBlank()) {
            item.prices().put(ItemPrices.key(row.get("pricelevel"), row.get("currency")), new BigDecimal(price));
        }
    }

    private static String filter(Set<String> levels, Set<String> currencies) {
        return "pricelevel IN (" + SuiteQlText.numbers(levels) + ") AND currency IN (" + SuiteQlText.numbers(currencies) + ")";
    }
}
