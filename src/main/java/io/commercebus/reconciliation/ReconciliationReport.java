package io.commercebus.reconciliation;

import com.fasterxml.jackson.core.type.TypeReference;
import io.commercebus.support.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reconciliation run found, as the REST API returns it and the report page shows it: the store
 * and period, what it counted, and its gaps with, per reason, how many and for how much.
 */
public record ReconciliationReport(long run, String store, String marketplace, Instant from, Instant to, Instant ranAt,
                                   Map<String, Object> counts, Map<String, ReasonTotal> byReason, int gapCount,
                                   List<GapView> gaps) {

    /** How many gaps of one reason, and the sum of their amounts (per currency where they have one). */
    public record ReasonTotal(int count, Map<String, BigDecimal> amount) {
    }

    /** A gap as the report lists it, with when it was first found and whether it is still open. */
    public record GapView(long id, String reason, String subject, String netsuiteRef, String currency, BigDecimal expected,
                          BigDecimal actual, BigDecimal amount, String detail, Instant occurredAt, Instant firstSeen,
                          boolean open) {
    }

    static ReconciliationReport of(Gaps.Run run, List<Gaps.StoredGap> found) {
        Map<String, Object> counts;
        try {
            counts = run.summary() == null ? Map.of() : Json.mapper().readValue(run.summary(),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, ReasonTotal> byReason = new TreeMap<>();
        List<GapView> gaps = found.stream().map(s -> {
            Gap g = s.gap();
            return new GapView(s.id(), g.reason(), g.subject(), g.netsuiteRef(), g.currency(), g.expected(), g.actual(),
                    g.amount(), g.detail(), g.occurredAt(), s.firstSeen(), s.resolvedAt() == null);
        }).toList();
        for (GapView g : gaps) {
            ReasonTotal total = byReason.getOrDefault(g.reason(), new ReasonTotal(0, new TreeMap<>()));
            Map<String, BigDecimal> amount = new TreeMap<>(total.amount());
            if (g.amount() != null) {
                amount.merge(g.currency() == null ? "" : g.currency(), g.amount(), BigDecimal::add);
            }
            byReason.put(g.reason(), new ReasonTotal(total.count() + 1, amount));
        }
        return new ReconciliationReport(run.id(), run.store(), run.marketplace(), run.from(), run.to(), run.finishedAt(), counts,
                byReason, gaps.size(), gaps);
    }
}
