package io.commercebus.connector.bigcommerce;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NetSuite items as BigCommerce products: an inventory item or a kit as a product tracked by product,
 * a matrix item as one product tracked by variant, a variant per child with its option values (the
 * options and values are created from their names). The product is created the first time (or
 * adopted when the store already sells the item's SKU) and updated afterwards, new children becoming
 * new variants. A SKU the store already uses under another product is refused as SKU_DRIFT before
 * anything is written.
 */
public class BigCommerceCatalog {

    private final BigCommerceListings listings;
    private final SkuXref xref;

    public BigCommerceCatalog(BigCommerceListings listings, SkuXref xref) {
        this.listings = listings;
        this.xref = xref;
    }

    /** Creates or updates the item's product; sets the headers ledger:delivered reads. */
    public void upsert(String store, String payload, Exchange exchange) {
        CatalogItem item = CatalogSync.read(payload);
        BigCommerceClient client = listings.client(store);
        Map<String, SkuXref.Entry> owners = listings.ids(store, item.skus());
        String productId = productOf(store, item, client);
        refuseDrift(item, owners, productId);
        List<SkuXref.Entry> entries = new ArrayList<>();
        try {
            if (productId == null) {
                JsonNode created = client.call("POST", "/v3/catalog/products?include=variants", newProduct(item)).path("data");
                productId = created.path("id").asText();
                for (JsonNode variant : created.path("variants")) {
                    entries.add(entry(store, item, productId, variant));
                }
            } else {
                client.call("PUT", "/v3/catalog/products/" + productId, changes(item));
                entries.addAll(variants(store, client, item, productId));
            }
        } catch (BigCommerceRefusal e) {
            throw refusal(item, e);
        }
        entries.add(new SkuXref.Entry(store, item.sku(), productId, null, item.netsuiteId()));
        xref.put(entries);
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_TYPE, "item");
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_ID, item.netsuiteId());
    }

    /** The store's product for the item: the one listed before, else the one already selling the item's SKU. */
    private String productOf(String store, CatalogItem item, BigCommerceClient client) {
        for (SkuXref.Entry entry : xref.ofNetSuiteItem(store, item.netsuiteId())) {
            if (entry.sku().equals(item.sku()) && entry.productId() != null) {
                return entry.productId();
            }
        }
        for (JsonNode product : client.call("GET", "/v3/catalog/products?sku=" + URLEncoder.encode(item.sku(),
                StandardCharsets.UTF_8), null).path("data")) {
            if (item.sku().equalsIgnoreCase(product.path("sku").asText())) {
                return product.path("id").asText();
            }
        }
        return null;
    }

    private static void refuseDrift(CatalogItem item, Map<String, SkuXref.Entry> owners, String productId) {
        for (String sku : item.skus()) {
            SkuXref.Entry owner = owners.get(sku);
            if (owner != null && owner.productId() != null && !owner.productId().equals(productId)) {
                throw new PermanentFailure(DeadLetterReason.SKU_DRIFT, "SKU " + sku + " of NetSuite item " + item.netsuiteId()
                        + " (" + item.sku() + ") already belongs to BigCommerce product " + owner.productId()
                        + " (variant " + owner.variantId() + ")"
                        + (productId == null ? "" : ", not to this item's product " + productId)
                        + "; give the NetSuite item its own SKU or move the store's variant, then replay");
            }
        }
    }

    private List<SkuXref.Entry> variants(String store, BigCommerceClient client, CatalogItem item, String productId) {
        Map<String, JsonNode> existing = new HashMap<>();
        for (JsonNode variant : client.call("GET", "/v3/catalog/products/" + productId + "/variants?limit=250", null)
                .path("data")) {
            existing.put(variant.path("sku").asText(), variant);
        }
        List<SkuXref.Entry> entries = new ArrayList<>();
        ArrayNode updates = Json.mapper().createArrayNode();
        for (CatalogItem.Variant variant : item.variants()) {
            JsonNode current = existing.get(variant.sku());
            if (current == null) {
                JsonNode created = client.call("POST", "/v3/catalog/products/" + productId + "/variants", variant(item, variant))
                        .path("data");
                entries.add(entry(store, item, productId, created));
            } else {
                ObjectNode update = updates.addObject().put("id", current.path("id").asLong());
                price(update, variant.price());
                if (variant.upc() != null) {
                    update.put("upc", variant.upc());
                }
                entries.add(entry(store, item, productId, current));
            }
        }
        for (int from = 0; from < updates.size(); from += BigCommerceListings.VARIANT_BATCH) {
            ArrayNode batch = Json.mapper().createArrayNode();
            for (int i = from; i < Math.min(updates.size(), from + BigCommerceListings.VARIANT_BATCH); i++) {
                batch.add(updates.get(i));
            }
            client.call("PUT", "/v3/catalog/variants", batch);
        }
        return entries;
    }

    private static SkuXref.Entry entry(String store, CatalogItem item, String productId, JsonNode variant) {
        String sku = variant.path("sku").asText();
        String netsuiteId = sku.equals(item.sku()) ? item.netsuiteId() : item.variants().stream()
                .filter(v -> v.sku().equals(sku)).map(CatalogItem.Variant::netsuiteId).findFirst().orElse(null);
        return new SkuXref.Entry(store, sku, productId, variant.path("id").asText(), netsuiteId);
    }

    private static ObjectNode newProduct(CatalogItem item) {
        ObjectNode product = changes(item);
        product.put("type", "physical");
        product.put("weight", 0);
        product.put("sku", item.sku());
        boolean matrix = item.type().equals(CatalogItem.MATRIX);
        product.put("inventory_tracking", matrix ? "variant" : "product");
        if (matrix) {
            ArrayNode variants = product.putArray("variants");
            item.variants().forEach(v -> variants.add(variant(item, v)));
        }
        return product;
    }

    /** What an update sends: the fields NetSuite owns. */
    private static ObjectNode changes(CatalogItem item) {
        ObjectNode product = Json.mapper().createObjectNode();
        product.put("name", item.name());
        price(product, item.price() != null ? item.price() : BigDecimal.ZERO);
        if (item.description() != null) {
            product.put("description", item.description());
        }
        if (item.upc() != null) {
            product.put("upc", item.upc());
        }
        return product;
    }

    private static ObjectNode variant(CatalogItem item, CatalogItem.Variant variant) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("sku", variant.sku());
        price(out, variant.price() != null ? variant.price() : item.price());
        if (variant.upc() != null) {
            out.put("upc", variant.upc());
        }
        ArrayNode values = out.putArray("option_values");
        variant.options().forEach((name, label) -> values.addObject().put("option_display_name", name).put("label", label));
        return out;
    }

    private static void price(ObjectNode object, BigDecimal price) {
        if (price != null) {
            object.put("price", price);
        }
    }

    private static RuntimeException refusal(CatalogItem item, BigCommerceRefusal e) {
        String title = e.body().path("title").asText("");
        if (e.status() == 409 && title.toLowerCase().contains("sku")) {
            return new PermanentFailure(DeadLetterReason.SKU_DRIFT, "BigCommerce refused a SKU of NetSuite item "
                    + item.netsuiteId() + " (" + item.sku() + "): " + title + " " + e.body().path("errors")
                    + "; give the NetSuite item its own SKU or move the store's variant, then replay");
        }
        if (e.status() >= 400 && e.status() < 500 && e.status() != 429) {
            return new PermanentFailure(DeadLetterReason.MARKETPLACE_REJECTED, "BigCommerce refused NetSuite item "
                    + item.netsuiteId() + " (" + item.sku() + "): " + e.status() + " " + title + " " + e.body().path("errors"));
        }
        return e;
    }
}
