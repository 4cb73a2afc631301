package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.catalog.SkuXref;
import io.commercebus.inventory.StockLevel;
import io.commercebus.pricing.PriceUpdate;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Stock and prices to BigCommerce stores. Stock and base prices go to variants (a simple product's
 * base variant is the product) in batches of 50 ({@code PUT /v3/catalog/variants}); price levels go
 * to price lists, one per NetSuite price level ("NetSuite price level 2"), assigned to the customer
 * group the store's {@code price-level.csv} names, in batches of 1,000 records per currency. Variant
 * ids come from the SKU cross-reference, and SKUs it does not know are looked up once.
 */
public class BigCommerceListings {

    private static final Logger LOG = LoggerFactory.getLogger(BigCommerceListings.class);
    static final int VARIANT_BATCH = 50;
    static final int RECORD_BATCH = 1000;
    static final String PRICE_LIST_NAME = "NetSuite price level ";

    private final Map<String, BigCommerceClient> clients;
    private final SkuXref xref;
    /** store/price level → price list id, once found or created and assigned. */
    private final Map<String, String> priceLists = new ConcurrentHashMap<>();

    public BigCommerceListings(Map<String, BigCommerceClient> clients, SkuXref xref) {
        this.clients = clients;
        this.xref = xref;
    }

    /** Pushes stock numbers; returns those the store took. */
    public List<StockLevel> publishInventory(String store, List<StockLevel> levels) {
        return variants(store, levels, StockLevel::sku, (object, level) -> object.put("inventory_level", level.quantity()));
    }

    /** Pushes base prices to variants and price-level prices to price lists; returns those the store took. */
    public List<PriceUpdate> publishPrices(String store, List<PriceUpdate> updates) {
        List<PriceUpdate> accepted = new ArrayList<>(variants(store, updates.stream().filter(PriceUpdate::isBase).toList(),
                PriceUpdate::sku, (object, update) -> object.put("price", update.price())));
        Map<String, List<PriceUpdate>> byLevel = new LinkedHashMap<>();
        updates.stream().filter(u -> !u.isBase()).forEach(u -> byLevel.computeIfAbsent(u.priceLevel(), k -> new ArrayList<>()).add(u));
        byLevel.forEach((level, list) -> accepted.addAll(priceList(store, level, list)));
        return accepted;
    }

    private <T> List<T> variants(String store, List<T> changes, Function<T, String> skuOf, BiConsumer<ObjectNode, T> fields) {
        Map<String, SkuXref.Entry> ids = ids(store, changes.stream().map(skuOf).distinct().toList());
        List<T> listed = changes.stream().filter(c -> ids.containsKey(skuOf.apply(c))).toList();
        unlisted(store, changes.size() - listed.size());
        List<T> accepted = new ArrayList<>();
        for (int from = 0; from < listed.size(); from += VARIANT_BATCH) {
            List<T> batch = listed.subList(from, Math.min(listed.size(), from + VARIANT_BATCH));
            ArrayNode body = Json.mapper().createArrayNode();
            for (T change : batch) {
                ObjectNode object = body.addObject().put("id", Long.parseLong(ids.get(skuOf.apply(change)).variantId()));
                fields.accept(object, change);
            }
            try {
                client(store).call("PUT", "/v3/catalog/variants", body);
                accepted.addAll(batch);
            } catch (BigCommerceRefusal e) {
                // BigCommerce takes a variants batch whole or not at all: the batch is sent again at the next run
                LOG.warn("BigCommerce store {}: a batch of {} variant update(s) refused: {}", store, batch.size(), e.getMessage());
            }
        }
        return accepted;
    }

