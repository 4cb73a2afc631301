package io.commercebus.governance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds a NetSuite account's concurrency limit for every route that calls it: a request needs a
 * permit, and there are never more permits out than the limit. NetSuite counts all integrations of
 * the account against one limit, so a 429 while we are within ours means someone else is using it:
 * the governor then lends one permit less (down to one) and gives it back after a quiet period.
 */
public class ConcurrencyGovernor {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyGovernor.class);

    /** A held permit; close it when the request is answered. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final String account;
    private final Clock clock;
    private final Duration recovery;
    private final AdjustableSemaphore permits;
    private final AtomicInteger limit = new AtomicInteger();
    private final AtomicInteger effectiveLimit = new AtomicInteger();
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger maxInUse = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private volatile Instant lastThrottle = Instant.EPOCH;

    /**
     * @param limit    the account's concurrency limit
     * @param recovery how long without a 429 before a withheld permit is lent again
     */
    public ConcurrencyGovernor(String account, int limit, Duration recovery, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("NetSuite concurrency limit must be at least 1, was " + limit);
        }
        this.account = account;
        this.clock = clock;
        this.recovery = recovery;
        this.permits = new AdjustableSemaphore(limit);
        this.limit.set(limit);
        this.effectiveLimit.set(limit);
    }

    /** Blocks until a permit is free. */
    public Permit acquire() throws InterruptedException {
        restoreIfQuiet();
        waiting.incrementAndGet();
        try {
            permits.acquire();
        } finally {
            waiting.decrementAndGet();
        }
        int now = inUse.incrementAndGet();
        maxInUse.accumulateAndGet(now, Math::max);
        granted.incrementAndGet();
        return new Permit() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    inUse.decrementAndGet();
                    permits.release();
                }
            }
        };
    }

    /** NetSuite answered 429 (or CONCURRENCY_LIMIT_EXCEEDED): withhold one permit for a while. */
    public void throttled() {
        throttled.incrementAndGet();
        lastThrottle = clock.instant();
        int current = effectiveLimit.get();
        if (current > 1 && effectiveLimit.compareAndSet(current, current - 1)) {
            permits.reduce(1);
            LOG.warn("NetSuite account {} throttled a request: lending {} of {} permits until {} without a 429",
                    account, current - 1, limit.get(), recovery);
        }
    }

    private void restoreIfQuiet() {
        int current = effectiveLimit.get();
        if (current < limit.get() && clock.instant().isAfter(lastThrottle.plus(recovery))
                && effectiveLimit.compareAndSet(current, current + 1)) {
            permits.release();
            LOG.info("NetSuite account {}: lending {} of {} permits again", account, current + 1, limit.get());
        }
    }

    /** Applies a new limit (e.g. read from governanceLimits), keeping any throttling reduction proportionate. */
    public synchronized void setLimit(int newLimit) {
        if (newLimit < 1) {
            throw new IllegalArgumentException("NetSuite concurrency limit must be at least 1, was " + newLimit);
        }
        int delta = newLimit - limit.get();
        limit.set(newLimit);
        if (delta > 0) {
            effectiveLimit.addAndGet(delta);
            permits.release(delta);
        } else if (delta < 0) {
            effectiveLimit.addAndGet(delta);
            permits.reduce(-delta);
        }
    }

    public String account() {
        return account;
    }

    public int limit() {
        return limit.get();
    }

    public int effectiveLimit() {
        return effectiveLimit.get();
    }

    public int inUse() {
        return inUse.get();
    }

    public int maxInUse() {
        return maxInUse.get();
    }

    public int waiting() {
        return waiting.get();
    }

    public long granted() {
        return granted.get();
    }

    public long throttledCount() {
        return throttled.get();
    }

    /** A fair semaphore whose permits can be withdrawn without waiting: requests in flight pay them back. */
    private static final class AdjustableSemaphore extends Semaphore {
        AdjustableSemaphore(int permits) {
            super(permits, true);
        }

        void reduce(int n) {
            reducePermits(n);
        }
    }
}
