package io.commercebus.pricing;

import io.commercebus.catalog.PublicationRuns;
import io.commercebus.catalog.RunRequests;
import io.commercebus.connector.netsuite.NetSuitePrices;
import io.commercebus.ledger.Watermarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * NetSuite's prices, published to every store with {@code prices.publish=true}: every
 * {@code bus.prices.period}, the prices of items changed since each store's last run (a full pass
 * every {@code bus.prices.full-pass-period}). Only prices that differ from what the store last
 * accepted are pushed, as maps the routes send to {@code direct:<marketplace>-prices} (see
 * {@link PublicationRuns}).
 */
public class PriceSync {

    private static final Logger LOG = LoggerFactory.getLogger(PriceSync.class);

    private final Map<String, PricePolicy> policies;
    private final BiFunction<String, String, String> currencyIds;
    private final NetSuitePrices netsuite;
    private final PublishedPrices published;
    private final PublicationRuns<PricePolicy> runs;

    /**
     * @param currencyIds (store, ISO code) → NetSuite currency internal id (the store's currency table), or null
     */
    public PriceSync(Map<String, PricePolicy> policies, BiFunction<String, String, String> currencyIds,
                     NetSuitePrices netsuite, PublishedPrices published, Watermarks watermarks, RunRequests requests, Clock clock,
                     Duration period, Duration fullPassPeriod, Duration overlap) {
        this.policies = policies;
        this.currencyIds = currencyIds;
        this.netsuite = netsuite;
        this.published = published;
        this.runs = new PublicationRuns<>("prices", watermarks, requests, clock, period, fullPassPeriod, overlap);
        for (PricePolicy policy : policies.values()) {
            for (String currency : policy.currencies()) {
                if (currencyIds.apply(policy.store(), currency) == null) {
                    throw new IllegalStateException("bus.store." + policy.store() + ".prices.currencies names " + currency
                            + ", which lookups/currency.csv does not map to a NetSuite currency");
                }
            }
        }
    }

    /** When due, computes every store's changed prices; empty otherwise. */
    public List<Map<String, Object>> scheduledRun() {
        PublicationRuns.Plan<PricePolicy> plan = runs.plan(policies.values());
        if (plan == null) {
            return List.of();
        }
        List<Map<String, Object>> pushes = new ArrayList<>();
        if (!plan.full().isEmpty()) {
            Map<String, ItemPrices> items = netsuite.readAll(fields(plan.full()), levels(plan.full()), currencies(plan.full()));
            for (PricePolicy policy : plan.full()) {
                push(pushes, policy, changed(policy, updates(policy, items.values())), plan.started(), true);
            }
        }
        if (!plan.incremental().isEmpty()) {
            Set<String> ids = netsuite.changedSince(plan.since());
            Map<String, ItemPrices> items = ids.isEmpty() ? Map.of()
                    : netsuite.read(ids, fields(plan.incremental()), levels(plan.incremental()), currencies(plan.incremental()));
            for (PricePolicy policy : plan.incremental()) {
                push(pushes, policy, changed(policy, updates(policy, items.values())), plan.started(), false);
            }
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

    /** Records the prices a store accepted. */
    public void published(String store, List<PriceUpdate> updates) {
        published.record(store, updates);
    }

    /** Every price the policy asks for, of these items. */
    List<PriceUpdate> updates(PricePolicy policy, Collection<ItemPrices> items) {
        List<PriceUpdate> out = new ArrayList<>();
        for (ItemPrices item : items) {
            String sku = item.field(policy.skuField());
            if (sku == null || "PARENT".equalsIgnoreCase(item.field("matrixtype"))) {
                continue;
            }
            for (String currency : policy.currencies()) {
                String currencyId = currencyIds.apply(policy.store(), currency);
                add(out, item, sku, policy.baseLevel(), null, currency, currencyId);
                policy.groupLevels().forEach((level, group) -> add(out, item, sku, level, group, currency, currencyId));
            }
        }
        return out;
    }

    private static void add(List<PriceUpdate> out, ItemPrices item, String sku, String level, String group, String currency,
                            String currencyId) {
        BigDecimal price = item.prices().get(ItemPrices.key(level, currencyId));
        if (price != null) {
            out.add(new PriceUpdate(sku, item.id(), level, group, currency, price));
        }
    }

    private List<PriceUpdate> changed(PricePolicy policy, List<PriceUpdate> updates) {
        Map<String, BigDecimal> before = published.prices(policy.store(),
                updates.stream().map(PriceUpdate::sku).distinct().toList());
        return updates.stream().filter(u -> {
            BigDecimal was = before.get(PublishedPrices.key(u));
            return was == null || was.compareTo(u.price()) != 0;
        }).toList();
    }

    private void push(List<Map<String, Object>> pushes, PricePolicy policy, List<PriceUpdate> updates, Instant position,
                      boolean full) {
        if (!updates.isEmpty()) {
            LOG.info("Store {}: {} price(s) changed{}", policy.store(), updates.size(), full ? " (full pass)" : "");
        }
        runs.push(pushes, policy, updates, position, full);
    }

    private static Set<String> fields(Collection<PricePolicy> policies) {
        Set<String> fields = new LinkedHashSet<>();
        policies.forEach(p -> fields.add(p.skuField()));
        return fields;
    }

    private static Set<String> levels(Collection<PricePolicy> policies) {
        Set<String> levels = new LinkedHashSet<>();
        policies.forEach(p -> {
            levels.add(p.baseLevel());
            levels.addAll(p.groupLevels().keySet());
        });
        return levels;
    }

    private Set<String> currencies(Collection<PricePolicy> policies) {
        Set<String> ids = new LinkedHashSet<>();
        policies.forEach(p -> p.currencies().forEach(c -> ids.add(currencyIds.apply(p.store(), c))));
        return ids;
    }
}
