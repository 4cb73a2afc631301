package io.commercebus.inventory;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One NetSuite item as the stock calculation needs it: its type, the fields that can be SKUs or
 * categories, its quantities per location and, for a kit, its members with their quantities.
 *
 * @param fields    item fields by lower-case SuiteQL name (itemid, upccode, class, custom fields), text
 * @param available quantity available per location id
 * @param onHand    quantity on hand per location id
 * @param members   for a kit: member item id → quantity of it in one kit; empty otherwise
 */
public record ItemStock(String id, String itemType, Map<String, String> fields, Map<String, BigDecimal> available,
                        Map<String, BigDecimal> onHand, Map<String, BigDecimal> members) {

    public static final String KIT = "Kit";
    public static final String INVENTORY = "InvtPart";

    public boolean isKit() {
        return KIT.equals(itemType);
    }

    public String field(String name) {
        String value = fields.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
