package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a feed file and applies it to the seller's catalogue, as Walmart's ingestion does. A file
 * that is not the feed type's JSON (not JSON, wrong header or version, no item array, too many items)
 * fails as a whole: the feed ends in ERROR with a feed-level ingestion error and no item is touched.
 * Otherwise each item succeeds or fails on its own with a DATA_ERROR naming the problem (unknown SKU,
 * invalid quantity or price, unknown ship node, a SKU repeated in a price feed).
 *
 * <p>The formats, from Walmart's Inventory and Price references:
 * <ul>
 *   <li>{@code inventory} (spec 1.4): {@code {"InventoryHeader":{"version":"1.4"},"Inventory":[{"sku","quantity":{"unit":"EACH","amount"}}]}}</li>
 *   <li>{@code MP_INVENTORY} (spec 1.5): {@code {"inventoryHeader":{"version":"1.5"},"inventory":[{"sku","shipNodes":[{"shipNode","quantity":{...}}]}]}}</li>
 *   <li>{@code price} (1.7): {@code {"PriceHeader":{"version":"1.7"},"Price":[{"sku","pricing":[{"currentPriceType","currentPrice":{"currency","amount"}}]}]}}</li>
 * </ul>
 */
final class FeedFiles {

    /** The header and item-array names and accepted versions of each feed type; names are case-sensitive. */
    private record Format(String header, String array, Set<String> versions) {
    }

    private static final Map<FeedType, Format> FORMATS = Map.of(
            // spec 1.4 is the JSON schema of this feed; the reference's XML sample of the same feed says 1.5
            FeedType.INVENTORY, new Format("InventoryHeader", "Inventory", Set.of("1.4", "1.5")),
            FeedType.MULTI_NODE_INVENTORY, new Format("inventoryHeader", "inventory", Set.of("1.5")),
            FeedType.PRICE, new Format("PriceHeader", "Price", Set.of("1.5.1", "1.7")));

    static final Set<String> PRICE_TYPES = Set.of("BASE", "REDUCED", "CLEARANCE");

    /** One ingestion error, as {@code ingestionErrors.ingestionError[]} shows it. */
    record IngestionError(String type, String code, String description) {

        static IngestionError data(String code, String description) {
            return new IngestionError("DATA_ERROR", code, description);
        }
    }

    /** What a file holds: its items, or why the whole feed fails. */
    record Parsed(List<JsonNode> items, IngestionError fatal) {
    }

    /** One item's outcome: SUCCESS or DATA_ERROR with its errors. */
    record ItemResult(int index, String sku, String ingestionStatus, List<IngestionError> errors) {
    }

    private FeedFiles() {
    }

