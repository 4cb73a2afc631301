package io.commercebus.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * When each store is polled. A poll route ticks often and asks which of its marketplace's stores are
 * due: each store has its own period ({@code bus.store.<id>.poll.period}, else the marketplace's
 * {@code bus.<marketplace>.poll.period}), so a busy store can be polled every minute and a quiet one
 * every hour.
 */
public class PollSchedule {

    private final StoreSettings stores;
    private final Function<String, Duration> marketplaceDefault;
    private final Clock clock;
    private final Map<String, Instant> next = new ConcurrentHashMap<>();

    public PollSchedule(StoreSettings stores, Function<String, Duration> marketplaceDefault, Clock clock) {
        this.stores = stores;
        this.marketplaceDefault = marketplaceDefault;
        this.clock = clock;
    }

    /** The stores of a marketplace whose poll is due now; each is due again one period later. */
    public List<String> due(String marketplace) {
        Instant now = clock.instant();
        List<String> due = new ArrayList<>();
        for (String store : stores.ofMarketplace(marketplace)) {
            Instant at = next.getOrDefault(store, Instant.MIN);
            if (!now.isBefore(at)) {
                due.add(store);
                next.put(store, now.plus(period(store, marketplace)));
            }
        }
        return due;
    }

    Duration period(String store, String marketplace) {
        String own = stores.get(store, "poll.period");
        return own == null ? marketplaceDefault.apply(marketplace) : BusProperties.toDuration(own);
    }
}
