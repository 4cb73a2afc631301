package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The items of the simulated account and everything NetSuite keeps about them: stock per location
 * (on hand, committed, back-ordered, available, and when availability last changed), prices per
 * price level and currency, kit members, matrix parents and children; the lists they refer to
 * (locations, price levels, currencies, classes); and how transactions move stock.
 *
 * <p>Every inventory item has a row for every location, as NetSuite's item locations do; a row's
 * quantities stay empty (null) until the location first holds stock. Rows and items are indexed by
 * id, item name, parent, last modification and last change of availability, so SuiteQL over a
 * hundred thousand items answers a page in milliseconds.
 *
 * <p>Stock moves like NetSuite with Multi-Location Inventory: a Sales Order commits the quantity of
 * each open inventory line at the line's location (else the order's), up to what is available
 * ({@code commitInventory} 1, "Available Qty", NetSuite's default; 2 "Complete Qty" commits a line
 * only whole; 3 "Do Not Commit"); the rest is back-ordered. A closed line ({@code isClosed}) releases
 * its commitment. A Cash Sale and a shipped item fulfillment take their quantities off hand (the
 * fulfilment consumes the order's commitment: an order commits only what is left to fulfil); an
 * item receipt and a credit memo not made from a return put them back; an inventory adjustment adds
 * {@code adjustQtyBy} to it. Kits move their members' stock. Saving a transaction again (an upsert
 * replacing its lines) first undoes what its previous version did. On hand may go below zero (the
 * account allows negative inventory: the FBA and WFS locations are not replenished in the sandbox).
 *
 * <p>Thread-safe: every method holds this object's monitor; SuiteQL holds it while it reads.
 */
final class Catalog {

    static final String INVENTORY = "inventoryItem";
    static final String KIT = "kitItem";
    /** Transactions that move stock. */
    static final Set<String> STOCK_TYPES = Set.of("salesOrder", "cashSale", "inventoryAdjustment", "itemFulfillment",
            "itemReceipt", "creditMemo");
    /** REST record type → SuiteQL {@code itemtype} and its display name. */
    static final Map<String, String[]> ITEM_TYPES = Map.of(
            INVENTORY, new String[] {"InvtPart", "Inventory Item"},
            KIT, new String[] {"Kit", "Kit/Package"},
            "nonInventorySaleItem", new String[] {"NonInvtPart", "Non-inventory Item"},
            "otherChargeSaleItem", new String[] {"OthCharge", "Other Charge"},
            "discountItem", new String[] {"Discount", "Discount"},
            "serviceSaleItem", new String[] {"Service", "Service"});

    record Location(int id, String name, int subsidiary, boolean inactive) {
    }

    record PriceLevel(int id, String name, BigDecimal discountPct, boolean online) {
    }

    record Currency(int id, String symbol, String name, boolean base) {
    }

    record Classification(int id, String name) {
    }

    record Price(int level, int currency, BigDecimal amount) {
    }

    record Member(int item, BigDecimal quantity, int line) {
    }

    /** An item record; body fields NetSuite indexes are typed, the rest kept as sent. */
    static final class Item {
        final int id;
        final String type;
        String itemId;
        String displayName;
        String salesDescription;
        String upcCode;
        String externalId;
        boolean inactive;
        Integer classId;
        Integer parentId;
        String matrixType;
        Instant created;
        Instant lastModified;
        /** Other body fields (custom fields among them), or null. */
        ObjectNode extra;
        /** One row per location (inventory items only), in the order of {@link #locations()}. */
        StockRow[] stock;
        List<Price> prices = List.of();
        List<Member> members = List.of();

        Item(int id, String type) {
            this.id = id;
            this.type = type;
        }

        boolean isInventory() {
            return type.equals(INVENTORY);
        }

        String typeCode() {
            return ITEM_TYPES.get(type)[0];
        }

        /** A custom field's value as SuiteQL shows it, or null. */
        String custom(String field) {
            JsonNode v = extra == null ? null : extra.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (v.isObject()) {
                return v.path("id").asText(null);
            }
            if (v.isBoolean()) {
                return v.asBoolean() ? "T" : "F";
            }
            return v.isNumber() ? v.decimalValue().toPlainString() : v.asText();
        }
    }

    /** An item's stock at one location. Quantities are null until the location first holds the item. */
    static final class StockRow {
        final Item item;
        final Location location;
        BigDecimal onHand;
        BigDecimal committed;
        BigDecimal backOrdered;
        Instant lastChange;

        StockRow(Item item, Location location) {
            this.item = item;
            this.location = location;
        }

        boolean stocked() {
            return onHand != null;
        }

        BigDecimal available() {
            return onHand == null ? null : onHand.subtract(committed);
        }

