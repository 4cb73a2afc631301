package io.commercebus.sandbox.amazon;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One token bucket per operation, as SP-API keeps per selling partner and application. A bucket
 * starts full; a request takes a token or, when none is left, is throttled (and counted).
 */
final class UsagePlans {

    private static final class Bucket {
        final UsagePlan plan;
        double tokens;
        long refilledAt;
        long throttled;

        Bucket(UsagePlan plan, long now) {
            this.plan = plan;
            this.tokens = plan.burst();
            this.refilledAt = now;
        }
    }

    private final Map<String, Bucket> buckets = new LinkedHashMap<>();
    private final Clock clock;

    UsagePlans(Map<String, UsagePlan> plans, Clock clock) {
        this.clock = clock;
        plans.forEach(this::set);
    }

    /** Replaces an operation's plan; its bucket starts full again but keeps its throttle count. */
    synchronized void set(String operation, UsagePlan plan) {
        Bucket old = buckets.get(operation);
        Bucket bucket = new Bucket(plan, clock.millis());
        bucket.throttled = old == null ? 0 : old.throttled;
        buckets.put(operation, bucket);
    }

    synchronized UsagePlan plan(String operation) {
        return bucket(operation).plan;
    }

    /** Takes a token for one request; false when the bucket is empty (the request gets a 429). */
    synchronized boolean tryAcquire(String operation) {
        Bucket bucket = bucket(operation);
        long now = clock.millis();
        bucket.tokens = Math.min(bucket.plan.burst(), bucket.tokens + (now - bucket.refilledAt) * bucket.plan.rate() / 1000.0);
        bucket.refilledAt = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return true;
        }
        bucket.throttled++;
        return false;
    }

    synchronized Map<String, Long> throttled() {
        Map<String, Long> counts = new TreeMap<>();
        buckets.forEach((operation, bucket) -> counts.put(operation, bucket.throttled));
        return counts;
    }

    private Bucket bucket(String operation) {
        Bucket bucket = buckets.get(operation);
        if (bucket == null) {
            throw new IllegalArgumentException("no usage plan for operation " + operation + "; known: " + buckets.keySet());
        }
        return bucket;
    }
}
