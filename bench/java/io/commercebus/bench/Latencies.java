package io.commercebus.bench;

import java.util.Arrays;

/**
 * Every latency of a run, kept exactly (a growing array per connection, merged and sorted once):
 * at the request counts of these benchmarks that is a few MB, and the percentiles need no bucketing.
 */
final class Latencies {

    private long[] nanos = new long[1024];
    private int size;
    private boolean sorted;

    void record(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
        sorted = false;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies part : parts) {
            for (int i = 0; i < part.size; i++) {
                all.record(part.nanos[i]);
            }
        }
        return all;
    }

    int count() {
        return size;
    }

    /** The latency no more than {@code fraction} of the requests stayed under (nearest rank), in milliseconds. */
    double percentileMillis(double fraction) {
        if (size == 0) {
            return Double.NaN;
        }
        sort();
        int rank = (int) Math.ceil(fraction * size);
        return nanos[Math.max(0, Math.min(size, rank) - 1)] / 1e6;
    }

    double maxMillis() {
        return percentileMillis(1.0);
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(nanos, 0, size);
            sorted = true;
        }
    }
}
