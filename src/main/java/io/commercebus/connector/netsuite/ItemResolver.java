package io.commercebus.connector.netsuite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.mapping.MappedLine;
import io.commercebus.mapping.MappedRecord;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sequence-aware delivery, step two: every line's SKU must name a NetSuite item. SKUs are resolved to
 * internal ids by item name in one SuiteQL query per transaction (found ids are cached; misses are
 * not, so a replay finds an item created meanwhile). An unknown SKU dead-letters the transaction as
 * UNKNOWN_SKU: it fails loudly and is never replaced by a placeholder item.
 */
public class ItemResolver {

    private final NetSuiteClient netsuite;
    private final Cache<String, String> idsBySku;

    public ItemResolver(NetSuiteClient netsuite, Duration cacheTtl) {
        this.netsuite = netsuite;
        this.idsBySku = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(500_000).build();
    }

    public MappedRecord resolve(MappedRecord record) {
        Set<String> unresolved = new LinkedHashSet<>();
        for (MappedLine line : record.getLines()) {
            if (line.getItemId() == null && idsBySku.getIfPresent(line.getSku()) == null) {
                unresolved.add(line.getSku());
            }
        }
        if (!unresolved.isEmpty()) {
            String in = unresolved.stream().map(NetSuiteClient::literal).collect(Collectors.joining(", "));
            for (Map<String, String> row : netsuite.query("SELECT id, itemid FROM item WHERE itemid IN (" + in + ")")) {
                idsBySku.put(row.get("itemid"), row.get("id"));
            }
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (MappedLine line : record.getLines()) {
            if (line.getItemId() == null) {
                String id = idsBySku.getIfPresent(line.getSku());
                if (id == null) {
                    unknown.add(line.getSku());
                } else {
                    line.setItemId(id);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new PermanentFailure(DeadLetterReason.UNKNOWN_SKU, "no NetSuite item named " + unknown + " for "
                    + record.getRecordType() + " " + record.getExternalId()
                    + "; create the item (or map the SKU in the mapping's sku lookup table) and replay");
        }
        return record;
    }
}
