package io.commercebus.governance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds a NetSuite account's concurrency limit for every route that calls it: a request needs a
 * permit, and there are never more permits out than the limit. NetSuite counts all integrations of
 * the account against one limit, so a 429 while we are within ours means someone else is using it:
 * the governor then lends one permit less (down to one) and gives it back after a quiet period.
 *
 * <p>With {@link SharedPermits} the limit holds for every instance of the bus together: a permit is
 * then also one of the account's permit slots in the database. A request that timed out may still
 * run in NetSuite, where it counts against the limit: its permit comes back only after a hold.
 */
public class ConcurrencyGovernor {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyGovernor.class);

    /** A held permit; close it when the request is answered. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();

        /** The request timed out and may still be running in NetSuite: the permit comes back after the hold. */
        void timedOut();
    }

    private final String account;
    private final Clock clock;
    private final Duration recovery;
    private final AdjustableSemaphore permits;
    private final SharedPermits shared;
    private final Duration timedOutHold;
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
        this(account, limit, recovery, clock, null, Duration.ZERO);
    }

    /**
     * @param shared       the account's permit slots shared with the other instances, or null for this instance alone
     * @param timedOutHold how long the permit of a request that timed out stays taken
     */
    public ConcurrencyGovernor(String account, int limit, Duration recovery, Clock clock, SharedPermits shared,
                               Duration timedOutHold) {
        if (limit < 1) {
            throw new IllegalArgumentException("NetSuite concurrency limit must be at least 1, was " + limit);
        }
        this.account = account;
        this.clock = clock;
        this.recovery = recovery;
        this.permits = new AdjustableSemaphore(limit);
        this.shared = shared;
        this.timedOutHold = timedOutHold;
        this.limit.set(limit);
        this.effectiveLimit.set(limit);
        if (shared != null) {
            shared.ensureSlots(limit);
        }
    }

    /** Blocks until a permit is free (with shared permits: in every instance together). */
    public Permit acquire() throws InterruptedException {
        restoreIfQuiet();
        waiting.incrementAndGet();
        int slot = 0;
        try {
            permits.acquire();
            if (shared != null) {
                try {
                    slot = shared.take(effectiveLimit.get());
                } catch (InterruptedException | RuntimeException e) {
                    permits.release();
                    throw e;
                }
            }
        } finally {
            waiting.decrementAndGet();
        }
        int now = inUse.incrementAndGet();
        maxInUse.accumulateAndGet(now, Math::max);
        granted.incrementAndGet();
        return new Lent(slot);
    }

    /** A lent permit and, with shared permits, its slot. */
    private final class Lent implements Permit {
        private final int slot;
        private boolean closed;

        Lent(int slot) {
            this.slot = slot;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                if (shared != null) {
                    shared.give(slot);
                }
                giveBack();
            }
        }

        @Override
        public synchronized void timedOut() {
            if (closed || timedOutHold.isZero()) {
                close();
                return;
            }
            closed = true;
            if (shared != null) {
                shared.hold(slot, timedOutHold);
            }
            LOG.info("NetSuite account {}: a request timed out; its permit stays taken for {} as NetSuite may still run it",
                    account, timedOutHold);
            CompletableFuture.delayedExecutor(timedOutHold.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(ConcurrencyGovernor.this::giveBack);
        }
    }

    private void giveBack() {
        inUse.decrementAndGet();
        permits.release();
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
        if (shared != null) {
            shared.ensureSlots(newLimit);
        }
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

    /** Whether the limit holds for every instance together (permit slots in the database). */
    public boolean isShared() {
        return shared != null;
    }

    /** Permit slots taken now by every instance together; -1 when the limit is this instance's alone. */
    public int sharedInUse() {
        return shared == null ? -1 : shared.inUse();
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
