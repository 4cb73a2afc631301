package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Items as the REST record API shows them (REST API Browser, record v1: {@code inventoryItem},
 * {@code kitItem}…): body fields, references as {@code {id, refName}}, enumerations as
 * {@code {id, refName}}, datetimes in UTC (ISO 8601), and the sublists {@code locations}
 * (inventory items), {@code price} and {@code member} (kits). Sublists are links unless expanded
 * ({@code expandSubResources=true}), as NetSuite does not expand them by default.
 */
final class ItemJson {

    static final Set<String> SUBLISTS = Set.of("locations", "price", "member");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ItemJson() {
    }

    /**
     * @param baseUrl e.g. {@code http://host:port}, for links; null for none
     */
    static ObjectNode record(Catalog catalog, Catalog.Item item, String baseUrl, boolean expand) {
        synchronized (catalog) {
            ObjectNode out = NODES.objectNode();
            String self = baseUrl == null ? null : baseUrl + "/services/rest/record/v1/" + item.type + "/" + item.id;
            if (self != null) {
                out.putArray("links").addObject().put("rel", "self").put("href", self);
            }
            out.put("id", Integer.toString(item.id));
            out.put("itemId", item.itemId);
            putIfSet(out, "displayName", item.displayName);
            putIfSet(out, "salesDescription", item.salesDescription);
            putIfSet(out, "upcCode", item.upcCode);
            putIfSet(out, "externalId", item.externalId);
            out.put("isInactive", item.inactive);
            out.set("itemType", enumValue(item.typeCode(), Catalog.ITEM_TYPES.get(item.type)[1]));
            if (item.matrixType != null) {
                out.set("matrixType", enumValue(item.matrixType, item.matrixType.equals("PARENT") ? "Parent Matrix Item"
                        : "Child Matrix Item"));
            }
            if (item.parentId != null) {
                Catalog.Item parent = catalog.item(item.parentId);
                out.set("parent", ref(baseUrl, item.type, item.parentId, parent == null ? null : parent.itemId));
            }
            if (item.classId != null) {
                Catalog.Classification c = catalog.classification(item.classId);
                out.set("class", ref(baseUrl, "classification", item.classId, c == null ? null : c.name()));
            }
            out.put("createdDate", item.created.toString());
            out.put("lastModifiedDate", item.lastModified.toString());
            if (item.extra != null) {
                out.setAll(item.extra.deepCopy());
            }
            if (item.stock != null) {
                BigDecimal onHand = null;
                BigDecimal committed = null;
                BigDecimal backOrdered = null;
                for (Catalog.StockRow row : item.stock) {
                    if (row.stocked()) {
                        onHand = onHand == null ? row.onHand : onHand.add(row.onHand);
                        committed = committed == null ? row.committed : committed.add(row.committed);
                        backOrdered = backOrdered == null ? row.backOrdered : backOrdered.add(row.backOrdered);
                    }
                }
                if (onHand != null) {
                    out.put("quantityOnHand", onHand);
                    out.put("quantityCommitted", committed);
                    out.put("quantityAvailable", onHand.subtract(committed));
                    out.put("quantityBackOrdered", backOrdered);
                }
                out.set("locations", sublist(catalog, item, "locations", baseUrl, expand));
            }
            out.set("price", sublist(catalog, item, "price", baseUrl, expand));
            if (item.type.equals(Catalog.KIT)) {
                out.set("member", sublist(catalog, item, "member", baseUrl, expand));
            }
            return out;
        }
    }

