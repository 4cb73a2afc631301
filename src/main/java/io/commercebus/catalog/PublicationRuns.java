package io.commercebus.catalog;

import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schedule of one kind of publication from NetSuite (stock, prices): when a run is due, which
 * stores need a full pass (never published, or their last full pass is older than the full-pass
 * period) and which an incremental one from their saved position, and the maps a run hands the
 * routes. A store's position moves only once it has accepted what it was sent.
 */
public final class PublicationRuns<S extends StoreRef> {

    /** Header holding the position a store's run reached. */
    public static final String WATERMARK = "CommerceBusWatermark";
    /** Header saying whether the run was a full pass. */
    public static final String FULL = "CommerceBusFullPass";
    /** The key of a push's records (stock levels, prices) in the maps a run returns. */
    public static final String CONTENT = "content";

    /** The stores of one run. */
    public record Plan<S>(Instant started, List<S> full, List<S> incremental, Instant since) {
    }

    private final String stream;
    private final Watermarks watermarks;
    private final RunRequests requests;
    private final Clock clock;
    private final Duration period;
    private final Duration fullPassPeriod;
    private final Duration overlap;
    private Instant nextRun = Instant.MIN;

    public PublicationRuns(String stream, Watermarks watermarks, RunRequests requests, Clock clock, Duration period,
                           Duration fullPassPeriod, Duration overlap) {
        this.stream = stream;
        this.watermarks = watermarks;
        this.requests = requests;
        this.clock = clock;
        this.period = period;
        this.fullPassPeriod = fullPassPeriod;
        this.overlap = overlap;
    }

    /** The plan of a run when one is due or was asked for, else null. */
    public synchronized Plan<S> plan(Collection<S> stores) {
        Instant started = clock.instant();
        if (stores.isEmpty()) {
            return null;
        }
        // a run that is due anyway answers a pending request too
        boolean requested = requests.take(stream);
        if (!requested && started.isBefore(nextRun)) {
            return null;
        }
        nextRun = started.plus(period);
        List<S> full = new ArrayList<>();
        List<S> incremental = new ArrayList<>();
        Instant since = null;
        for (S store : stores) {
            Instant lastFull = position(store, fullPassStream());
            Instant last = position(store, stream);
            if (lastFull == null || last == null || !started.isBefore(lastFull.plus(fullPassPeriod))) {
                full.add(store);
            } else {
                incremental.add(store);
                since = since == null || last.isBefore(since) ? last : since;
            }
        }
        return new Plan<>(started, full, incremental, since == null ? null : since.minus(overlap));
    }

    /**
     * Makes the next tick run, whatever the period ("sync now"): the request is stored, so that it reaches
     * the instance running the schedule, whichever instance was asked.
     */
    public void runNow() {
        requests.request(stream);
    }

    /** Saves the position a store reached. */
    public void advance(S store, String position, boolean full) {
        watermarks.set(store.marketplace(), store.store(), stream, position);
        if (full) {
            watermarks.set(store.marketplace(), store.store(), fullPassStream(), position);
        }
    }

    /**
     * What a run hands the routes for one store: nothing when nothing changed (its position moves at
     * once), else the push with its content and the position to save once the store accepted it.
     */
    public void push(List<Map<String, Object>> pushes, S store, List<?> content, Instant position, boolean full) {
        if (content.isEmpty()) {
            if (position != null) {
                advance(store, position.toString(), full);
            }
            return;
        }
        Map<String, Object> push = new LinkedHashMap<>();
        push.put(LedgerHeaders.STORE, store.store());
        push.put(LedgerHeaders.MARKETPLACE, store.marketplace());
        push.put(FULL, full);
        if (position != null) {
            push.put(WATERMARK, position.toString());
        }
        push.put(CONTENT, content);
        pushes.add(push);
    }

    private String fullPassStream() {
        return stream + ".full-pass";
    }

    private Instant position(S store, String name) {
        return watermarks.get(store.marketplace(), store.store(), name).map(Instant::parse).orElse(null);
    }
}
