package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static io.commercebus.sandbox.walmart.Replies.json;

/**
 * The Items API ({@code GET /v3/items}, {@code GET /v3/items/{id}}) and the Inventory API
 * ({@code GET} and {@code PUT /v3/inventory?sku=}) over the seller's catalogue.
 */
final class ListingApi {

    static final String ITEM_SERVICE = "GMP_ITEM_API";
    static final String INVENTORY_SERVICE = "GMP_INVENTORY_API";
    static final int DEFAULT_ITEMS_LIMIT = 20;
    static final int MAX_ITEMS_LIMIT = 50;
    private static final Set<String> PRODUCT_ID_TYPES = Set.of("GTIN", "UPC", "ISBN", "EAN", "SKU", "ITEM_ID");
    private static final String CURSOR_PREFIX = "offset:";

    private final SellerCatalog catalog;
    private final Runnable onInventoryUpdate;

    ListingApi(SellerCatalog catalog, Runnable onInventoryUpdate) {
        this.catalog = catalog;
        this.onInventoryUpdate = onInventoryUpdate;
    }

    /**
     * All items, paged with {@code offset}/{@code limit} or with {@code nextCursor} ("*" first, then
     * the cursor of each answer); {@code sku} makes it one item's lookup.
     */
    void items(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        int limit = Replies.integer(request, "limit", DEFAULT_ITEMS_LIMIT, 1, MAX_ITEMS_LIMIT);
        String cursor = request.getParam("nextCursor");
        int offset = cursor == null || cursor.equals("*") ? Replies.integer(request, "offset", 0, 0, Integer.MAX_VALUE)
                : decodeCursor(cursor);
        String sku = request.getParam("sku");
        SellerCatalog.Page page = catalog.items(sku, request.getParam("lifecycleStatus"), request.getParam("publishedStatus"),
                offset, limit);
        if (sku != null && page.total() == 0) {
            json(ctx.response(), 404, WalmartErrors.contentNotFound(ITEM_SERVICE, "No item with SKU " + sku));
            return;
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("ItemResponse").addAll(page.items());
        body.put("totalItems", page.total());
        if (offset + limit < page.total()) {
            body.put("nextCursor", Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + (offset + limit))
                    .getBytes(StandardCharsets.UTF_8)));
        }
        json(ctx.response(), 200, body);
    }

    /** One item by SKU, or by the identifier {@code productIdType} names (GTIN, UPC). */
    void item(RoutingContext ctx, String id) {
        String type = Optional.ofNullable(ctx.request().getParam("productIdType")).orElse("SKU");
        if (!PRODUCT_ID_TYPES.contains(type)) {
            throw new InvalidParameter("productIdType", "productIdType must be one of " + PRODUCT_ID_TYPES + ", was '" + type + "'");
        }
        if (!List.of("SKU", "GTIN", "UPC").contains(type)) {
            throw new InvalidParameter("productIdType", "this sandbox finds items by SKU, GTIN or UPC, not " + type);
        }
        Optional<ObjectNode> item = catalog.itemBy(type, id);
        if (item.isEmpty()) {
            json(ctx.response(), 404, WalmartErrors.contentNotFound(ITEM_SERVICE, "No item with " + type + " " + id));
            return;
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("ItemResponse").add(item.get());
        body.put("totalItems", 1);
        json(ctx.response(), 200, body);
    }

    /** A SKU's quantity at a ship node, the default node when the call names none. */
    void inventory(RoutingContext ctx) {
        String sku = requiredSku(ctx.request());
        String shipNode = shipNode(ctx.request());
        OptionalInt quantity = catalog.quantity(sku, shipNode);
        if (quantity.isEmpty()) {
            json(ctx.response(), 404, WalmartErrors.contentNotFound(INVENTORY_SERVICE, "No item with SKU " + sku));
            return;
        }
        json(ctx.response(), 200, inventoryBody(sku, quantity.getAsInt()));
    }

    /** Sets a SKU's quantity at a ship node: body {@code {"sku","quantity":{"unit":"EACH","amount"}}}. */
    void updateInventory(RoutingContext ctx) {
        String sku = requiredSku(ctx.request());
        String shipNode = shipNode(ctx.request());
        JsonNode body;
        try {
            body = Json.mapper().readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (IOException e) {
            throw new InvalidParameter("body", "the body must be JSON {\"sku\",\"quantity\":{\"unit\":\"EACH\",\"amount\"}}");
        }
        if (body == null || !body.isObject()) {
            throw new InvalidParameter("body", "the body must be JSON {\"sku\",\"quantity\":{\"unit\":\"EACH\",\"amount\"}}");
        }
        if (!sku.equals(body.path("sku").asText(null))) {
            throw new InvalidParameter("sku", "the body's sku (" + body.path("sku") + ") must be the sku of the query (" + sku + ")");
        }
        if (!catalog.has(sku)) {
            json(ctx.response(), 404, WalmartErrors.contentNotFound(INVENTORY_SERVICE, "No item with SKU " + sku));
            return;
        }
        List<FeedFiles.IngestionError> errors = new ArrayList<>();
        Integer quantity = FeedFiles.quantity(body.path("quantity"), sku, errors);
        if (quantity == null) {
            throw new InvalidParameter("quantity", errors.get(0).description());
        }
        catalog.setQuantity(sku, shipNode == null ? SellerCatalog.DEFAULT_SHIP_NODE : shipNode, quantity);
        onInventoryUpdate.run();
        json(ctx.response(), 200, inventoryBody(sku, quantity));
    }

    private static Map<String, Object> inventoryBody(String sku, int amount) {
        return Map.of("sku", sku, "quantity", Map.of("unit", "EACH", "amount", amount));
    }

    private static String requiredSku(HttpServerRequest request) {
        String sku = request.getParam("sku");
        if (sku == null || sku.isBlank()) {
            throw new InvalidParameter("sku", "the query parameter sku is required");
        }
        return sku;
    }

    /** The {@code shipNode} parameter, null when absent; one of the seller's nodes, else 400. */
    static String shipNode(HttpServerRequest request) {
        String node = request.getParam("shipNode");
        if (node != null && !SellerCatalog.SHIP_NODES.contains(node)) {
            throw new InvalidParameter("shipNode", "shipNode '" + node + "' is not one of this seller's ship nodes "
                    + SellerCatalog.SHIP_NODES);
        }
        return node;
    }

    private static int decodeCursor(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(CURSOR_PREFIX)) {
                return Integer.parseInt(decoded.substring(CURSOR_PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw new InvalidParameter("nextCursor", "nextCursor must be '*' or the nextCursor of an earlier answer");
    }
}
