package io.commercebus.api;

import io.commercebus.config.StoreSettings;
import io.commercebus.reconciliation.Gaps;
import io.commercebus.reconciliation.ReconciliationReport;
import io.commercebus.reconciliation.Reconciler;
import io.commercebus.reconciliation.ReportPage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reconciliation for operators and finance ({@code routes/reconciliation.camel.yaml}): a run on demand,
 * the newest report of a store as JSON and as a page, the open gaps; and the schedule, which reconciles
 * every store once per {@code bus.reconciliation.period} over the last {@code bus.reconciliation.window},
 * leaving out the last {@code bus.reconciliation.settle-time} in which records are still on their way.
 */
public class ReconciliationApi {

    private static final int MAX_GAPS = 1000;

    private final Reconciler reconciler;
    private final Gaps gaps;
    private final StoreSettings stores;
    private final Clock clock;
    private final Duration period;
    private final Duration window;
    private final Duration settle;

    public ReconciliationApi(Reconciler reconciler, Gaps gaps, StoreSettings stores, Clock clock, Duration period,
                             Duration window, Duration settle) {
        this.reconciler = reconciler;
        this.gaps = gaps;
        this.stores = stores;
        this.clock = clock;
        this.period = period;
        this.window = window;
        this.settle = settle;
    }

    /** {@code POST /api/reconciliation/run?store=&from=&to=}: from and to are dates or instants; the window by default. */
    public ReconciliationReport run(String store, String from, String to) {
        String id = requireStore(store);
        Instant end = to == null || to.isBlank() ? clock.instant().minus(settle) : instant(to, "to");
        Instant start = from == null || from.isBlank() ? end.minus(window) : instant(from, "from");
        return reconciler.run(id, start, end);
    }

    /** {@code GET /api/reconciliation/report?store=[&run=]}: the store's newest report, or that run's. */
    public ReconciliationReport report(String store, Long run) {
        if (run != null) {
            return reconciler.report(run);
        }
        String id = requireStore(store);
        return reconciler.lastReport(id).orElseThrow(() -> new LedgerApi.ApiException(404, "store '" + id
                + "' has not been reconciled yet; POST /api/reconciliation/run?store=" + id));
    }

    /** {@code GET /reconciliation?store=[&run=]}: the report as a page. */
    public String page(String store, Long run) {
        if (run == null && (store == null || store.isBlank())) {
            store = stores.ids().stream().filter(reconciler::reconcilable).findFirst().orElse(null);
        }
        if (run == null && store != null && stores.ids().contains(store) && reconciler.lastReport(store).isEmpty()) {
            return ReportPage.empty(store, List.copyOf(stores.ids()));
        }
        return ReportPage.render(report(store, run));
    }

    /** {@code GET /api/reconciliation/gaps?store=&reason=&limit=}: open gaps, newest first. */
    public Map<String, Object> gaps(String store, String reason, Integer limit) {
        int l = limit == null ? 100 : limit;
        if (l < 1 || l > MAX_GAPS) {
            throw new LedgerApi.ApiException(400, "limit must be 1.." + MAX_GAPS);
        }
        List<Gaps.StoredGap> open = gaps.open(store, reason, l);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", open.size());
        out.put("openByStore", gaps.openCounts());
        out.put("gaps", open);
        return out;
    }

    /** The scheduled runs: every reconcilable store whose last run is a period old; none with a period of zero. */
    public List<ReconciliationReport> scheduled() {
        Instant now = clock.instant();
        List<ReconciliationReport> reports = new ArrayList<>();
        if (period.isZero()) {
            return reports;
        }
        for (String store : stores.ids()) {
            if (!reconciler.reconcilable(store)) {
                continue;
            }
            boolean due = gaps.lastRun(store).map(r -> !r.startedAt().plus(period).isAfter(now)).orElse(true);
            if (due) {
                Instant end = now.minus(settle);
                reports.add(reconciler.run(store, end.minus(window), end));
            }
        }
        return reports;
    }

    private String requireStore(String store) {
        if (store == null || store.isBlank()) {
            throw new LedgerApi.ApiException(400, "name the store: ?store=<id>, one of " + stores.ids());
        }
        if (!stores.ids().contains(store)) {
            throw new LedgerApi.ApiException(404, "no store '" + store + "'; known: " + stores.ids());
        }
        return store;
    }

    private static Instant instant(String text, String name) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new LedgerApi.ApiException(400, name + " '" + text + "' is neither a date (2026-11-01) nor an instant"
                    + " (2026-11-01T00:00:00Z)");
        }
    }
}
