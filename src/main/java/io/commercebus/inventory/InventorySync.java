package io.commercebus.inventory;

import io.commercebus.catalog.CatalogItem;
import io.commercebus.catalog.CatalogSync;
import io.commercebus.catalog.PublicationRuns;
import io.commercebus.catalog.RunRequests;
import io.commercebus.connector.netsuite.NetSuiteStock;
import io.commercebus.ledger.Watermarks;
import io.commercebus.mapping.MappedLine;
import io.commercebus.mapping.MappedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * NetSuite's stock, published to every store that sells it. Two ways in:
 * <ul>
 *   <li><b>scheduled</b> ({@link #scheduledRun}, every {@code bus.inventory.period}): the items whose
 *   stock changed since each store's last run, and now and then ({@code bus.inventory.full-pass-period})
 *   all items, to catch whatever an incremental run cannot see;</li>
 *   <li><b>at once</b> for low stock ({@link #drainUrgent}): items NetSuite reports changed (a
 *   user-event script calling the bus) or that an order just delivered to NetSuite took stock from;
 *   those whose number falls below the store's low-stock threshold are pushed within seconds.</li>
 * </ul>
 * Only numbers that differ from what the store last accepted ({@link PublishedStock}) are pushed. Each
 * push is a map the routes send to {@code direct:<marketplace>-inventory} (see {@link PublicationRuns}).
 */
public class InventorySync {

    private static final Logger LOG = LoggerFactory.getLogger(InventorySync.class);
    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]*");

    private final Map<String, StockPolicy> policies;
    private final Function<String, SafetyStock> safety;
    private final NetSuiteStock netsuite;
    private final PublishedStock published;
    private final PublicationRuns<StockPolicy> runs;
    /** Items reported changed since the last low-stock check; a set, so a busy item is read once per check. */
    private final Set<String> urgent = ConcurrentHashMap.newKeySet();
    /** Items just listed, per store: their stock goes out to that store whatever it is. */
    private final Map<String, Set<String>> listed = new ConcurrentHashMap<>();
    private volatile Map<String, StockPolicy> resolved;

    /**
     * @param safety a store's safety stock, read at each run so that edited tables apply without a restart
     */
    public InventorySync(Map<String, StockPolicy> policies, Function<String, SafetyStock> safety, NetSuiteStock netsuite,
                         PublishedStock published, Watermarks watermarks, RunRequests requests, Clock clock, Duration period,
                         Duration fullPassPeriod, Duration overlap) {
        this.policies = policies;
        this.safety = safety;
        this.netsuite = netsuite;
        this.published = published;
        this.runs = new PublicationRuns<>("inventory", watermarks, requests, clock, period, fullPassPeriod, overlap);
        for (StockPolicy policy : policies.values()) {
            for (String field : List.of(policy.skuField(), policy.categoryField())) {
                if (!FIELD.matcher(field).matches()) {
                    throw new IllegalStateException("bus.store." + policy.store() + ": '" + field + "' is not a NetSuite"
                            + " item field name (lower-case letters, digits, '_')");
                }
            }
            safety.apply(policy.store());
        }
    }

    /** The stores that publish stock. */
    public Collection<String> stores() {
        return policies.keySet();
    }

    // ---------------------------------------------------------------- scheduled

    /** When due, computes every store's changed numbers; empty otherwise (the route ticks more often than it runs). */
    public List<Map<String, Object>> scheduledRun() {
        PublicationRuns.Plan<StockPolicy> plan = runs.plan(resolvedPolicies().values());
        if (plan == null) {
            return List.of();
        }
        List<Map<String, Object>> pushes = new ArrayList<>();
        if (!plan.full().isEmpty()) {
            Map<String, ItemStock> items = netsuite.readAll(fields(plan.full()), locations(plan.full()));
            for (StockPolicy policy : plan.full()) {
                List<StockLevel> levels = StockCalculator.levels(policy, safety.apply(policy.store()), items, items.keySet());
                push(pushes, policy, changed(levels, published.all(policy.store())), plan.started(), true);
            }
        }
        if (!plan.incremental().isEmpty()) {
            Set<String> ids = netsuite.changedSince(plan.since());
            Map<String, ItemStock> items = ids.isEmpty() ? Map.of() : netsuite.read(ids, fields(plan.incremental()),
                    locations(plan.incremental()));
            for (StockPolicy policy : plan.incremental()) {
                List<StockLevel> levels = StockCalculator.levels(policy, safety.apply(policy.store()), items, ids);
                Map<String, Integer> before = published.quantities(policy.store(), skus(levels));
                push(pushes, policy, changed(levels, before), plan.started(), false);
            }
        }
        return pushes;
    }

    /** Runs at the next tick instead of waiting for the period: an operator's "sync now". */
    public void runNow() {
        runs.runNow();
    }

    /** Saves the position a store's scheduled run reached, once the store accepted its numbers. */
    public void advance(String store, String position, boolean full) {
        runs.advance(policies.get(store), position, full);
    }

    // ---------------------------------------------------------------- at once, for low stock

    /** NetSuite says these items' stock changed (internal ids). */
    public void itemsChanged(Collection<String> itemIds) {
        if (!policies.isEmpty()) {
            urgent.addAll(itemIds);
        }
    }

    /** An order delivered to NetSuite took stock from its items. */
    public void itemsSold(MappedRecord record) {
        if (policies.isEmpty()) {
            return;
        }
        for (MappedLine line : record.getLines()) {
            if (line.getKind() == MappedLine.Kind.ITEM && line.getItemId() != null) {
                urgent.add(line.getItemId());
            }
        }
    }

    /** The catalog just listed a NetSuite item (and its matrix children) in a store: its stock follows at once. */
    public void itemsListed(String store, String catalogItem) {
        if (!policies.containsKey(store)) {
            return;
        }
        CatalogItem item = CatalogSync.read(catalogItem);
        Set<String> ids = listed.computeIfAbsent(store, k -> ConcurrentHashMap.newKeySet());
        ids.add(item.netsuiteId());
        item.variants().forEach(variant -> ids.add(variant.netsuiteId()));
    }

    /**
     * Reads the items reported since the last call and returns, per store, the SKUs whose number
     * changed and fell below the store's low-stock threshold, and the changed numbers of items just
     * listed. The others wait for the schedule.
     */
    public List<Map<String, Object>> drainUrgent() {
        Set<String> low = drain(urgent);
        Map<String, Set<String>> fresh = new LinkedHashMap<>();
        listed.forEach((store, queue) -> fresh.put(store, drain(queue)));
        if ((low.isEmpty() && fresh.values().stream().allMatch(Set::isEmpty)) || policies.isEmpty()) {
            return List.of();
        }
        Set<String> ids = low.isEmpty() ? new LinkedHashSet<>() : netsuite.withKits(low);
        fresh.values().forEach(ids::addAll);
        Map<String, StockPolicy> stores = resolvedPolicies();
        Map<String, ItemStock> items = netsuite.read(ids, fields(stores.values()), locations(stores.values()));
        List<Map<String, Object>> pushes = new ArrayList<>();
        for (StockPolicy policy : stores.values()) {
            List<StockLevel> levels = StockCalculator.levels(policy, safety.apply(policy.store()), items, ids);
            Map<String, Integer> before = published.quantities(policy.store(), skus(levels));
            Set<String> justListed = fresh.getOrDefault(policy.store(), Set.of());
            List<StockLevel> now = changed(levels, before).stream()
                    .filter(level -> justListed.contains(level.netsuiteItemId()) || level.quantity() < policy.lowStockThreshold())
                    .toList();
            push(pushes, policy, now, null, false);
        }
        return pushes;
    }

    private static Set<String> drain(Set<String> queue) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : queue) {
            if (queue.remove(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    // ---------------------------------------------------------------- after a push

    /** Records the numbers a store accepted. */
    public void published(String store, List<StockLevel> levels) {
        published.record(store, levels);
    }

    private void push(List<Map<String, Object>> pushes, StockPolicy policy, List<StockLevel> levels, Instant position,
                      boolean full) {
        if (!levels.isEmpty()) {
            LOG.info("Store {}: {} stock number(s) changed{}", policy.store(), levels.size(),
                    position == null ? ", low or just listed: pushed now" : full ? " (full pass)" : "");
        }
        runs.push(pushes, policy, levels, position, full);
    }

    private static List<StockLevel> changed(List<StockLevel> levels, Map<String, Integer> before) {
        List<StockLevel> changed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (StockLevel level : levels) {
            Integer was = before.get(level.sku());
            if (seen.add(level.sku()) && (was == null || was != level.quantity())) {
                changed.add(level);
            }
        }
        return changed;
    }

    /** The policies with subsidiaries resolved to locations, once. */
    private Map<String, StockPolicy> resolvedPolicies() {
        Map<String, StockPolicy> out = resolved;
        if (out == null) {
            out = new LinkedHashMap<>();
            for (StockPolicy policy : policies.values()) {
                out.put(policy.store(), policy.subsidiaries().isEmpty() ? policy
                        : policy.withLocations(netsuite.locationsOf(policy.subsidiaries())));
            }
            resolved = out;
        }
        return out;
    }

    private static Set<String> fields(Collection<StockPolicy> policies) {
        Set<String> fields = new LinkedHashSet<>();
        policies.forEach(p -> {
            fields.add(p.skuField());
            fields.add(p.categoryField());
        });
        return fields;
    }

    private static Set<String> locations(Collection<StockPolicy> policies) {
        Set<String> locations = new LinkedHashSet<>();
        policies.forEach(p -> locations.addAll(p.locations()));
        return locations;
    }

    private static List<String> skus(List<StockLevel> levels) {
        return levels.stream().map(StockLevel::sku).toList();
    }
}
