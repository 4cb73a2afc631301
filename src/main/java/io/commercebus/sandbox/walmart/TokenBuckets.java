package io.commercebus.sandbox.walmart;

import io.commercebus.sandbox.walmart.WalmartSandbox.Endpoint;
import io.commercebus.sandbox.walmart.WalmartSandbox.RateLimit;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * Walmart's throttling: one token bucket per API. A call takes a token; an empty bucket answers 429.
 * Tokens come back one at a time, evenly over the limit's period (20 an hour is one every three
 * minutes), so a client that waits for {@code x-next-replenish-time} gets exactly one more call.
 */
final class TokenBuckets {

    /**
     * The bucket after a call.
     *
     * @param allowed       whether the call got a token
     * @param tokens        tokens left, for {@code x-current-token-count}
     * @param nextReplenish epoch milliseconds of the next token, for {@code x-next-replenish-time}
     */
    record State(boolean allowed, long tokens, long nextReplenish) {
    }

    private final Clock clock;
    private final Map<Endpoint, Bucket> buckets = new EnumMap<>(Endpoint.class);

    TokenBuckets(Clock clock, Map<Endpoint, RateLimit> limits) {
        this.clock = clock;
        limits.forEach(this::set);
    }

    /** Replaces an API's limit with a full bucket (the shared bucket, for an API that shares one). */
    synchronized void set(Endpoint endpoint, RateLimit limit) {
        buckets.put(endpoint.bucket(), new Bucket(limit, clock.millis()));
    }

    synchronized State take(Endpoint endpoint) {
        Bucket bucket = buckets.get(endpoint.bucket());
        bucket.refill(clock.millis());
        boolean allowed = bucket.tokens > 0;
        if (allowed) {
            bucket.tokens--;
        }
        return new State(allowed, bucket.tokens, bucket.nextAt);
    }

    /** The bucket as it is, for answers that do not reach the API (bad headers, no token). */
    synchronized State peek(Endpoint endpoint) {
        Bucket bucket = buckets.get(endpoint.bucket());
        bucket.refill(clock.millis());
        return new State(true, bucket.tokens, bucket.nextAt);
    }

    private static final class Bucket {
        private final long capacity;
        private final long interval;
        private long tokens;
        private long nextAt;

        Bucket(RateLimit limit, long now) {
            this.capacity = limit.tokens();
            this.interval = Math.max(1, limit.per().toMillis() / Math.max(1, limit.tokens()));
            this.tokens = capacity;
            this.nextAt = now + interval;
        }

        void refill(long now) {
            if (tokens >= capacity) {
                // a full bucket gains nothing; the next token is due one interval after the next call
                nextAt = now + interval;
            } else if (now >= nextAt) {
                long due = (now - nextAt) / interval + 1;
                tokens = Math.min(capacity, tokens + due);
                nextAt = tokens >= capacity ? now + interval : nextAt + due * interval;
            }
        }
    }
}