        void stock() {
            if (onHand == null) {
                onHand = BigDecimal.ZERO;
                committed = BigDecimal.ZERO;
                backOrdered = BigDecimal.ZERO;
            }
        }
    }

    /** What a saved transaction did to stock, undone before its next version applies. */
    record Effect(Map<StockRow, BigDecimal> onHand, Map<StockRow, BigDecimal> committed,
                  Map<StockRow, BigDecimal> backOrdered) {
        static Effect empty() {
            return new Effect(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        }
    }

    static final Comparator<StockRow> ROW_ORDER = Comparator.comparingInt((StockRow r) -> r.item.id)
            .thenComparingInt(r -> r.location.id);

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final List<Location> locations = List.of(
            new Location(1, "Main Warehouse", 1, false),
            new Location(2, "East Warehouse", 1, false),
            new Location(3, "Store Backroom", 1, false),
            new Location(9, "Amazon FBA", 1, false),
            new Location(10, "Walmart WFS", 1, false));
    private final Map<Integer, Integer> slots = new HashMap<>();
    private final List<PriceLevel> priceLevels = List.of(
            new PriceLevel(1, "Base Price", null, false),
            new PriceLevel(2, "Wholesale", new BigDecimal("-40.0"), false),
            new PriceLevel(3, "VIP", new BigDecimal("-10.0"), false),
            new PriceLevel(4, "Online Price", null, true));
    private final List<Currency> currencies = List.of(
            new Currency(1, "USD", "US Dollar", true),
            new Currency(2, "GBP", "British pound", false),
            new Currency(3, "CAD", "Canadian Dollar", false),
            new Currency(4, "EUR", "Euro", false));
    private final List<Classification> classes = List.of(
            new Classification(1, "BigCommerce"), new Classification(2, "WooCommerce"),
            new Classification(3, "Amazon"), new Classification(4, "Walmart"),
            new Classification(11, "Drinkware"), new Classification(12, "Wall Art"),
            new Classification(13, "Apparel"), new Classification(14, "Accessories"));

    private final TreeMap<Integer, Item> byId = new TreeMap<>();
    private final Map<String, Item> byItemId = new HashMap<>();
    private final Map<String, Map<String, Item>> byExternalId = new HashMap<>();
    private final TimeIndex<Item> byModified = new TimeIndex<>(i -> i.lastModified);
    private final Map<Integer, List<Item>> childrenOf = new HashMap<>();
    private final TimeIndex<StockRow> byChange = new TimeIndex<>(r -> r.lastChange);
    private final Set<String> customFields = new TreeSet<>();
    private final Map<String, Effect> effects = new HashMap<>();
    /** The change being collected by {@link #batch}, or null. */
    private Changes batch;
    private int stockRows;
    private Clock clock = Clock.systemUTC();
    /** Told which items' availability changed, and when. */
    private BiConsumer<Set<Integer>, Instant> availabilityListener = (items, at) -> { };

    Catalog() {
        for (int i = 0; i < locations.size(); i++) {
            slots.put(locations.get(i).id(), i);
        }
    }

    // ---------------------------------------------------------------- lists

    List<Location> locations() {
        return locations;
    }

    List<PriceLevel> priceLevels() {
        return priceLevels;
    }

    List<Currency> currencies() {
        return currencies;
    }

    List<Classification> classes() {
        return classes;
    }

    Location location(int id) {
        Integer slot = slots.get(id);
        return slot == null ? null : locations.get(slot);
    }

    PriceLevel priceLevel(int id) {
        return priceLevels.stream().filter(p -> p.id() == id).findFirst().orElse(null);
    }

    Currency currency(int id) {
        return currencies.stream().filter(c -> c.id() == id).findFirst().orElse(null);
    }

    Currency currency(String symbol) {
        return currencies.stream().filter(c -> c.symbol().equalsIgnoreCase(symbol)).findFirst().orElse(null);
    }

    Classification classification(int id) {
        return classes.stream().filter(c -> c.id() == id).findFirst().orElse(null);
    }

    synchronized void setClock(Clock clock) {
        this.clock = clock;
    }

    /** Now, to the second, as NetSuite stores dates. */
    synchronized Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    synchronized void onAvailabilityChange(BiConsumer<Set<Integer>, Instant> listener) {
        this.availabilityListener = listener;
    }

    // ---------------------------------------------------------------- items: reading

    synchronized Item item(int id) {
        return byId.get(id);
    }

    synchronized Item item(String id) {
        try {
            return byId.get(Integer.parseInt(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    synchronized Item itemByItemId(String itemId) {
        return byItemId.get(itemId);
    }

    synchronized Item itemByExternalId(String type, String externalId) {
        return byExternalId.getOrDefault(type, Map.of()).get(externalId);
    }

    /** By item name first (what an operator knows), else by internal id. */
    synchronized Item resolve(String nameOrId) {
        Item item = byItemId.get(nameOrId);
        return item != null ? item : item(nameOrId);
    }

    synchronized String typeOf(String id) {
        Item item = item(id);
        return item == null ? null : item.type;
    }

    synchronized List<Item> items(String type) {
        return byId.values().stream().filter(i -> i.type.equals(type)).toList();
    }

    /** Every item, by id (callers hold the monitor). */
    NavigableMap<Integer, Item> itemsById() {
        return byId;
    }

    Map<String, Item> itemsByItemId() {
        return byItemId;
    }

    TimeIndex<Item> itemsByModified() {
        return byModified;
    }

    List<Item> children(int parent) {
        return childrenOf.getOrDefault(parent, List.of());
    }

    TimeIndex<StockRow> rowsByChange() {
        return byChange;
    }

    Set<String> customFields() {
        return customFields;
    }

    int stockRowCount() {
        return stockRows;
    }

    // ---------------------------------------------------------------- items: writing

    /**
     * Creates an item from a REST body (validated by the caller for field names).
     *
     * @throws RecordStore.Rejection as NetSuite refuses it
     */
    synchronized Item create(String type, int id, ObjectNode body) {
        if (!body.hasNonNull("itemId") || body.get("itemId").asText().isBlank()) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "Please enter value(s) for: Item Name/Number", "itemId");
        }
        Item item = new Item(id, type);
        Instant now = now();
        item.created = now;
        item.lastModified = now;
        apply(item, body, Set.of(), true);
        index(item);
        return item;
    }

    synchronized void patch(Item item, ObjectNode body, Set<String> replace) {
        unindex(item);
        try {
            apply(item, body, replace, false);
            item.lastModified = now();
        } finally {
            index(item);
        }
    }

    /** Sets one price of an item (a pricing sublist cell), as saving the item in the UI would. */
    synchronized void setPrice(Item item, int level, int currency, BigDecimal amount) {
        requirePriceLevel(level, "price");
        requireCurrency(currency, "price");
        List<Price> prices = new ArrayList<>(item.prices);
        prices.removeIf(p -> p.level() == level && p.currency() == currency);
        if (amount != null) {
            prices.add(new Price(level, currency, amount));
        }
        prices.sort(Comparator.comparingInt(Price::level).thenComparingInt(Price::currency));
        item.prices = List.copyOf(prices);
        byModified.remove(item);
        item.lastModified = now();
        byModified.add(item);
    }

    private void apply(Item item, ObjectNode body, Set<String> replace, boolean create) {
        // validate everything before changing anything
        String itemId = text(body, "itemId", item.itemId);
        Item clash = byItemId.get(itemId);
        if (clash != null && clash != item) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "The item name you have chosen is already used. Go back,"
                    + " change the name and resubmit.", "itemId");
        }
        String externalId = text(body, "externalId", item.externalId);
        Item eidClash = externalId == null ? null : byExternalId.getOrDefault(item.type, Map.of()).get(externalId);
        if (eidClash != null && eidClash != item) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "Error while accessing a resource. A record with the"
                    + " external id " + externalId + " already exists.", "externalId");
        }
        Integer classId = body.has("class") ? ref(body.get("class"), "class") : item.classId;
        if (classId != null && classification(classId) == null) {
            throw invalidValue(body.get("class"), "class");
        }
        String matrixType = item.matrixType;
        if (body.has("matrixType")) {
            JsonNode m = body.get("matrixType");
            matrixType = m.isNull() ? null : m.path("id").asText(null);
            if (!m.isNull() && !"PARENT".equals(matrixType) && !"CHILD".equals(matrixType)) {
                throw invalidValue(m, "matrixType");
            }
            if (matrixType != null && !item.isInventory()) {
                throw invalidValue(m, "matrixType");
            }
        }
        Integer parentId = body.has("parent") ? ref(body.get("parent"), "parent") : item.parentId;
        if (parentId != null) {
            Item parent = byId.get(parentId);
            if (parent == null || !"PARENT".equals(parent.matrixType) || !parent.type.equals(item.type)
                    || parent == item) {
                throw invalidValue(body.get("parent"), "parent");
            }
        }
        if ("CHILD".equals(matrixType) && parentId == null) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "Please enter value(s) for: Subitem of", "parent");
        }
        if (!"CHILD".equals(matrixType) && parentId != null && body.has("matrixType")) {
            throw invalidValue(body.get("parent"), "parent");
        }
        List<Price> prices = item.prices;
        if (body.has("price")) {
            prices = prices(body.get("price"), replace.contains("price") || create ? List.of() : item.prices);
        }
        List<Member> members = item.members;
        if (body.has("member")) {
            if (!item.type.equals(KIT)) {
                throw new RecordStore.Rejection(400, "INVALID_CONTENT", "Invalid field name 'member' for record type "
                        + item.type + ".", "member");
            }
            members = members(body.get("member"), replace.contains("member") || create ? List.of() : item.members, item);
        }
        if (item.type.equals(KIT) && members.isEmpty()) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "You must enter at least one member for this kit.",
                    "member");
        }

        item.itemId = itemId;
        item.externalId = externalId;
        item.displayName = text(body, "displayName", item.displayName);
        item.salesDescription = text(body, "salesDescription", item.salesDescription);
        item.upcCode = text(body, "upcCode", item.upcCode);
        if (body.has("isInactive")) {
            item.inactive = body.get("isInactive").asBoolean(false);
        }
        item.classId = classId;
        item.matrixType = matrixType;
        item.parentId = "CHILD".equals(matrixType) ? parentId : null;
        item.prices = prices;
        item.members = members;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!RecordStore.ITEM_TYPED_FIELDS.contains(f.getKey()) && !RecordStore.ITEM_READ_ONLY.contains(f.getKey())) {
                if (item.extra == null) {
                    item.extra = nodes.objectNode();
                }
                item.extra.set(f.getKey(), f.getValue().deepCopy());
                if (f.getKey().startsWith("cust")) {
                    customFields.add(f.getKey().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        if (item.isInventory() && item.stock == null) {
            item.stock = new StockRow[locations.size()];
            for (int i = 0; i < locations.size(); i++) {
                item.stock[i] = new StockRow(item, locations.get(i));
            }
            stockRows += locations.size();
        }
    }

    private List<Price> prices(JsonNode sublist, List<Price> current) {
        List<Price> prices = new ArrayList<>(current);
        JsonNode lines = sublist.path("items");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String path = "price.items[" + i + "]";
            Integer level = ref(line.get("priceLevel"), path + ".priceLevel");
            if (level == null) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "Please enter value(s) for: Price Level",
                        path + ".priceLevel");
            }
            requirePriceLevel(level, path + ".priceLevel");
            Integer currency = line.has("currencyPage") ? ref(line.get("currencyPage"), path + ".currencyPage") : 1;
            requireCurrency(currency, path + ".currencyPage");
            JsonNode price = line.get("price");
            if (price != null && !price.isNull() && !price.isNumber()) {
                throw invalidValue(price, path + ".price");
            }
            int c = currency;
            prices.removeIf(p -> p.level() == level && p.currency() == c);
            if (price != null && !price.isNull()) {
                prices.add(new Price(level, currency, price.decimalValue()));
            }
        }
        prices.sort(Comparator.comparingInt(Price::level).thenComparingInt(Price::currency));
        return List.copyOf(prices);
    }

    private List<Member> members(JsonNode sublist, List<Member> current, Item kit) {
        List<Member> members = new ArrayList<>(current);
        JsonNode lines = sublist.path("items");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String path = "member.items[" + i + "]";
            Integer id = ref(line.get("item"), path + ".item");
            Item member = id == null ? null : byId.get(id);
            if (member == null || member == kit || member.type.equals(KIT) || "PARENT".equals(member.matrixType)) {
                throw invalidValue(line.get("item"), path + ".item");
            }
            JsonNode q = line.get("quantity");
            if (q == null || !q.isNumber() || q.decimalValue().signum() <= 0) {
                throw invalidValue(q, path + ".quantity");
            }
            members.add(new Member(member.id, q.decimalValue(), members.size() + 1));
        }
        return List.copyOf(members);
    }

    private void requirePriceLevel(int level, String path) {
        if (priceLevel(level) == null) {
            throw invalidValue(nodes.textNode(Integer.toString(level)), path);
        }
    }

    private void requireCurrency(int currency, String path) {
        if (currency(currency) == null) {
            throw invalidValue(nodes.textNode(Integer.toString(currency)), path);
        }
    }

    private void index(Item item) {
        byId.put(item.id, item);
        if (item.itemId != null) {
            byItemId.put(item.itemId, item);
        }
        if (item.externalId != null) {
            byExternalId.computeIfAbsent(item.type, t -> new HashMap<>()).put(item.externalId, item);
        }
        byModified.add(item);
        if (item.parentId != null) {
            childrenOf.computeIfAbsent(item.parentId, p -> new ArrayList<>()).add(item);
            childrenOf.get(item.parentId).sort(Comparator.comparingInt(i -> i.id));
        }
    }

    private void unindex(Item item) {
        byItemId.remove(item.itemId, item);
        if (item.externalId != null) {
            byExternalId.getOrDefault(item.type, new HashMap<>()).remove(item.externalId, item);
        }
        byModified.remove(item);
        if (item.parentId != null) {
            childrenOf.getOrDefault(item.parentId, new ArrayList<>()).remove(item);
        }
    }

    synchronized void clear() {
        byId.clear();
        byItemId.clear();
        byExternalId.clear();
        byModified.clear();
        childrenOf.clear();
        byChange.clear();
        customFields.clear();
        effects.clear();
        stockRows = 0;
    }

    // ---------------------------------------------------------------- stock

    /** An inventory item's row at a location. */
    synchronized StockRow row(Item item, int location) {
        Integer slot = slots.get(location);
        if (slot == null) {
            throw new IllegalArgumentException("NetSuite has no location " + location);
        }
        if (item.stock == null) {
            throw new IllegalArgumentException("Item " + item.itemId + " (" + item.type + ") holds no stock: only"
                    + " inventory items do");
        }
        return item.stock[slot];
    }

    /** Sets or adjusts what is on hand, as an inventory adjustment would. */
    synchronized StockRow setOnHand(Item item, int location, BigDecimal quantity, boolean adjust) {
        StockRow row = row(item, location);
        Changes changes = new Changes();
        changes.touch(row);
        row.stock();
        row.onHand = adjust ? row.onHand.add(quantity) : quantity;
        changes.publish();
        return row;
    }

    /** Stock an item starts with (seeding): no notification. */
    synchronized void initialStock(Item item, int location, BigDecimal onHand) {
        StockRow row = row(item, location);
        byChange.remove(row);
        row.stock();
        row.onHand = onHand;
        row.lastChange = now();
        byChange.add(row);
    }

    /**
     * Applies a saved transaction's effect on stock (undoing its previous version's), and writes what
     * a Sales Order's inventory lines committed and back-ordered into the record. A Cash Sale and a
     * shipped item fulfillment take their quantities off hand; an item receipt and a credit memo not
     * created from a return authorization put them back (the receipt restocks a returned order);
     * a Sales Order commits the open remainder of each open line (quantity less what was fulfilled),
     * unless it is pending approval or cancelled.
     */
    synchronized void applyTransaction(String type, String id, ObjectNode record) {
        if (!STOCK_TYPES.contains(type)) {
            return;
        }
        Changes changes = batch != null ? batch : new Changes();
        Effect previous = effects.remove(type + "/" + id);
        if (previous != null) {
            previous.onHand().forEach((row, q) -> {
                changes.touch(row);
                row.onHand = row.onHand.subtract(q);
            });
            previous.committed().forEach((row, q) -> {
                changes.touch(row);
                row.committed = row.committed.subtract(q);
            });
            previous.backOrdered().forEach((row, q) -> {
                changes.touch(row);
                row.backOrdered = row.backOrdered.subtract(q);
            });
        }
        Effect effect = Effect.empty();
        if (type.equals("inventoryAdjustment")) {
            adjust(record, changes, effect);
        } else {
            moveLines(type, record, changes, effect);
        }
        effects.put(type + "/" + id, effect);
        if (batch == null) {
            changes.publish();
        }
    }

    /**
     * Runs stock movements as one change: availability that moves and moves back (a fulfilment taking
     * stock off hand and releasing the order's commitment) is no change, and is announced once.
     */
    synchronized void batch(Runnable movements) {
        if (batch != null) {
            movements.run();
            return;
        }
        batch = new Changes();
        try {
            movements.run();
        } finally {
            Changes done = batch;
            batch = null;
            done.publish();
        }
    }

    private void adjust(ObjectNode record, Changes changes, Effect effect) {
        Integer header = ref(record.get("adjLocation"), "adjLocation");
        for (JsonNode line : record.path("inventory").path("items")) {
            Item item = byId.get(ref(line.get("item"), "inventory.item"));
            Integer loc = line.has("location") ? ref(line.get("location"), "location") : header;
            if (item == null || !item.isInventory() || loc == null) {
                continue;
            }
            StockRow row = row(item, loc);
            changes.touch(row);
            row.stock();
            BigDecimal by;
            if (line.hasNonNull("adjustQtyBy")) {
                by = line.get("adjustQtyBy").decimalValue();
            } else if (line.hasNonNull("newQuantity")) {
                by = line.get("newQuantity").decimalValue().subtract(row.onHand);
                ((ObjectNode) line).put("adjustQtyBy", by);
            } else {
                continue;
            }
            row.onHand = row.onHand.add(by);
            effect.onHand().merge(row, by, BigDecimal::add);
        }
    }

    /** +1 or -1 for what the lines do to on hand, 0 for a Sales Order's commitments, null for nothing. */
    private static Integer direction(String type, ObjectNode record) {
        return switch (type) {
            case "cashSale" -> -1;
            case "itemFulfillment" -> "C".equals(record.path("shipStatus").path("id").asText()) ? -1 : null;
            case "itemReceipt" -> 1;
            case "creditMemo" -> record.hasNonNull("createdFrom") ? null : 1;
            default -> Set.of("A", "C").contains(record.path("orderStatus").path("id").asText()) ? null : 0;
        };
    }

    private void moveLines(String type, ObjectNode record, Changes changes, Effect effect) {
        Integer direction = direction(type, record);
        boolean order = type.equals("salesOrder");
        Integer header = ref(record.get("location"), "location");
        for (JsonNode l : record.path("item").path("items")) {
            ObjectNode line = (ObjectNode) l;
            Item item = byId.get(ref(line.get("item"), "item"));
            Integer loc = line.hasNonNull("location") ? ref(line.get("location"), "location") : header;
            boolean open = !line.path("isClosed").asBoolean(false);
            BigDecimal quantity = line.has("quantity") ? line.get("quantity").decimalValue() : BigDecimal.ONE;
            if (order && line.hasNonNull("quantityFulfilled")) {
                quantity = quantity.subtract(line.get("quantityFulfilled").decimalValue());
            }
            if (order && item != null && item.isInventory()) {
                line.put("quantityCommitted", BigDecimal.ZERO);
                line.put("quantityBackOrdered", BigDecimal.ZERO);
            }
            if (item == null || loc == null || quantity.signum() <= 0 || direction == null) {
                continue;
            }
            List<Map.Entry<Item, BigDecimal>> parts = new ArrayList<>();
            if (item.isInventory()) {
                parts.add(Map.entry(item, quantity));
            } else if (item.type.equals(KIT)) {
                for (Member m : item.members) {
                    Item member = byId.get(m.item());
                    if (member != null && member.isInventory()) {
                        parts.add(Map.entry(member, quantity.multiply(m.quantity())));
                    }
                }
            }
            if (direction != 0) {
                for (Map.Entry<Item, BigDecimal> part : parts) {
                    StockRow row = row(part.getKey(), loc);
                    changes.touch(row);
                    row.stock();
                    BigDecimal moved = direction > 0 ? part.getValue() : part.getValue().negate();
                    row.onHand = row.onHand.add(moved);
                    effect.onHand().merge(row, moved, BigDecimal::add);
                }
                continue;
            }
            String mode = line.path("commitInventory").path("id").asText("1");
            BigDecimal lineCommitted = BigDecimal.ZERO;
            BigDecimal lineBackOrdered = BigDecimal.ZERO;
            for (Map.Entry<Item, BigDecimal> part : parts) {
                if (!open) {
                    continue;
                }
                StockRow row = row(part.getKey(), loc);
                changes.touch(row);
                row.stock();
                BigDecimal wanted = part.getValue();
                BigDecimal free = row.available().max(BigDecimal.ZERO);
                BigDecimal commit = switch (mode) {
                    case "2" -> free.compareTo(wanted) >= 0 ? wanted : BigDecimal.ZERO;
                    case "3" -> BigDecimal.ZERO;
                    default -> free.min(wanted);
                };
                BigDecimal back = mode.equals("3") ? BigDecimal.ZERO : wanted.subtract(commit);
                row.committed = row.committed.add(commit);
                row.backOrdered = row.backOrdered.add(back);
                effect.committed().merge(row, commit, BigDecimal::add);
                effect.backOrdered().merge(row, back, BigDecimal::add);
                lineCommitted = lineCommitted.add(commit);
                lineBackOrdered = lineBackOrdered.add(back);
            }
            if (item.isInventory()) {
                line.put("quantityCommitted", lineCommitted);
                line.put("quantityBackOrdered", lineBackOrdered);
            } else {
                line.remove("quantityCommitted");
                line.remove("quantityBackOrdered");
            }
        }
    }

    /** Rows touched by one operation: their availability before, to see afterwards which changed. */
    private final class Changes {
        private final Map<StockRow, BigDecimal> before = new LinkedHashMap<>();
        private final Map<StockRow, Boolean> wasStocked = new LinkedHashMap<>();

        void touch(StockRow row) {
            if (!wasStocked.containsKey(row)) {
                wasStocked.put(row, row.stocked());
                before.put(row, row.available());
            }
        }

        void publish() {
            Instant now = now();
            Set<Integer> items = new TreeSet<>();
            for (Map.Entry<StockRow, BigDecimal> e : before.entrySet()) {
                StockRow row = e.getKey();
                BigDecimal after = row.available();
                boolean same = wasStocked.get(row) && after != null && e.getValue().compareTo(after) == 0;
                if (!same) {
                    byChange.remove(row);
                    row.lastChange = now;
                    byChange.add(row);
                    items.add(row.item.id);
                }
            }
            if (!items.isEmpty()) {
                availabilityListener.accept(items, now);
            }
        }
    }

    // ---------------------------------------------------------------- bulk seeding

    /**
     * Adds many inventory items at once, without notifications: item names {@code prefix000001}… (after
     * the highest such name already there),
     * stock at the given locations, a base price in US dollars; times spread over the 30 days before
     * now. Deterministic for a seed.
     */
    synchronized List<Item> seed(int firstId, int count, String prefix, List<Integer> stockedLocations, long seed) {
        for (int loc : stockedLocations) {
            if (location(loc) == null) {
                throw new IllegalArgumentException("NetSuite has no location " + loc);
            }
        }
        java.util.Random random = new java.util.Random(seed);
        Instant now = now();
        List<Item> created = new ArrayList<>(count);
        // a second seeding goes on numbering after the first
        long start = 1;
        for (String name : byItemId.keySet()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()
                    && name.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
                start = Math.max(start, Long.parseLong(name.substring(prefix.length())) + 1);
            }
        }
        int width = Math.max(6, Long.toString(start + count - 1).length());
        for (int n = 0; n < count; n++) {
            long number = start + n;
            Item item = new Item(firstId + n, INVENTORY);
            item.itemId = prefix + pad(number, width);
            item.displayName = "Seeded item " + number;
            String upc = "2" + pad(Math.floorMod(seed, 1000) * 10_000_000L + number % 10_000_000, 10);
            item.upcCode = upc + upcCheckDigit(upc);
            item.classId = 11 + random.nextInt(4);
            item.created = now.minusSeconds(30L * 86_400 + random.nextInt(86_400));
            item.lastModified = now.minusSeconds(random.nextInt(30 * 86_400));
            item.prices = List.of(new Price(1, 1, BigDecimal.valueOf(500 + random.nextInt(20_000), 2)));
            item.stock = new StockRow[locations.size()];
            for (int i = 0; i < locations.size(); i++) {
                item.stock[i] = new StockRow(item, locations.get(i));
            }
            stockRows += locations.size();
            for (int loc : stockedLocations) {
                StockRow row = item.stock[slots.get(loc)];
                row.stock();
                row.onHand = BigDecimal.valueOf(random.nextInt(200));
                row.lastChange = now.minusSeconds(random.nextInt(30 * 86_400));
                byChange.add(row);
            }
            index(item);
            created.add(item);
        }
        return created;
    }

    private static String pad(long n, int width) {
        String digits = Long.toString(n);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    static String upcCheckDigit(String elevenDigits) {
        int odd = 0;
        int even = 0;
        for (int i = 0; i < elevenDigits.length(); i++) {
            int d = elevenDigits.charAt(i) - '0';
            if (i % 2 == 0) {
                odd += d;
            } else {
                even += d;
            }
        }
        return Integer.toString((10 - (odd * 3 + even) % 10) % 10);
    }

    // ---------------------------------------------------------------- state

    synchronized ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        ArrayNode items = out.putArray("items");
        for (Item item : byId.values()) {
            ObjectNode i = items.addObject();
            i.put("id", item.id);
            i.put("type", item.type);
            i.put("itemId", item.itemId);
            putIfSet(i, "displayName", item.displayName);
            putIfSet(i, "salesDescription", item.salesDescription);
            putIfSet(i, "upcCode", item.upcCode);
            putIfSet(i, "externalId", item.externalId);
            if (item.inactive) {
                i.put("isInactive", true);
            }
            if (item.classId != null) {
                i.put("class", item.classId);
            }
            if (item.matrixType != null) {
                i.put("matrixType", item.matrixType);
            }
            if (item.parentId != null) {
                i.put("parent", item.parentId);
            }
            i.put("created", item.created.toString());
            i.put("lastModified", item.lastModified.toString());
            if (item.extra != null) {
                i.set("extra", item.extra);
            }
            if (!item.prices.isEmpty()) {
                ArrayNode prices = i.putArray("prices");
                item.prices.forEach(p -> prices.addArray().add(p.level()).add(p.currency()).add(p.amount()));
            }
            if (!item.members.isEmpty()) {
                ArrayNode members = i.putArray("members");
                item.members.forEach(m -> members.addArray().add(m.item()).add(m.quantity()));
            }
            if (item.stock != null) {
                ArrayNode stock = i.putArray("stock");
                for (StockRow row : item.stock) {
                    if (row.stocked()) {
                        stock.addArray().add(row.location.id()).add(row.onHand).add(row.committed).add(row.backOrdered)
                                .add(row.lastChange == null ? null : row.lastChange.toString());
                    }
                }
            }
        }
        ObjectNode effectsOut = out.putObject("effects");
        effects.forEach((key, effect) -> {
            ObjectNode e = effectsOut.putObject(key);
            writeEffect(e.putArray("onHand"), effect.onHand());
            writeEffect(e.putArray("committed"), effect.committed());
            writeEffect(e.putArray("backOrdered"), effect.backOrdered());
        });
        return out;
    }

    private static void writeEffect(ArrayNode out, Map<StockRow, BigDecimal> effect) {
        effect.forEach((row, q) -> out.addArray().add(row.item.id).add(row.location.id()).add(q));
    }

    synchronized void restore(JsonNode snapshot) {
        clear();
        for (JsonNode i : snapshot.path("items")) {
            Item item = new Item(i.get("id").asInt(), i.get("type").asText());
            item.itemId = i.path("itemId").asText(null);
            item.displayName = i.path("displayName").asText(null);
            item.salesDescription = i.path("salesDescription").asText(null);
            item.upcCode = i.path("upcCode").asText(null);
            item.externalId = i.path("externalId").asText(null);
            item.inactive = i.path("isInactive").asBoolean(false);
            item.classId = i.has("class") ? i.get("class").asInt() : null;
            item.matrixType = i.path("matrixType").asText(null);
            item.parentId = i.has("parent") ? i.get("parent").asInt() : null;
            item.created = Instant.parse(i.get("created").asText());
            item.lastModified = Instant.parse(i.get("lastModified").asText());
            item.extra = i.has("extra") ? (ObjectNode) i.get("extra").deepCopy() : null;
            if (item.extra != null) {
                item.extra.fieldNames().forEachRemaining(f -> {
                    if (f.startsWith("cust")) {
                        customFields.add(f.toLowerCase(java.util.Locale.ROOT));
                    }
                });
            }
            List<Price> prices = new ArrayList<>();
            i.path("prices").forEach(p -> prices.add(new Price(p.get(0).asInt(), p.get(1).asInt(), p.get(2).decimalValue())));
            item.prices = List.copyOf(prices);
            List<Member> members = new ArrayList<>();
            i.path("members").forEach(m -> members.add(new Member(m.get(0).asInt(), m.get(1).decimalValue(),
                    members.size() + 1)));
            item.members = List.copyOf(members);
            if (item.isInventory()) {
                item.stock = new StockRow[locations.size()];
                for (int n = 0; n < locations.size(); n++) {
                    item.stock[n] = new StockRow(item, locations.get(n));
                }
                stockRows += locations.size();
                for (JsonNode s : i.path("stock")) {
                    Integer slot = slots.get(s.get(0).asInt());
                    if (slot == null) {
                        continue;
                    }
                    StockRow row = item.stock[slot];
                    row.onHand = s.get(1).decimalValue();
                    row.committed = s.get(2).decimalValue();
                    row.backOrdered = s.get(3).decimalValue();
                    row.lastChange = s.get(4).isNull() ? null : Instant.parse(s.get(4).asText());
                    if (row.lastChange != null) {
                        byChange.add(row);
                    }
                }
            }
            index(item);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = snapshot.path("effects").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Effect effect = Effect.empty();
            readEffect(e.getValue().path("onHand"), effect.onHand());
            readEffect(e.getValue().path("committed"), effect.committed());
            readEffect(e.getValue().path("backOrdered"), effect.backOrdered());
            effects.put(e.getKey(), effect);
        }
    }

    private void readEffect(JsonNode in, Map<StockRow, BigDecimal> effect) {
        for (JsonNode e : in) {
            Item item = byId.get(e.get(0).asInt());
            Integer slot = slots.get(e.get(1).asInt());
            if (item != null && item.stock != null && slot != null) {
                effect.put(item.stock[slot], e.get(2).decimalValue());
            }
        }
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String text(ObjectNode body, String field, String current) {
        if (!body.has(field)) {
            return current;
        }
        JsonNode v = body.get(field);
        return v.isNull() ? null : v.asText();
    }

    /** The internal id a reference ({@code {"id": "7"}}) points to; null for none. */
    static Integer ref(JsonNode ref, String path) {
        if (ref == null || ref.isNull()) {
            return null;
        }
        JsonNode id = ref.isObject() ? ref.get("id") : null;
        if (id == null || id.isNull()) {
            throw invalidValue(ref, path);
        }
        try {
            return Integer.parseInt(id.asText());
        } catch (NumberFormatException e) {
            throw invalidValue(ref, path);
        }
    }

    static RecordStore.Rejection invalidValue(JsonNode value, String path) {
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        return new RecordStore.Rejection(400, "INVALID_CONTENT", "Error while accessing a resource. You have entered an"
                + " Invalid Field Value " + (value == null ? "null" : value.isTextual() ? value.asText() : value)
                + " for the following field: " + field, path);
    }
}
