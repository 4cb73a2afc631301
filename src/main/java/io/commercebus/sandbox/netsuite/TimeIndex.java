package io.commercebus.sandbox.netsuite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Elements by a time, for range queries ({@code lastmodifieddate >= …}): buckets of a minute in a
 * sorted map, so that adding a hundred thousand elements, moving one, or reading a range costs little.
 * Not thread-safe (the catalog's monitor guards it).
 */
final class TimeIndex<T> {

    private final Function<T, Instant> time;
    private final TreeMap<Long, List<T>> buckets = new TreeMap<>();

    TimeIndex(Function<T, Instant> time) {
        this.time = time;
    }

    /** Adds an element under its current time (none: not indexed). */
    void add(T element) {
        Instant t = time.apply(element);
        if (t != null) {
            buckets.computeIfAbsent(bucket(t), b -> new ArrayList<>(4)).add(element);
        }
    }

    /** Removes an element indexed under its current time; call before the time changes. */
    void remove(T element) {
        Instant t = time.apply(element);
        if (t == null) {
            return;
        }
        long b = bucket(t);
        List<T> bucket = buckets.get(b);
        if (bucket != null) {
            for (int i = 0; i < bucket.size(); i++) {
                if (bucket.get(i) == element) {
                    bucket.remove(i);
                    break;
                }
            }
            if (bucket.isEmpty()) {
                buckets.remove(b);
            }
        }
    }

    void clear() {
        buckets.clear();
    }

    /**
     * Elements whose time is within the bounds (null: unbounded), in no particular order.
     */
    List<T> range(Instant from, boolean fromInclusive, Instant to, boolean toInclusive) {
        NavigableMap<Long, List<T>> range = buckets;
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                return List.of();
            }
            range = buckets.subMap(bucket(from), true, bucket(to), true);
        } else if (from != null) {
            range = buckets.tailMap(bucket(from), true);
        } else if (to != null) {
            range = buckets.headMap(bucket(to), true);
        }
        List<T> out = new ArrayList<>();
        for (Map.Entry<Long, List<T>> e : range.entrySet()) {
            for (T element : e.getValue()) {
                Instant t = time.apply(element);
                int low = from == null ? 1 : t.compareTo(from);
                int high = to == null ? -1 : t.compareTo(to);
                if ((low > 0 || low == 0 && fromInclusive) && (high < 0 || high == 0 && toInclusive)) {
                    out.add(element);
                }
            }
        }
        return out;
    }

    private static long bucket(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 60);
    }
}
