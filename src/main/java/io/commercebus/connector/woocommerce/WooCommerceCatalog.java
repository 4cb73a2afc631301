package io.commercebus.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.catalog.CatalogItem;
import io.commercebus.catalog.CatalogSync;
import io.commercebus.catalog.SkuXref;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NetSuite items as WooCommerce products: an inventory item or a kit as a simple product, a matrix item
 * as a variable product with one variation per child, its options as variation attributes. The
 * product is created the first time (or adopted when the store already sells the SKU) and updated
 * afterwards; its variations are created and updated in batches. A SKU the store already uses under
 * another product is refused as SKU_DRIFT before anything is written.
 */
public class WooCommerceCatalog {

    private final Map<String, WooCommerceClient> clients;
    private final WooCommerceListings listings;
    private final SkuXref xref;

    public WooCommerceCatalog(Map<String, WooCommerceClient> clients, WooCommerceListings listings, SkuXref xref) {
        this.clients = clients;
        this.listings = listings;
        this.xref = xref;
    }

    /** Creates or updates the item's product; sets the headers ledger:delivered reads. */
    public void upsert(String store, String payload, Exchange exchange) {
        CatalogItem item = CatalogSync.read(payload);
        WooCommerceClient client = client(store);
        Map<String, SkuXref.Entry> owners = listings.ids(store, item.skus());
        String productId = productOf(store, item, owners);
        refuseDrift(item, owners, productId);

        ObjectNode product = product(item);
        try {
            JsonNode saved = productId == null ? client.call("POST", "/products", product)
                    : client.call("PUT", "/products/" + productId, product);
            productId = saved.path("id").asText();
        } catch (WooCommerceRefusal e) {
            throw refusal(item, e);
        }
        List<SkuXref.Entry> entries = new ArrayList<>();
        entries.add(new SkuXref.Entry(store, item.sku(), productId, null, item.netsuiteId()));
        if (item.type().equals(CatalogItem.MATRIX)) {
            entries.addAll(variations(store, client, item, productId, owners));
        }
        xref.put(entries);
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_TYPE, "item");
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_ID, item.netsuiteId());
    }

    /** The store's product for the item: the one listed before, else the one already selling the item's SKU. */
    private String productOf(String store, CatalogItem item, Map<String, SkuXref.Entry> owners) {
        for (SkuXref.Entry entry : xref.ofNetSuiteItem(store, item.netsuiteId())) {
            if (entry.sku().equals(item.sku()) && entry.productId() != null) {
                return entry.productId();
            }
        }
        SkuXref.Entry own = owners.get(item.sku());
        return own != null && own.variantId() == null ? own.productId() : null;
    }

    private static void refuseDrift(CatalogItem item, Map<String, SkuXref.Entry> owners, String productId) {
        for (String sku : item.skus()) {
            SkuXref.Entry owner = owners.get(sku);
            if (owner != null && owner.productId() != null && !owner.productId().equals(productId)) {
                throw new PermanentFailure(DeadLetterReason.SKU_DRIFT, "SKU " + sku + " of NetSuite item " + item.netsuiteId()
                        + " (" + item.sku() + ") already belongs to WooCommerce product " + owner.productId()
                        + (owner.variantId() == null ? "" : " (variation " + owner.variantId() + ")")
                        + (productId == null ? "" : ", not to this item's product " + productId)
                        + "; give the NetSuite item its own SKU or move the store's product, then replay");
            }
        }
    }

    private List<SkuXref.Entry> variations(String store, WooCommerceClient client, CatalogItem item, String productId,
                                           Map<String, SkuXref.Entry> owners) {
        Map<String, String> existing = new HashMap<>();
        for (JsonNode variation : client.call("GET", "/products/" + productId + "/variations?per_page=100", null)) {
            existing.put(variation.path("sku").asText(), variation.path("id").asText());
        }
        List<SkuXref.Entry> entries = new ArrayList<>();
        List<CatalogItem.Variant> variants = item.variants();
        for (int from = 0; from < variants.size(); from += WooCommerceListings.BATCH) {
            ObjectNode batch = Json.mapper().createObjectNode();
            ArrayNode create = batch.putArray("create");
            ArrayNode update = batch.putArray("update");
            List<CatalogItem.Variant> chunk = variants.subList(from, Math.min(variants.size(), from + WooCommerceListings.BATCH));
            for (CatalogItem.Variant variant : chunk) {
                String id = existing.get(variant.sku());
                ObjectNode object = id == null ? create.addObject() : update.addObject().put("id", Long.parseLong(id));
                object.put("sku", variant.sku());
                price(object, variant.price() != null ? variant.price() : item.price());
                if (variant.upc() != null) {
                    object.put("global_unique_id", variant.upc());
                }
                ArrayNode attributes = object.putArray("attributes");
                variant.options().forEach((name, value) -> attributes.addObject().put("name", name).put("option", value));
            }
            JsonNode result = client.call("POST", "/products/" + productId + "/variations/batch", batch);
            List<JsonNode> saved = new ArrayList<>();
            result.path("create").forEach(saved::add);
            result.path("update").forEach(saved::add);
            for (JsonNode variation : saved) {
                if (variation.has("error")) {
                    JsonNode error = variation.path("error");
                    throw new PermanentFailure("product_invalid_sku".equals(error.path("code").asText())
                            ? DeadLetterReason.SKU_DRIFT : DeadLetterReason.MARKETPLACE_REJECTED,
                            "WooCommerce refused a variation of " + item.sku() + " (NetSuite item " + item.netsuiteId()
                                    + "): " + error + "; fix the item in NetSuite and replay");
                }
                String sku = variation.path("sku").asText();
                String netsuiteId = chunk.stream().filter(v -> v.sku().equals(sku)).map(CatalogItem.Variant::netsuiteId)
                        .findFirst().orElse(null);
                entries.add(new SkuXref.Entry(store, sku, productId, variation.path("id").asText(), netsuiteId));
            }
        }
        return entries;
    }

    private static ObjectNode product(CatalogItem item) {
        ObjectNode product = Json.mapper().createObjectNode();
        product.put("name", item.name());
        product.put("sku", item.sku());
        product.put("type", item.type().equals(CatalogItem.MATRIX) ? "variable" : "simple");
        if (item.description() != null) {
            product.put("description", item.description());
        }
        if (item.type().equals(CatalogItem.MATRIX)) {
            ArrayNode attributes = product.putArray("attributes");
            for (CatalogItem.Option option : item.options()) {
                ObjectNode attribute = attributes.addObject().put("name", option.name()).put("visible", true)
                        .put("variation", true);
                option.values().forEach(attribute.putArray("options")::add);
            }
        } else {
            price(product, item.price());
            product.put("manage_stock", true);
            if (item.upc() != null) {
                product.put("global_unique_id", item.upc());
            }
        }
        return product;
    }

    private static void price(ObjectNode object, BigDecimal price) {
        if (price != null) {
            object.put("regular_price", price.toPlainString());
        }
    }

    private static RuntimeException refusal(CatalogItem item, WooCommerceRefusal e) {
        if ("product_invalid_sku".equals(e.code())) {
            return new PermanentFailure(DeadLetterReason.SKU_DRIFT, "WooCommerce refused SKU " + item.sku() + " of NetSuite item "
                    + item.netsuiteId() + ": another product (" + e.data().path("resource_id").asText("?") + ") has it; "
                    + "give the NetSuite item its own SKU or move the store's product, then replay");
        }
        if (e.status() >= 400 && e.status() < 500) {
            return new PermanentFailure(DeadLetterReason.MARKETPLACE_REJECTED, e.getMessage());
        }
        return e;
    }

    private WooCommerceClient client(String store) {
        WooCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No WooCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