    /** A sublist of an item: the collection when expanded, else only its link. Null if it has no such sublist. */
    static ObjectNode sublist(Catalog catalog, Catalog.Item item, String name, String baseUrl, boolean expand) {
        synchronized (catalog) {
            if (name.equals("locations") && item.stock == null || name.equals("member") && !item.type.equals(Catalog.KIT)
                    || !SUBLISTS.contains(name)) {
                return null;
            }
            ObjectNode out = NODES.objectNode();
            if (baseUrl != null) {
                out.putArray("links").addObject().put("rel", "self")
                        .put("href", baseUrl + "/services/rest/record/v1/" + item.type + "/" + item.id + "/" + name);
            } else if (expand) {
                out.putArray("links");
            }
            if (!expand) {
                return out;
            }
            ArrayNode items = NODES.arrayNode();
            switch (name) {
                case "locations" -> {
                    for (Catalog.StockRow row : item.stock) {
                        ObjectNode l = items.addObject();
                        l.set("location", ref(baseUrl, "location", row.location.id(), row.location.name()));
                        l.put("locationId", row.location.id());
                        l.put("location_display", row.location.name());
                        if (row.stocked()) {
                            l.put("quantityOnHand", row.onHand);
                            l.put("quantityCommitted", row.committed);
                            l.put("quantityAvailable", row.available());
                            l.put("quantityBackOrdered", row.backOrdered);
                        }
                    }
                }
                case "price" -> {
                    for (Catalog.Price p : item.prices) {
                        ObjectNode l = items.addObject();
                        Catalog.Currency c = catalog.currency(p.currency());
                        Catalog.PriceLevel level = catalog.priceLevel(p.level());
                        l.set("currencyPage", ref(baseUrl, "currency", p.currency(), c == null ? null : c.name()));
                        l.set("priceLevel", ref(baseUrl, "priceLevel", p.level(), level == null ? null : level.name()));
                        l.put("priceLevelName", level == null ? null : level.name());
                        l.put("price", p.amount());
                    }
                }
                default -> {
                    for (Catalog.Member m : item.members) {
                        ObjectNode l = items.addObject();
                        Catalog.Item member = catalog.item(m.item());
                        l.set("item", ref(baseUrl, member == null ? "item" : member.type, m.item(),
                                member == null ? null : member.itemId));
                        l.put("quantity", m.quantity());
                        l.put("lineNumber", m.line());
                    }
                }
            }
            out.put("count", items.size());
            out.put("hasMore", false);
            out.set("items", items);
            out.put("offset", 0);
            out.put("totalResults", items.size());
            return out;
        }
    }

    /** A location, price level, currency, classification, account or shipping item as the REST record API shows it. */
    static ObjectNode listRecord(Catalog catalog, String type, String id, String baseUrl) {
        int n;
        try {
            n = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return null;
        }
        ObjectNode out = NODES.objectNode();
        if (baseUrl != null) {
            out.putArray("links").addObject().put("rel", "self")
                    .put("href", baseUrl + "/services/rest/record/v1/" + type + "/" + id);
        }
        out.put("id", id);
        switch (type) {
            case "location" -> {
                Catalog.Location l = catalog.location(n);
                if (l == null) {
                    return null;
                }
                out.put("name", l.name());
                out.put("isInactive", l.inactive());
                out.put("makeInventoryAvailable", true);
                ObjectNode subsidiary = out.putObject("subsidiary");
                subsidiary.putArray("items").addObject().put("id", Integer.toString(l.subsidiary()));
            }
            case "priceLevel" -> {
                Catalog.PriceLevel p = catalog.priceLevel(n);
                if (p == null) {
                    return null;
                }
                out.put("name", p.name());
                if (p.discountPct() != null) {
                    out.put("discountPct", p.discountPct());
                }
                out.put("isInactive", false);
                out.put("isOnline", p.online());
            }
            case "currency" -> {
                Catalog.Currency c = catalog.currency(n);
                if (c == null) {
                    return null;
                }
                out.put("name", c.name());
                out.put("symbol", c.symbol());
                out.put("isBaseCurrency", c.base());
                out.put("isInactive", false);
            }
            case "account" -> {
                ChartOfAccounts.Account a = ChartOfAccounts.find(n);
                if (a == null) {
                    return null;
                }
                out.put("acctNumber", a.number());
                out.put("acctName", a.name());
                out.set("acctType", enumValue(a.type(), a.typeName()));
                out.put("accountSearchDisplayName", a.displayName());
                out.put("accountSearchDisplayNameCopy", a.name());
                out.put("displayNameWithHierarchy", a.displayName());
                out.put("fullName", a.name());
                out.put("isInactive", a.inactive());
                out.put("isSummary", false);
            }
            case "shipItem" -> {
                ShipMethods.ShipMethod m = ShipMethods.find(id);
                if (m == null) {
                    return null;
                }
                out.put("itemId", m.name());
                out.put("displayName", m.name());
                out.put("isInactive", false);
            }
            default -> {
                Catalog.Classification c = catalog.classification(n);
                if (c == null) {
                    return null;
                }
                out.put("name", c.name());
                out.put("isInactive", false);
            }
        }
        return out;
    }

    private static ObjectNode enumValue(String id, String refName) {
        ObjectNode out = NODES.objectNode();
        out.put("id", id);
        out.put("refName", refName);
        return out;
    }

    private static ObjectNode ref(String baseUrl, String type, int id, String refName) {
        ObjectNode out = NODES.objectNode();
        if (baseUrl != null) {
            out.putArray("links").addObject().put("rel", "self")
                    .put("href", baseUrl + "/services/rest/record/v1/" + type + "/" + id);
        }
        out.put("id", Integer.toString(id));
        if (refName != null) {
            out.put("refName", refName);
        }
        return out;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
