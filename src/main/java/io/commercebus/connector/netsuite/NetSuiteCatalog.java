package io.commercebus.connector.netsuite;

import io.commercebus.catalog.CatalogItem;
import io.commercebus.catalog.CatalogPolicy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NetSuite's items as stores list them ({@link CatalogItem}), read with SuiteQL: inventory items,
 * matrix parents with their children, and kits with their members, with the base price in the
 * store's currency. A change to a matrix child lists its whole parent again.
 */
public class NetSuiteCatalog {

    private static final String LISTED_TYPES = "itemtype IN ('InvtPart', 'Kit')";

    private final NetSuiteClient netsuite;
    private final ZoneId accountZone;

    public NetSuiteCatalog(NetSuiteClient netsuite, ZoneId accountZone) {
        this.netsuite = netsuite;
        this.accountZone = accountZone;
    }

    /** The listed items (matrix parents for their children) whose record changed at or after {@code since}. */
    public Set<String> changedSince(Instant since) {
        Set<String> ids = new LinkedHashSet<>();
        for (Map<String, String> row : netsuite.query("SELECT id, parent FROM item WHERE lastmodifieddate >= "
                + SuiteQlText.timestamp(since, accountZone) + " AND " + LISTED_TYPES + " ORDER BY id")) {
            String parent = row.get("parent");
            ids.add(parent == null || parent.isBlank() ? row.get("id") : parent);
        }
        return ids;
    }

    /** Every active listed item that is not a matrix child. */
    public Set<String> all() {
        Set<String> ids = new LinkedHashSet<>();
        netsuite.queryByKey("SELECT id FROM item", "isinactive = 'F' AND parent IS NULL AND " + LISTED_TYPES, "id", "")
                .forEach(row -> ids.add(row.get("id")));
        return ids;
    }

    /**
     * These items as the store lists them. Inactive items, items without a SKU, items the store's
     * include field leaves out and kits of a store that does not list them are left out.
     *
     * @param currencyId the NetSuite internal id of the store's currency
     */
    public List<CatalogItem> read(Collection<String> ids, CatalogPolicy policy, String currencyId) {
        List<CatalogItem> out = new ArrayList<>();
        for (List<String> chunk : SuiteQlText.chunks(ids)) {
            String in = SuiteQlText.numbers(chunk);
            Map<String, Map<String, String>> tops = rows("WHERE id IN (" + in + ")", policy);
            Map<String, List<Map<String, String>>> children = new HashMap<>();
            rows("WHERE parent IN (" + in + ") AND isinactive = 'F'", policy).values()
                    .forEach(row -> children.computeIfAbsent(row.get("parent"), k -> new ArrayList<>()).add(row));
            Map<String, List<String[]>> members = new HashMap<>();
            Set<String> memberIds = new LinkedHashSet<>();
            for (Map<String, String> row : netsuite.query("SELECT parentitem, item, quantity FROM itemmember WHERE parentitem IN ("
                    + in + ") ORDER BY parentitem, item")) {
                members.computeIfAbsent(row.get("parentitem"), k -> new ArrayList<>())
                        .add(new String[] {row.get("item"), row.get("quantity")});
                memberIds.add(row.get("item"));
            }
            Map<String, Map<String, String>> memberRows = memberIds.isEmpty() ? Map.of()
                    : rows("WHERE id IN (" + SuiteQlText.numbers(memberIds) + ")", policy);
            Set<String> priced = new LinkedHashSet<>(tops.keySet());
            children.values().forEach(list -> list.forEach(row -> priced.add(row.get("id"))));
            Map<String, BigDecimal> prices = prices(priced, policy.priceLevel(), currencyId);
            for (Map<String, String> top : tops.values()) {
                CatalogItem item = item(top, children.getOrDefault(top.get("id"), List.of()),
                        members.getOrDefault(top.get("id"), List.of()), memberRows, prices, policy);
                if (item != null) {
                    out.add(item);
                }
            }
        }
        return out;
    }

