package io.commercebus.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.catalog.SkuXref;
import io.commercebus.inventory.StockLevel;
import io.commercebus.pricing.PriceUpdate;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Stock and prices to WooCommerce stores, in the REST API's batches (at most 100 objects a request):
 * simple products through {@code /products/batch}, variations through their parent's
 * {@code /variations/batch}. Product and variation ids come from the SKU cross-reference, and SKUs it
 * does not know are looked up once ({@code GET /products?sku=…}) and remembered. WooCommerce answers
 * each object of a batch on its own: what it refused is logged and sent again at the next run.
 */
public class WooCommerceListings {

    private static final Logger LOG = LoggerFactory.getLogger(WooCommerceListings.class);
    static final int BATCH = 100;

    private final Map<String, WooCommerceClient> clients;
    private final SkuXref xref;

    public WooCommerceListings(Map<String, WooCommerceClient> clients, SkuXref xref) {
        this.clients = clients;
        this.xref = xref;
    }

    /** Pushes stock numbers (stock managed by WooCommerce); returns those the store took. */
    public List<StockLevel> publishInventory(String store, List<StockLevel> levels) {
        return publish(store, levels, StockLevel::sku, (object, level) -> object.put("manage_stock", true)
                .put("stock_quantity", level.quantity()));
    }

    /** Pushes base prices as regular prices (the store sells in one currency); returns those the store took. */
    public List<PriceUpdate> publishPrices(String store, List<PriceUpdate> updates) {
        return publish(store, updates.stream().filter(PriceUpdate::isBase).toList(), PriceUpdate::sku,
                (object, update) -> object.put("regular_price", update.price().toPlainString()));
    }

    private <T> List<T> publish(String store, List<T> changes, Function<T, String> skuOf, BiConsumer<ObjectNode, T> fields) {
        Map<String, SkuXref.Entry> ids = ids(store, changes.stream().map(skuOf).toList());
        // batches per endpoint: simple products together, each parent's variations together
        Map<String, List<T>> byEndpoint = new LinkedHashMap<>();
        List<String> unlisted = new ArrayList<>();
        for (T change : changes) {
            SkuXref.Entry entry = ids.get(skuOf.apply(change));
            if (entry == null) {
                unlisted.add(skuOf.apply(change));
            } else {
                String endpoint = entry.variantId() == null ? "/products/batch"
                        : "/products/" + entry.productId() + "/variations/batch";
                byEndpoint.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(change);
            }
        }
        if (!unlisted.isEmpty()) {
            LOG.info("WooCommerce store {}: {} SKU(s) not listed in the store, left out: {}", store, unlisted.size(),
                    unlisted.size() > 20 ? unlisted.subList(0, 20) + "…" : unlisted);
        }
        List<T> accepted = new ArrayList<>();
        byEndpoint.forEach((endpoint, list) -> {
            for (int from = 0; from < list.size(); from += BATCH) {
                List<T> batch = list.subList(from, Math.min(list.size(), from + BATCH));
                Map<String, T> byId = new LinkedHashMap<>();
                ObjectNode body = Json.mapper().createObjectNode();
                ArrayNode update = body.putArray("update");
                for (T change : batch) {
                    SkuXref.Entry entry = ids.get(skuOf.apply(change));
                    String id = entry.variantId() != null ? entry.variantId() : entry.productId();
                    ObjectNode object = update.addObject().put("id", Long.parseLong(id));
                    fields.accept(object, change);
                    byId.put(id, change);
                }
                for (JsonNode result : client(store).call("POST", endpoint, body).path("update")) {
                    T change = byId.get(result.path("id").asText());
                    if (result.has("error")) {
                        LOG.warn("WooCommerce store {}: {} refused: {}", store, change == null ? result.path("id") : skuOf.apply(change),
                                result.path("error"));
                    } else if (change != null) {
                        accepted.add(change);
                    }
                }
            }
        });
        return accepted;
    }

    /** Product (and for variations, variation) ids of these SKUs: from the cross-reference, else from the store. */
    Map<String, SkuXref.Entry> ids(String store, List<String> skus) {
        Map<String, SkuXref.Entry> ids = new LinkedHashMap<>(xref.find(store, skus));
        ids.values().removeIf(e -> e.productId() == null);
        List<String> unknown = skus.stream().filter(sku -> !ids.containsKey(sku)).distinct().toList();
        if (!unknown.isEmpty()) {
            List<SkuXref.Entry> found = new ArrayList<>();
            for (JsonNode product : client(store).productsBySku(unknown)) {
                String sku = product.path("sku").asText();
                if (!unknown.contains(sku)) {
                    continue;
                }
                boolean variation = "variation".equals(product.path("type").asText());
                SkuXref.Entry entry = new SkuXref.Entry(store, sku,
                        variation ? product.path("parent_id").asText() : product.path("id").asText(),
                        variation ? product.path("id").asText() : null, null);
                found.add(entry);
                ids.put(sku, entry);
            }
            xref.put(found);
        }
        return ids;
    }

    private WooCommerceClient client(String store) {
        WooCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No WooCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
