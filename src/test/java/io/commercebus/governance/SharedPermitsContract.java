package io.commercebus.governance;

import io.commercebus.db.Database;
import io.commercebus.db.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The NetSuite concurrency limit held by several governors (instances) sharing one database. */
abstract class SharedPermitsContract {

    static final String ACCOUNT = "TSTDRV1";

    Database database;
    Transactions tx;

    abstract Database open();

    void dispose() {
    }

    @BeforeEach
    void setUp() {
        database = open();
        tx = new Transactions(database.dataSource());
    }

    @AfterEach
    void tearDown() {
        database.close();
        dispose();
    }

    ConcurrencyGovernor governor(String node, int limit, Duration lease, Duration timedOutHold) {
        return new ConcurrencyGovernor(ACCOUNT, limit, Duration.ofSeconds(30), Clock.systemUTC(),
                new SharedPermits(tx, ACCOUNT, node, lease), timedOutHold);
    }

    @Test
    void twoGovernorsOnOneDatabaseNeverExceedTheLimitTogether() throws Exception {
        ConcurrencyGovernor a = governor("node-a", 3, Duration.ofMinutes(3), Duration.ZERO);
        ConcurrencyGovernor b = governor("node-b", 3, Duration.ofMinutes(3), Duration.ZERO);
        int mostAtOnce = mostInFlight(16, 25, caller -> caller % 2 == 0 ? a : b);

        assertThat(mostAtOnce).as("requests in flight across both instances").isLessThanOrEqualTo(3);
        assertThat(a.granted() + b.granted()).isEqualTo(16 * 25);
        assertThat(a.granted()).isEqualTo(8 * 25);
        assertThat(a.inUse() + b.inUse()).isZero();
        assertThat(a.sharedInUse()).as("every slot given back").isZero();
        // each instance alone could have used all three: the shared slots are what held them
        assertThat(a.maxInUse() + b.maxInUse()).isGreaterThan(3);
    }

    @Test
    void theSlotsOfAHolderThatDiedComeBackWhenTheirLeaseEnds() throws Exception {
        ConcurrencyGovernor dead = governor("crashed", 2, Duration.ofMillis(1500), Duration.ZERO);
        dead.acquire();
        dead.acquire();
        // never closed: the instance crashed while holding both permits
        ConcurrencyGovernor alive = governor("alive", 2, Duration.ofMinutes(3), Duration.ZERO);
        CompletableFuture<ConcurrencyGovernor.Permit> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return alive.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        Thread.sleep(300);
        assertThat(waiting).as("no permit while the dead holder's leases last").isNotDone();
        await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
        waiting.get().close();
        assertThat(alive.granted()).isEqualTo(1);
    }

    @Test
    void aRequestThatTimedOutKeepsItsPermitForTheHold() throws Exception {
        ConcurrencyGovernor a = governor("node-a", 1, Duration.ofMinutes(3), Duration.ofMillis(1500));
        ConcurrencyGovernor b = governor("node-b", 1, Duration.ofMinutes(3), Duration.ZERO);
        a.acquire().timedOut();
        CompletableFuture<ConcurrencyGovernor.Permit> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return b.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        Thread.sleep(300);
        assertThat(waiting).as("NetSuite may still run the timed-out request").isNotDone();
        assertThat(a.inUse()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
        waiting.get().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> a.inUse() == 0);
    }

    @Test
    void afterA429TheGovernorLendsOnePermitLessOfTheSharedSlots() throws Exception {
        ConcurrencyGovernor a = governor("node-a", 3, Duration.ofMinutes(3), Duration.ZERO);
        a.throttled();
        assertThat(a.effectiveLimit()).isEqualTo(2);
        assertThat(mostInFlight(6, 10, caller -> a)).isEqualTo(2);
        assertThat(a.sharedInUse()).isZero();
    }

    /** Callers each sending requests through their governor; returns the most that were in flight at once. */
    private static int mostInFlight(int callers, int requestsEach, IntFunction<ConcurrencyGovernor> governorOf)
            throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            ConcurrencyGovernor governor = governorOf.apply(i);
            done.add(pool.submit(() -> {
                for (int n = 0; n < requestsEach; n++) {
                    try (ConcurrencyGovernor.Permit ignored = governor.acquire()) {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Thread.sleep(2);
                        inFlight.decrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        return maxInFlight.get();
    }
}
