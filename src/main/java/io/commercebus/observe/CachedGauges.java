package io.commercebus.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One gauge name with a series per set of tags, holding the values of the last refresh: a scrape
 * reads memory, never the database. A series seen once stays, at 0 once its rows are gone, so that
 * "dead letters back to 0" is a value rather than a vanished series.
 */
final class CachedGauges {

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final Map<Tags, AtomicLong> series = new ConcurrentHashMap<>();

    CachedGauges(MeterRegistry registry, String name, String description) {
        this.registry = registry;
        this.name = name;
        this.description = description;
    }

    /** Sets every series to its new value, those not in {@code values} to 0. */
    void update(Map<Tags, Long> values) {
        values.forEach((tags, value) -> series.computeIfAbsent(tags, this::register).set(value));
        series.forEach((tags, value) -> {
            if (!values.containsKey(tags)) {
                value.set(0);
            }
        });
    }

    private AtomicLong register(Tags tags) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, AtomicLong::get).description(description).tags(tags).register(registry);
        return value;
    }
}
