package io.commercebus.connector.netsuite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.commercebus.catalog.SkuXref;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.mapping.MappedLine;
import io.commercebus.mapping.MappedRecord;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sequence-aware delivery, step two: every line's SKU must name a NetSuite item. A SKU the store's
 * cross-reference knows (a product the bus listed) resolves without a request; the others are looked
 * up by the store's SKU field (item name by default, {@code catalog.sku-field}) in one SuiteQL query
 * per transaction (found ids are cached; misses are not, so a replay finds an item created meanwhile).
 * An unknown SKU dead-letters the transaction as UNKNOWN_SKU: it fails loudly and is never replaced by
 * a placeholder item.
 */
public class ItemResolver {

    private final NetSuiteClient netsuite;
    private final SkuXref xref;
    private final Function<String, String> skuFields;
    /** Item ids by SKU field and SKU: stores may name items by different fields. */
    private final Cache<String, String> idsBySku;

    /** @param skuFields a store's SKU field ({@code catalog.sku-field}, itemid by default) */
    public ItemResolver(NetSuiteClient netsuite, Duration cacheTtl, SkuXref xref, Function<String, String> skuFields) {
        this.netsuite = netsuite;
        this.xref = xref;
        this.skuFields = skuFields;
        this.idsBySku = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(500_000).build();
    }

    public MappedRecord resolve(MappedRecord record) {
        String field = skuFields.apply(record.getStore());
        Set<String> unresolved = new LinkedHashSet<>();
        for (MappedLine line : record.getLines()) {
            if (line.getItemId() == null && idsBySku.getIfPresent(field + "|" + line.getSku()) == null) {
                unresolved.add(line.getSku());
            }
        }
        if (!unresolved.isEmpty()) {
            xref.find(record.getStore(), unresolved).forEach((sku, entry) -> {
                if (entry.netsuiteItemId() != null) {
                    idsBySku.put(field + "|" + sku, entry.netsuiteItemId());
                    unresolved.remove(sku);
                }
            });
        }
        if (!unresolved.isEmpty()) {
            String in = unresolved.stream().map(NetSuiteClient::literal).collect(Collectors.joining(", "));
            for (Map<String, String> row : netsuite.query("SELECT id, " + field + " FROM item WHERE " + field + " IN (" + in
                    + ")")) {
                idsBySku.put(field + "|" + row.get(field), row.get("id"));
            }
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (MappedLine line : record.getLines()) {
            if (line.getItemId() == null) {
                String id = idsBySku.getIfPresent(field + "|" + line.getSku());
                if (id == null) {
                    unknown.add(line.getSku());
                } else {
                    line.setItemId(id);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new PermanentFailure(DeadLetterReason.UNKNOWN_SKU, "no NetSuite item with " + field + " " + unknown + " for "
                    + record.getRecordType() + " " + record.getExternalId()
                    + "; create the item (or map the SKU in the mapping's sku lookup table) and replay");
        }
        return record;
    }
}
