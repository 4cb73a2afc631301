package io.commercebus.connector.netsuite;

import io.commercebus.inventory.ItemStock;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Items and their stock per location, read from NetSuite with SuiteQL (paged, governed like every
 * NetSuite request): the items whose available quantity or record changed since a time, or all of
 * them, with the fields stores take their SKUs and categories from and the members of kits.
 */
public class NetSuiteStock {


    private final NetSuiteClient netsuite;
    private final ZoneId accountZone;

    /** @param accountZone the time zone NetSuite reads dates in (the account's, or the integration role's user) */
    public NetSuiteStock(NetSuiteClient netsuite, ZoneId accountZone) {
        this.netsuite = netsuite;
        this.accountZone = accountZone;
    }

    /** Ids of items whose available quantity or record changed at or after {@code since}, and of kits containing them. */
    public Set<String> changedSince(Instant since) {
        String at = SuiteQlText.timestamp(since, accountZone);
        Set<String> ids = new LinkedHashSet<>();
        netsuite.query("SELECT item FROM inventoryitemlocations WHERE lastquantityavailablechange >= " + at
                + " ORDER BY item").forEach(row -> ids.add(row.get("item")));
        netsuite.query("SELECT id FROM item WHERE lastmodifieddate >= " + at + " ORDER BY id")
                .forEach(row -> ids.add(row.get("id")));
        return withKits(ids);
    }

    /** The items and the kits they are members of: a kit's stock is what its members allow. */
    public Set<String> withKits(Collection<String> itemIds) {
        Set<String> ids = new LinkedHashSet<>(itemIds);
        for (List<String> chunk : SuiteQlText.chunks(itemIds)) {
            netsuite.query("SELECT parentitem FROM itemmember WHERE item IN (" + SuiteQlText.numbers(chunk) + ") ORDER BY parentitem")
                    .forEach(row -> ids.add(row.get("parentitem")));
        }
        return ids;
    }

    /** These items (and the members of kits among them), with the given item fields and their stock at the locations. */
    public Map<String, ItemStock> read(Collection<String> ids, Set<String> fields, Set<String> locations) {
        Map<String, Builder> items = new LinkedHashMap<>();
        Set<String> wanted = new LinkedHashSet<>(ids);
        while (!wanted.isEmpty()) {
            for (List<String> chunk : SuiteQlText.chunks(wanted)) {
                readItems("WHERE id IN (" + SuiteQlText.numbers(chunk) + ")", fields, items);
                readMembers("WHERE parentitem IN (" + SuiteQlText.numbers(chunk) + ")", items);
                readStock("WHERE item IN (" + SuiteQlText.numbers(chunk) + ")" + locationFilter(locations), items);
            }
            // kits need their members' stock: read the members not read yet
            wanted = new LinkedHashSet<>();
            for (Builder item : items.values()) {
                for (String member : item.members.keySet()) {
                    if (!items.containsKey(member)) {
                        wanted.add(member);
                    }
                }
            }
        }
        return build(items);
    }

    /** Every active item with its stock at the locations: a full pass. */
    public Map<String, ItemStock> readAll(Set<String> fields, Set<String> locations) {
        Map<String, Builder> items = new LinkedHashMap<>();
        for (Map<String, String> row : netsuite.queryByKey("SELECT " + String.join(", ", columns(fields)) + " FROM item",
                "isinactive = 'F'", "id", "")) {
            item(items, row);
        }
        readMembers("", items);
        for (Map<String, String> row : netsuite.queryByKey("SELECT item, location, quantityavailable, quantityonhand FROM"
                + " inventoryitemlocations", locations.isEmpty() ? "" : "location IN (" + SuiteQlText.numbers(locations) + ")",
                "item", "location")) {
            stock(items, row);
        }
        return build(items);
    }

    /** The active locations of these subsidiaries. */
    public Set<String> locationsOf(Collection<String> subsidiaries) {
        if (subsidiaries.isEmpty()) {
            return Set.of();
        }
        return netsuite.query("SELECT id FROM location WHERE subsidiary IN (" + SuiteQlText.numbers(subsidiaries)
                + ") AND isinactive = 'F' ORDER BY id").stream().map(row -> row.get("id"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private void readItems(String where, Set<String> fields, Map<String, Builder> items) {
        for (Map<String, String> row : netsuite.query("SELECT " + String.join(", ", columns(fields)) + " FROM item " + where
                + " ORDER BY id")) {
            item(items, row);
        }
    }

    private static Set<String> columns(Set<String> fields) {
        Set<String> columns = new LinkedHashSet<>(List.of("id", "itemtype", "itemid", "matrixtype"));
        columns.addAll(fields);
        return columns;
    }

    private static void item(Map<String, Builder> items, Map<String, String> row) {
        Builder item = items.computeIfAbsent(row.get("id"), Builder::new);
        item.type = row.get("itemtype");
        item.fields.putAll(row);
    }

    private void readMembers(String where, Map<String, Builder> items) {
        for (Map<String, String> row : netsuite.query("SELECT parentitem, item, quantity FROM itemmember " + where
                + (where.isEmpty() ? "" : " ") + "ORDER BY parentitem, item")) {
            Builder kit = items.get(row.get("parentitem"));
            if (kit != null) {
                kit.members.merge(row.get("item"), decimal(row.get("quantity")), BigDecimal::add);
            }
        }
    }

    private void readStock(String where, Map<String, Builder> items) {
        for (Map<String, String> row : netsuite.query("SELECT item, location, quantityavailable, quantityonhand FROM"
                + " inventoryitemlocations " + where + (where.isEmpty() ? "" : " ") + "ORDER BY item, location")) {
            stock(items, row);
        }
    }

    /** A location's quantities; a location that never held the item has none (null), counted as zero. */
    private static void stock(Map<String, Builder> items, Map<String, String> row) {
        Builder item = items.get(row.get("item"));
        if (item != null) {
            item.available.put(row.get("location"), decimal(row.get("quantityavailable")));
            item.onHand.put(row.get("location"), decimal(row.get("quantityonhand")));
        }
    }

    private static String locationFilter(Set<String> locations) {
        return locations.isEmpty() ? "" : " AND location IN (" + SuiteQlText.numbers(locations) + ")";
    }

    private static Map<String, ItemStock> build(Map<String, Builder> items) {
        Map<String, ItemStock> out = new HashMap<>(items.size() * 2);
        items.forEach((id, b) -> out.put(id, new ItemStock(id, b.type, b.fields, b.available, b.onHand, b.members)));
        return out;
    }

    private static BigDecimal decimal(String value) {
        return value == null || value.isBlank() ? BigDecimal.ZERO : new BigDecimal(value);
    }

    private static final class Builder {
        final String id;
        String type;
        final Map<String, String> fields = new HashMap<>();
        final Map<String, BigDecimal> available = new HashMap<>();
        final Map<String, BigDecimal> onHand = new HashMap<>();
        final Map<String, BigDecimal> members = new LinkedHashMap<>();

        Builder(String id) {
            this.id = id;
        }
    }
}
