package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The simulated seller's items on Walmart.com with their prices and inventory, seeded from
 * {@link SandboxCatalog} so NetSuite's sandbox knows every SKU. Each item gets a WPID, a UPC and its
 * GTIN-14 derived from the SKU and catalogue id, so they are the same on every start. Inventory is
 * kept per ship node; the account has {@link #SHIP_NODES}, the first being the default node that
 * Walmart uses when a call names none.
 */
final class SellerCatalog {

    /** The seller's ship nodes; Walmart's ids are long digit strings. The first is the default node. */
    static final List<String> SHIP_NODES = List.of("10001234567", "10001234568");
    static final String DEFAULT_SHIP_NODE = SHIP_NODES.get(0);
    static final String CURRENCY = "USD";

    private static final Map<String, String> PRODUCT_TYPES = Map.of("MUG", "Mugs", "POSTER", "Posters", "TEE", "T-Shirts",
            "HOODIE", "Sweatshirts & Hoodies", "CAP", "Hats", "SOCKS", "Socks");

    /** An item as Walmart describes it; the price and statuses change, the identifiers do not. */
    private static final class Item {
        final String sku;
        final String productName;
        final String wpid;
        final String upc;
        final String productType;
        BigDecimal price;
        String publishedStatus;
        String lifecycleStatus;

        Item(String sku, String productName, String wpid, String upc, String productType, BigDecimal price,
             String publishedStatus, String lifecycleStatus) {
            this.sku = sku;
            this.productName = productName;
            this.wpid = wpid;
            this.upc = upc;
            this.productType = productType;
            this.price = price;
            this.publishedStatus = publishedStatus;
            this.lifecycleStatus = lifecycleStatus;
        }

        String gtin() {
            return "00" + upc;
        }
    }

    /** A page of a listing and how many items the whole listing has. */
    record Page(List<ObjectNode> items, int total) {
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Item> items = new LinkedHashMap<>();
    /** sku → ship node → quantity */
    private final Map<String, Map<String, Integer>> inventory = new LinkedHashMap<>();

    SellerCatalog() {
        seed();
    }

    private void seed() {
        items.clear();
        inventory.clear();
        for (SandboxCatalog.Product product : SandboxCatalog.PRODUCTS) {
            String upc = upc(product.id());
            items.put(product.sku(), new Item(product.sku(), product.name(), wpid(product.sku()), upc,
                    productType(product.sku()), product.price(), "PUBLISHED", "ACTIVE"));
            Map<String, Integer> perNode = new LinkedHashMap<>();
            for (String node : SHIP_NODES) {
                // a demo stock at the default node, nothing elsewhere, until the seller says otherwise
                perNode.put(node, node.equals(DEFAULT_SHIP_NODE) ? 10 + product.id() * 7 % 41 : 0);
            }
            inventory.put(product.sku(), perNode);
        }
    }

    synchronized boolean has(String sku) {
        return sku != null && items.containsKey(sku);
    }

    synchronized String wpidOf(String sku) {
        Item item = items.get(sku);
        return item == null ? null : item.wpid;
    }

    /** The item as {@code ItemResponse} shows it. */
    synchronized Optional<ObjectNode> item(String sku) {
        return Optional.ofNullable(items.get(sku)).map(this::json);
    }

    /** The item with this identifier of the given type: SKU, GTIN or UPC. */
    synchronized Optional<ObjectNode> itemBy(String productIdType, String id) {
        for (Item item : items.values()) {
            boolean matches = switch (productIdType) {
                case "SKU" -> item.sku.equals(id);
                case "GTIN" -> item.gtin().equals(id);
                case "UPC" -> item.upc.equals(id);
                default -> throw new IllegalArgumentException(productIdType);
            };
            if (matches) {
                return Optional.of(json(item));
            }
        }
        return Optional.empty();
    }

    /** The items matching the filters (null: any), in catalogue order, cut to a page. */
    synchronized Page items(String sku, String lifecycleStatus, String publishedStatus, int offset, int limit) {
        List<Item> matching = new ArrayList<>();
        for (Item item : items.values()) {
            if ((sku == null || item.sku.equals(sku))
                    && (lifecycleStatus == null || item.lifecycleStatus.equalsIgnoreCase(lifecycleStatus))
                    && (publishedStatus == null || item.publishedStatus.equalsIgnoreCase(publishedStatus))) {
                matching.add(item);
            }
        }
        List<ObjectNode> page = new ArrayList<>();
        for (int i = offset; i < Math.min(matching.size(), offset + limit); i++) {
            page.add(json(matching.get(i)));
        }
        return new Page(page, matching.size());
    }

    synchronized int size() {
        return items.size();
    }

    /** The quantity at a ship node (null: the default node); empty when the SKU is unknown. */
    synchronized OptionalInt quantity(String sku, String shipNode) {
        Map<String, Integer> perNode = inventory.get(sku);
        if (perNode == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(perNode.getOrDefault(shipNode == null ? DEFAULT_SHIP_NODE : shipNode, 0));
    }

    synchronized void setQuantity(String sku, String shipNode, int quantity) {
        if (!items.containsKey(sku)) {
            throw new IllegalArgumentException("no item with SKU " + sku);
        }
        if (!SHIP_NODES.contains(shipNode)) {
            throw new IllegalArgumentException("no ship node " + shipNode);
        }
        if (quantity < 0) {
            throw new IllegalArgumentException("a quantity cannot be negative: " + quantity);
        }
        inventory.get(sku).put(shipNode, quantity);
    }

    synchronized Optional<BigDecimal> price(String sku) {
        return Optional.ofNullable(items.get(sku)).map(item -> item.price);
    }

    synchronized void setPrice(String sku, BigDecimal price) {
        Item item = items.get(sku);
        if (item == null) {
            throw new IllegalArgumentException("no item with SKU " + sku);
        }
        item.price = price.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** Everything that can change, for the state file. */
    synchronized ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        ArrayNode list = out.putArray("items");
        for (Item item : items.values()) {
            ObjectNode entry = list.addObject().put("sku", item.sku).put("price", item.price)
                    .put("publishedStatus", item.publishedStatus).put("lifecycleStatus", item.lifecycleStatus);
            ObjectNode perNode = entry.putObject("inventory");
            inventory.get(item.sku).forEach(perNode::put);
        }
        return out;
    }

    /** Puts back what {@link #snapshot} saved, over the seeded catalogue; SKUs no longer in it are dropped. */
    synchronized void restore(JsonNode snapshot) {
        seed();
        for (JsonNode entry : snapshot.path("items")) {
            Item item = items.get(entry.path("sku").asText());
            if (item == null) {
                continue;
            }
            item.price = entry.get("price").decimalValue();
            item.publishedStatus = entry.path("publishedStatus").asText(item.publishedStatus);
            item.lifecycleStatus = entry.path("lifecycleStatus").asText(item.lifecycleStatus);
            entry.path("inventory").fields().forEachRemaining(node -> {
                if (SHIP_NODES.contains(node.getKey())) {
                    inventory.get(item.sku).put(node.getKey(), node.getValue().asInt());
                }
            });
        }
    }

    private ObjectNode json(Item item) {
        ObjectNode out = nodes.objectNode();
        out.put("mart", "WALMART_US");
        out.put("sku", item.sku);
        out.put("wpid", item.wpid);
        out.put("upc", item.upc);
        out.put("gtin", item.gtin());
        out.put("productName", item.productName);
        out.put("productType", item.productType);
        out.set("price", money(item.price));
        out.put("publishedStatus", item.publishedStatus);
        out.put("lifecycleStatus", item.lifecycleStatus);
        return out;
    }

    /** Amounts are JSON numbers written as Walmart's examples write them: 59.99, 189, 54.5. */
    ObjectNode money(BigDecimal amount) {
        return nodes.objectNode().put("currency", CURRENCY)
                .put("amount", amount.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros());
    }

    private static String productType(String sku) {
        return PRODUCT_TYPES.getOrDefault(sku.split("-")[0], "default");
    }

    /** A 12-character Walmart Product ID, a digit then letters and digits, as in Walmart's examples. */
    static String wpid(String sku) {
        byte[] hash = sha256("wpid:" + sku);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder wpid = new StringBuilder().append(Math.floorMod(hash[0], 10));
        for (int i = 1; i < 12; i++) {
            wpid.append(alphabet.charAt(Math.floorMod(hash[i], alphabet.length())));
        }
        return wpid.toString();
    }

    /** A UPC-A: an invented company prefix, the catalogue id as item reference, and its check digit. */
    static String upc(int catalogueId) {
        String body = "861234" + String.format("%05d", catalogueId);
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int digit = body.charAt(i) - '0';
            sum += i % 2 == 0 ? digit * 3 : digit;
        }
        return body + (10 - sum % 10) % 10;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
