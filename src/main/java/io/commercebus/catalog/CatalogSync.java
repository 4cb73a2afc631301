package io.commercebus.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.commercebus.connector.netsuite.NetSuiteCatalog;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * NetSuite's items, listed in every store with {@code catalog.publish=true}. Every
 * {@code bus.catalog.period} the items changed since each store's last run (all of them on a full
 * pass) are staged in the ledger as {@code product} records of the store, one per NetSuite item (a
 * matrix parent with its children): from there they are checked, then created or updated at the
 * marketplace like any record, with retries, dead letters (e.g. {@code SKU_DRIFT}) and replay, and an
 * unchanged item is not sent again.
 */
public class CatalogSync {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogSync.class);
    public static final String PAYLOAD = "payload";

    private final Map<String, CatalogPolicy> policies;
    private final BiFunction<String, String, String> currencyIds;
    private final NetSuiteCatalog netsuite;
    private final PublicationRuns<CatalogPolicy> runs;

    /** @param currencyIds (store, ISO code) → NetSuite currency internal id, or null */
    public CatalogSync(Map<String, CatalogPolicy> policies, BiFunction<String, String, String> currencyIds,
                       NetSuiteCatalog netsuite, Watermarks watermarks, RunRequests requests, Clock clock, Duration period,
                       Duration fullPassPeriod, Duration overlap) {
        this.policies = policies;
        this.currencyIds = currencyIds;
        this.netsuite = netsuite;
        this.runs = new PublicationRuns<>("catalog", watermarks, requests, clock, period, fullPassPeriod, overlap);
        for (CatalogPolicy policy : policies.values()) {
            if (currencyIds.apply(policy.store(), policy.currency()) == null) {
                throw new IllegalStateException("Store " + policy.store() + " lists prices in " + policy.currency()
                        + ", which lookups/currency.csv does not map to a NetSuite currency");
            }
        }
    }

    /** When due, the items to stage per store; empty otherwise. Each content entry holds the ledger headers and payload. */
    public List<Map<String, Object>> scheduledRun() {
        PublicationRuns.Plan<CatalogPolicy> plan = runs.plan(policies.values());
        if (plan == null) {
            return List.of();
        }
        List<Map<String, Object>> pushes = new ArrayList<>();
        Set<String> all = plan.full().isEmpty() ? Set.of() : netsuite.all();
        Set<String> changed = plan.incremental().isEmpty() ? Set.of() : netsuite.changedSince(plan.since());
        for (CatalogPolicy policy : plan.full()) {
            runs.push(pushes, policy, records(policy, all), plan.started(), true);
        }
        for (CatalogPolicy policy : plan.incremental()) {
            runs.push(pushes, policy, records(policy, changed), plan.started(), false);
        }
        return pushes;
    }

    /** Runs at the next tick instead of waiting for the period: an operator's "sync now". */
    public void runNow() {
        runs.runNow();
    }

    public void advance(String store, String position, boolean full) {
        runs.advance(policies.get(store), position, full);
    }

    /**
     * The map stage of a product record: a listing the marketplace could not take as it is (two
     * variants with one SKU, a variant lacking an option value, no price) is dead-lettered here, before
     * any request.
     */
    public String check(String payload) {
        CatalogItem item = read(payload);
        Set<String> skus = new HashSet<>();
        for (String sku : item.skus()) {
            if (!skus.add(sku)) {
                throw new PermanentFailure(DeadLetterReason.CATALOG_INVALID, "NetSuite item " + item.netsuiteId() + " ("
                        + item.sku() + ") lists SKU " + sku + " twice; give each matrix child its own SKU and replay");
            }
        }
        for (CatalogItem.Variant variant : item.variants()) {
            if (variant.options().size() != item.options().size()) {
                throw new PermanentFailure(DeadLetterReason.CATALOG_INVALID, "variant " + variant.sku() + " of "
                        + item.sku() + " has options " + variant.options() + " but the item's options are "
                        + item.options().stream().map(CatalogItem.Option::name).toList()
                        + "; fill in the child's option fields (catalog.option-fields) and replay");
            }
        }
        if (item.price() == null && item.variants().stream().anyMatch(v -> v.price() == null)) {
            throw new PermanentFailure(DeadLetterReason.CATALOG_INVALID, "NetSuite item " + item.netsuiteId() + " ("
                    + item.sku() + ") has no base price in " + item.currency() + "; set it in NetSuite and replay");
        }
        return payload;
    }

    public static CatalogItem read(String payload) {
        try {
            return Json.mapper().readValue(payload, CatalogItem.class);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure(DeadLetterReason.CATALOG_INVALID, "the stored product is not a catalog item: "
                    + e.getOriginalMessage());
        }
    }

    private List<Map<String, Object>> records(CatalogPolicy policy, Set<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (CatalogItem item : netsuite.read(ids, policy, currencyIds.apply(policy.store(), policy.currency()))) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put(LedgerHeaders.EXTERNAL_ID, item.netsuiteId());
            try {
                record.put(PAYLOAD, Json.mapper().writeValueAsString(item));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            records.add(record);
        }
        if (!records.isEmpty()) {
            LOG.info("Store {}: {} NetSuite item(s) to list", policy.store(), records.size());
        }
        return records;
    }
}