    private CatalogItem item(Map<String, String> top, List<Map<String, String>> children, List<String[]> members,
                             Map<String, Map<String, String>> memberRows, Map<String, BigDecimal> prices,
                             CatalogPolicy policy) {
        String sku = text(top, policy.skuField());
        boolean kit = "Kit".equals(top.get("itemtype"));
        if (sku == null || "T".equals(top.get("isinactive")) || (kit && !policy.kitsAsBundles())
                || (policy.includeField() != null && !"T".equals(top.get(policy.includeField())))) {
            return null;
        }
        boolean matrix = "PARENT".equalsIgnoreCase(top.get("matrixtype"));
        Map<String, List<String>> optionValues = new LinkedHashMap<>();
        List<CatalogItem.Variant> variants = new ArrayList<>();
        for (Map<String, String> child : children) {
            String childSku = text(child, policy.skuField());
            if (childSku == null) {
                continue;
            }
            Map<String, String> options = new LinkedHashMap<>();
            policy.optionFields().forEach((field, name) -> {
                String value = text(child, field);
                if (value != null) {
                    options.put(name, value);
                    List<String> values = optionValues.computeIfAbsent(name, k -> new ArrayList<>());
                    if (!values.contains(value)) {
                        values.add(value);
                    }
                }
            });
            variants.add(new CatalogItem.Variant(child.get("id"), childSku, text(child, "upccode"),
                    prices.getOrDefault(child.get("id"), prices.get(top.get("id"))), options));
        }
        List<CatalogItem.Component> components = new ArrayList<>();
        for (String[] member : members) {
            Map<String, String> row = memberRows.get(member[0]);
            components.add(new CatalogItem.Component(member[0], row == null ? null : text(row, policy.skuField()),
                    new BigDecimal(member[1])));
        }
        List<CatalogItem.Option> options = new ArrayList<>();
        optionValues.forEach((name, values) -> options.add(new CatalogItem.Option(name, values)));
        String name = text(top, "displayname");
        return new CatalogItem(top.get("id"), kit ? CatalogItem.KIT : matrix ? CatalogItem.MATRIX : CatalogItem.SIMPLE, sku,
                name != null ? name : sku, text(top, "salesdescription"), text(top, "upccode"), policy.currency(),
                prices.get(top.get("id")), options, variants, components);
    }

    private Map<String, Map<String, String>> rows(String where, CatalogPolicy policy) {
        Set<String> columns = new LinkedHashSet<>(List.of("id", "itemid", "displayname", "salesdescription", "upccode",
                "itemtype", "matrixtype", "parent", "isinactive", policy.skuField()));
        columns.addAll(policy.optionFields().keySet());
        if (policy.includeField() != null) {
            columns.add(policy.includeField());
        }
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        netsuite.query("SELECT " + String.join(", ", columns) + " FROM item " + where + " ORDER BY id")
                .forEach(row -> rows.put(row.get("id"), row));
        return rows;
    }

    private Map<String, BigDecimal> prices(Set<String> ids, String level, String currencyId) {
        Map<String, BigDecimal> prices = new HashMap<>();
        if (ids.isEmpty()) {
            return prices;
        }
        for (List<String> chunk : SuiteQlText.chunks(ids)) {
            netsuite.query("SELECT item, unitprice FROM pricing WHERE item IN (" + SuiteQlText.numbers(chunk)
                    + ") AND pricelevel IN (" + SuiteQlText.numbers(List.of(level)) + ") AND currency IN ("
                    + SuiteQlText.numbers(List.of(currencyId)) + ") ORDER BY item").forEach(row -> {
                        if (row.get("unitprice") != null && !row.get("unitprice").isBlank()) {
                            prices.put(row.get("item"), new BigDecimal(row.get("unitprice")));
                        }
                    });
        }
        return prices;
    }

    private static String text(Map<String, String> row, String field) {
        String value = row.get(field);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