    static Parsed parse(FeedType type, byte[] file, int maxItems) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(file);
        } catch (IOException e) {
            return fatal("INVALID_FEED_FILE", "The feed file is not valid JSON: " + firstLine(e.getMessage()));
        }
        Format format = FORMATS.get(type);
        if (root == null || !root.isObject()) {
            return fatal("INVALID_FEED_FILE", "The feed file must be a JSON object with " + format.header() + " and "
                    + format.array());
        }
        JsonNode version = root.path(format.header()).path("version");
        if (!version.isTextual() || !format.versions().contains(version.asText())) {
            return fatal("INVALID_FEED_HEADER", "feedType=" + type.wireName() + " wants " + format.header()
                    + ".version in " + format.versions() + ", found " + (version.isMissingNode() ? "none" : version));
        }
        JsonNode array = root.path(format.array());
        if (!array.isArray() || array.isEmpty()) {
            return fatal("INVALID_FEED_FILE", "feedType=" + type.wireName() + " wants a non-empty array '"
                    + format.array() + "' (names are case-sensitive)");
        }
        if (array.size() > maxItems) {
            return fatal("FEED_ITEM_LIMIT_EXCEEDED", "A " + type.wireName() + " feed takes at most " + maxItems
                    + " items; this one has " + array.size());
        }
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return new Parsed(items, null);
    }

    private static Parsed fatal(String code, String description) {
        return new Parsed(List.of(), IngestionError.data(code, description));
    }

    /** Applies every item in order and tells each one's outcome. */
    static List<ItemResult> apply(FeedType type, String shipNode, List<JsonNode> items, SellerCatalog catalog) {
        List<ItemResult> results = new ArrayList<>();
        Set<String> pricedSkus = new HashSet<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode item = items.get(index);
            String sku = item.path("sku").isTextual() ? item.get("sku").asText() : null;
            List<IngestionError> errors = new ArrayList<>();
            if (sku == null || sku.isBlank()) {
                errors.add(IngestionError.data("MISSING_SKU", "Item " + index + " has no sku"));
            } else if (!catalog.has(sku)) {
                errors.add(IngestionError.data("SKU_NOT_FOUND", "SKU '" + sku + "' is not an item of this seller"));
            } else {
                switch (type) {
                    case INVENTORY -> applySingleNode(sku, shipNode, item, catalog, errors);
                    case MULTI_NODE_INVENTORY -> applyMultiNode(sku, item, catalog, errors);
                    case PRICE -> applyPrice(sku, item, catalog, errors, pricedSkus);
                }
            }
            results.add(new ItemResult(index, sku, errors.isEmpty() ? "SUCCESS" : "DATA_ERROR", List.copyOf(errors)));
        }
        return results;
    }

    private static void applySingleNode(String sku, String shipNode, JsonNode item, SellerCatalog catalog,
                                        List<IngestionError> errors) {
        Integer quantity = quantity(item.path("quantity"), sku, errors);
        if (quantity != null) {
            catalog.setQuantity(sku, shipNode == null ? SellerCatalog.DEFAULT_SHIP_NODE : shipNode, quantity);
        }
    }

    private static void applyMultiNode(String sku, JsonNode item, SellerCatalog catalog, List<IngestionError> errors) {
        JsonNode nodes = item.path("shipNodes");
        if (!nodes.isArray() || nodes.isEmpty()) {
            errors.add(IngestionError.data("MISSING_SHIP_NODES", "SKU '" + sku + "': MP_INVENTORY needs shipNodes for every SKU"));
            return;
        }
        List<Runnable> updates = new ArrayList<>();
        for (JsonNode node : nodes) {
            String shipNode = node.path("shipNode").asText(null);
            if (shipNode == null || !SellerCatalog.SHIP_NODES.contains(shipNode)) {
                errors.add(IngestionError.data("INVALID_SHIP_NODE", "SKU '" + sku + "': ship node '" + shipNode
                        + "' is not one of this seller's " + SellerCatalog.SHIP_NODES));
                continue;
            }
            Integer quantity = quantity(node.path("quantity"), sku, errors);
            if (quantity != null) {
                updates.add(() -> catalog.setQuantity(sku, shipNode, quantity));
            }
        }
        if (errors.isEmpty()) {
            updates.forEach(Runnable::run);
        }
    }

    /** The whole, non-negative quantity in EACH, or null with an error. */
    static Integer quantity(JsonNode quantity, String sku, List<IngestionError> errors) {
        if (!quantity.isObject()) {
            errors.add(IngestionError.data("INVALID_QUANTITY", "SKU '" + sku + "': quantity {unit, amount} is missing"));
            return null;
        }
        if (!"EACH".equals(quantity.path("unit").asText(null))) {
            errors.add(IngestionError.data("INVALID_QUANTITY", "SKU '" + sku + "': quantity.unit must be EACH, was "
                    + quantity.path("unit")));
            return null;
        }
        JsonNode amount = quantity.path("amount");
        if (!amount.isNumber() || amount.decimalValue().signum() < 0 || amount.decimalValue().stripTrailingZeros().scale() > 0
                || amount.decimalValue().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            errors.add(IngestionError.data("INVALID_QUANTITY", "SKU '" + sku
                    + "': quantity.amount must be a whole number of at least 0, was " + amount));
            return null;
        }
        return amount.decimalValue().intValueExact();
    }

    private static void applyPrice(String sku, JsonNode item, SellerCatalog catalog, List<IngestionError> errors,
                                   Set<String> pricedSkus) {
        if (!pricedSkus.add(sku)) {
            errors.add(IngestionError.data("DUPLICATE_SKU", "SKU '" + sku + "' appears more than once in this price feed;"
                    + " only its first price was taken"));
            return;
        }
        JsonNode pricing = item.path("pricing");
        if (!pricing.isArray() || pricing.isEmpty()) {
            errors.add(IngestionError.data("INVALID_PRICE", "SKU '" + sku + "': pricing[] is missing"));
            return;
        }
        BigDecimal amount = price(pricing.get(0), sku, errors);
        if (amount != null) {
            catalog.setPrice(sku, amount);
        }
    }

    /** The current price in USD, positive and in whole cents, or null with an error. */
    static BigDecimal price(JsonNode pricing, String sku, List<IngestionError> errors) {
        JsonNode type = pricing.path("currentPriceType");
        if (!type.isMissingNode() && !PRICE_TYPES.contains(type.asText())) {
            errors.add(IngestionError.data("INVALID_PRICE", "SKU '" + sku + "': currentPriceType must be one of "
                    + PRICE_TYPES + ", was " + type));
            return null;
        }
        JsonNode current = pricing.path("currentPrice");
        if (!SellerCatalog.CURRENCY.equals(current.path("currency").asText(null))) {
            errors.add(IngestionError.data("INVALID_CURRENCY", "SKU '" + sku + "': a Walmart US price is in USD, was "
                    + current.path("currency")));
            return null;
        }
        JsonNode amount = current.path("amount");
        if (!amount.isNumber() || amount.decimalValue().signum() <= 0 || amount.decimalValue().stripTrailingZeros().scale() > 2) {
            errors.add(IngestionError.data("INVALID_PRICE", "SKU '" + sku
                    + "': currentPrice.amount must be a number above 0 in whole cents, was " + amount));
            return null;
        }
        return amount.decimalValue().setScale(2);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
