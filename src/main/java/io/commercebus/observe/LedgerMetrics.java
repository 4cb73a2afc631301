package io.commercebus.observe;

import io.commercebus.events.Outbox;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.LedgerTally;
import io.commercebus.ledger.RecordState;
import io.commercebus.reconciliation.Gaps;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bus's numbers that live in its database, as Prometheus gauges: ledger records by state, the
 * backlog per stage, dead letters per reason, open reconciliation gaps per reason and events awaiting
 * Kafka. {@link #refresh()} counts them (three queries, every few seconds, on a timer route); a scrape
 * reads memory.
 */
public class LedgerMetrics {

    private final Ledger ledger;
    private final Outbox outbox;
    private final Gaps gaps;
    private final CachedGauges records;
    private final CachedGauges backlog;
    private final CachedGauges deadLetters;
    private final CachedGauges openGaps;
    private final AtomicLong outboxEvents = new AtomicLong();

    public LedgerMetrics(MeterRegistry registry, Ledger ledger, Outbox outbox, Gaps gaps) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.gaps = gaps;
        records = new CachedGauges(registry, "commercebus.ledger.records", "Ledger records by state");
        backlog = new CachedGauges(registry, "commercebus.backlog.records", "Records waiting to be fetched, mapped or delivered");
        deadLetters = new CachedGauges(registry, "commercebus.dead.letters", "Records in the dead-letter channel, by reason");
        openGaps = new CachedGauges(registry, "commercebus.reconciliation.gaps.open", "Open reconciliation gaps, by reason");
        Gauge.builder("commercebus.outbox.events", outboxEvents, AtomicLong::get)
                .description("Sync events in the outbox awaiting Kafka").register(registry);
    }

    /** Counts the ledger, the open gaps and the outbox again. */
    public void refresh() {
        Map<Tags, Long> byState = new HashMap<>();
        Map<Tags, Long> waiting = new HashMap<>();
        Map<Tags, Long> dead = new HashMap<>();
        for (LedgerTally t : ledger.tally()) {
            Tags record = Tags.of("marketplace", t.marketplace(), "store", t.store(), "record_type", t.recordType());
            for (RecordState state : RecordState.values()) {
                // every state of a store's record type has a series, 0 when empty
                byState.merge(record.and("state", state.name()), state == t.state() ? t.count() : 0L, Long::sum);
            }
            if (t.waitingFor() != null) {
                waiting.merge(record.and("stage", t.waitingFor().name().toLowerCase(Locale.ROOT)), t.count(), Long::sum);
            }
            if (t.state() == RecordState.DEAD) {
                dead.merge(record.and("reason", t.reason() == null ? "" : t.reason()), t.count(), Long::sum);
            }
        }
        records.update(byState);
        backlog.update(waiting);
        deadLetters.update(dead);

        Map<Tags, Long> open = new HashMap<>();
        gaps.openCountsByReason().forEach((store, reasons) -> reasons.forEach((reason, count) ->
                open.put(Tags.of("store", store, "reason", reason), count)));
        openGaps.update(open);
        outboxEvents.set(outbox.backlog());
    }
}
