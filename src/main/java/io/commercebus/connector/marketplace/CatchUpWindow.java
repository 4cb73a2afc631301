package io.commercebus.connector.marketplace;

import io.commercebus.ledger.Watermarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where a store's next poll starts: the persisted watermark of one stream (e.g. order modification
 * time), reaching back a little for changes committed late. A store's first poll starts at its
 * backfill date ({@code bus.store.<id>.catch-up.initial-from}), else now, so that connecting a store
 * does not push its whole history into NetSuite.
 */
public final class CatchUpWindow {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUpWindow.class);

    private final String marketplace;
    private final String stream;
    private final Watermarks watermarks;
    private final Map<String, Instant> initialFrom;
    private final Duration overlap;

    public CatchUpWindow(String marketplace, String stream, Watermarks watermarks, Map<String, Instant> initialFrom,
                         Duration overlap) {
        this.marketplace = marketplace;
        this.stream = stream;
        this.watermarks = watermarks;
        this.initialFrom = initialFrom;
        this.overlap = overlap;
    }

    /** The watermark the last poll reached (the poll's new watermark starts from it). */
    public Instant watermark(String store) {
        return watermarks.get(marketplace, store, stream).map(Instant::parse).orElseGet(() -> firstPoll(store));
    }

    /** Where to ask the marketplace from: the watermark minus the overlap, never before 1970. */
    public Instant from(Instant watermark) {
        Instant from = watermark.minus(overlap);
        return from.isBefore(Instant.EPOCH) ? Instant.EPOCH : from;
    }

    /** Saves the position once every change it covers is staged. */
    public void advance(String store, String position) {
        watermarks.set(marketplace, store, stream, position);
    }

    private Instant firstPoll(String store) {
        Instant configured = initialFrom.get(store);
        if (configured != null) {
            return configured;
        }
        Instant now = Instant.now();
        LOG.info("{} store {}: first poll starts now ({}); set bus.store.{}.catch-up.initial-from to import older records",
                marketplace, store, now, store);
        return now;
    }
}