    private List<PriceUpdate> priceList(String store, String level, List<PriceUpdate> updates) {
        String groupId = updates.get(0).customerGroup();
        String listId = priceLists.computeIfAbsent(store + "/" + level, k -> findOrCreatePriceList(store, level, groupId));
        Map<String, SkuXref.Entry> ids = ids(store, updates.stream().map(PriceUpdate::sku).distinct().toList());
        List<PriceUpdate> listed = updates.stream().filter(u -> ids.containsKey(u.sku())).toList();
        unlisted(store, updates.size() - listed.size());
        List<PriceUpdate> accepted = new ArrayList<>();
        for (int from = 0; from < listed.size(); from += RECORD_BATCH) {
            List<PriceUpdate> batch = listed.subList(from, Math.min(listed.size(), from + RECORD_BATCH));
            ArrayNode body = Json.mapper().createArrayNode();
            for (PriceUpdate update : batch) {
                body.addObject().put("variant_id", Long.parseLong(ids.get(update.sku()).variantId()))
                        .put("price", update.price()).put("currency", update.currency().toLowerCase(Locale.ROOT));
            }
            try {
                client(store).call("PUT", "/v3/pricelists/" + listId + "/records", body);
                accepted.addAll(batch);
            } catch (BigCommerceRefusal e) {
                // without strict mode BigCommerce writes the good records and lists the bad ones (422)
                Set<String> refused = new HashSet<>();
                for (JsonNode error : e.body().path("batch_errors")) {
                    refused.add(error.path("data").path("variant_id").asText() + "/"
                            + error.path("data").path("currency").asText().toLowerCase(Locale.ROOT));
                }
                if (e.status() != 422 || refused.isEmpty()) {
                    throw e;
                }
                accepted.addAll(batch.stream().filter(u -> !refused.contains(ids.get(u.sku()).variantId() + "/"
                        + u.currency().toLowerCase(Locale.ROOT))).toList());
                LOG.warn("BigCommerce store {}: price list {} refused {} record(s): {}", store, listId, refused.size(),
                        e.body().path("batch_errors"));
            }
        }
        return accepted;
    }

    private String findOrCreatePriceList(String store, String level, String customerGroup) {
        String name = PRICE_LIST_NAME + level;
        BigCommerceClient client = client(store);
        JsonNode found = client.call("GET", "/v3/pricelists?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null)
                .path("data");
        String id = found.size() > 0 ? found.get(0).path("id").asText()
                : client.call("POST", "/v3/pricelists", Json.mapper().createObjectNode().put("name", name).put("active", true))
                .path("data").path("id").asText();
        JsonNode assigned = client.call("GET", "/v3/pricelists/assignments?price_list_id=" + id + "&customer_group_id="
                + URLEncoder.encode(customerGroup, StandardCharsets.UTF_8), null).path("data");
        if (assigned.isEmpty()) {
            client.call("PUT", "/v3/pricelists/" + id + "/assignments", Json.mapper().createObjectNode()
                    .put("customer_group_id", Long.parseLong(customerGroup)).put("channel_id", 1));
            LOG.info("BigCommerce store {}: price list '{}' ({}) assigned to customer group {}", store, name, id, customerGroup);
        }
        return id;
    }

    /** Variant ids of these SKUs: from the cross-reference, else from the store (and then remembered). */
    Map<String, SkuXref.Entry> ids(String store, List<String> skus) {
        Map<String, SkuXref.Entry> ids = new LinkedHashMap<>(xref.find(store, skus));
        ids.values().removeIf(e -> e.variantId() == null);
        List<String> unknown = skus.stream().filter(sku -> !ids.containsKey(sku)).toList();
        if (!unknown.isEmpty()) {
            List<SkuXref.Entry> found = new ArrayList<>();
            for (JsonNode variant : client(store).variantsBySku(unknown)) {
                SkuXref.Entry entry = new SkuXref.Entry(store, variant.path("sku").asText(), variant.path("product_id").asText(),
                        variant.path("id").asText(), null);
                found.add(entry);
                ids.put(entry.sku(), entry);
            }
            xref.put(found);
        }
        return ids;
    }

    private static void unlisted(String store, int count) {
        if (count > 0) {
            LOG.info("BigCommerce store {}: {} SKU(s) not listed in the store, left out", store, count);
        }
    }

    BigCommerceClient client(String store) {
        BigCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No BigCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
