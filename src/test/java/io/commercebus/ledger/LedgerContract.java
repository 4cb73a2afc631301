package io.commercebus.ledger;

import io.commercebus.db.Database;
import io.commercebus.db.Transactions;
import io.commercebus.events.Outbox;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the ledger guarantees, on every database it runs on. */
abstract class LedgerContract {

    static final Duration LEASE = Duration.ofMinutes(5);

    Database database;
    MutableClock clock;
    Outbox outbox;
    Ledger ledger;

    abstract Database open();

    /** Removes what open() created outside the database handle. */
    void dispose() {
    }

    @BeforeEach
    void setUp() {
        database = open();
        clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        Transactions tx = new Transactions(database.dataSource());
        outbox = new Outbox(tx, Json.mapper(), "test.");
        ledger = new Ledger(tx, outbox, clock, new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5)),
                Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() {
        database.close();
        dispose();
    }

    static RecordKey key(String id) {
        return new RecordKey("bigcommerce", "demo", "order", id);
    }

    @Test
    void anAnnouncedRecordIsStagedOnceWithOneEvent() {
        assertThat(ledger.announce(key("1"), null)).isEqualTo(Ledger.Intake.STAGED);
        assertThat(ledger.announce(key("1"), null)).isEqualTo(Ledger.Intake.ALREADY_PENDING);

        LedgerRecord r = ledger.find(key("1")).orElseThrow();
        assertThat(r.state()).isEqualTo(RecordState.RECEIVED);
        assertThat(r.fetchPending()).isTrue();
        assertThat(outbox.next(10)).extracting(Outbox.Entry::topic).containsExactly("test.received");
    }

    @Test
    void aClaimLeasesRecordsToOneWorkerUntilTheLeaseRunsOut() {
        ledger.announce(key("1"), null);

        List<LedgerRecord> first = ledger.claim(Stage.FETCH, "bigcommerce", "order", 10, LEASE);
        assertThat(first).hasSize(1);
        assertThat(ledger.claim(Stage.FETCH, "bigcommerce", "order", 10, LEASE)).isEmpty();
        assertThat(ledger.claim(Stage.MAP, "bigcommerce", "order", 10, LEASE)).isEmpty();

        clock.advance(LEASE.plusSeconds(1));
        assertThat(ledger.claim(Stage.FETCH, "bigcommerce", "order", 10, LEASE)).hasSize(1);
    }

    @Test
    void aBusAloneFreesTheLeasesOfItsPreviousRunAtStart() {
        ledger.announce(key("1"), null);
        assertThat(ledger.claim(Stage.FETCH, "bigcommerce", "order", 10, LEASE)).hasSize(1);

        // the worker crashed holding the row; the restarted bus does not wait for the lease to end
        assertThat(ledger.releaseAllLeases()).isEqualTo(1);
        assertThat(ledger.claim(Stage.FETCH, "bigcommerce", "order", 10, LEASE)).hasSize(1);
    }

    @Test
    void aRecordMovesThroughTheStagesAndEachChangeIsAnEvent() {
        ledger.announce(key("1"), null);
        LedgerRecord fetching = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE).get(0);
        assertThat(ledger.fetched(fetching.id(), fetching.leaseOwner(), "{\"id\":1}")).isTrue();

        LedgerRecord mapping = ledger.claim(Stage.MAP, "bigcommerce", "order", 1, LEASE).get(0);
        assertThat(mapping.payload()).isEqualTo("{\"id\":1}");
        ledger.mapped(mapping.id(), mapping.leaseOwner(), mapping.payloadHash(), "{\"recordType\":\"salesOrder\"}");

        LedgerRecord delivering = ledger.claim(Stage.DELIVER, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.delivered(delivering.id(), delivering.leaseOwner(), delivering.payloadHash(), Ledger.hash(delivering.mapped()),
                "salesOrder", "501", "BC-demo-1");

        LedgerRecord done = ledger.find(key("1")).orElseThrow();
        assertThat(done.state()).isEqualTo(RecordState.DELIVERED);
        assertThat(done.netsuiteId()).isEqualTo("501");
        assertThat(done.pendingStage()).isNull();
        assertThat(outbox.next(10)).extracting(Outbox.Entry::topic)
                .containsExactly("test.received", "test.mapped", "test.delivered");
    }

    @Test
    void theTallyCountsRecordsByStateReasonAndTheStageTheyWaitFor() {
        deliver("4", "{\"id\":4}");
        ledger.announce(key("1"), null);
        ledger.announce(key("2"), null);
        ledger.stage(key("3"), "{\"id\":3}", null);
        ledger.stage(key("5"), "{\"id\":5}", null);
        LedgerRecord mapping = ledger.claim(Stage.MAP, "bigcommerce", "order", 10, LEASE).stream()
                .filter(r -> r.key().equals(key("5"))).findFirst().orElseThrow();
        ledger.dead(mapping.id(), mapping.leaseOwner(), mapping.payloadHash(), "UNKNOWN_SKU", "no item MYSTERY-BOX");

        assertThat(ledger.tally()).containsExactlyInAnyOrder(
                new LedgerTally("bigcommerce", "demo", "order", RecordState.RECEIVED, null, Stage.FETCH, 2),
                new LedgerTally("bigcommerce", "demo", "order", RecordState.RECEIVED, null, Stage.MAP, 1),
                new LedgerTally("bigcommerce", "demo", "order", RecordState.DELIVERED, null, null, 1),
                new LedgerTally("bigcommerce", "demo", "order", RecordState.DEAD, "UNKNOWN_SKU", null, 1));
    }

    @Test
    void fetchingTheSamePayloadAgainChangesNothing() {
        deliver("1", "{\"id\":1,\"v\":1}");
        int events = outbox.next(100).size();

        assertThat(ledger.announce(key("1"), null)).isEqualTo(Ledger.Intake.REFETCH);
        LedgerRecord refetch = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE).get(0);
        assertThat(ledger.fetched(refetch.id(), refetch.leaseOwner(), "{\"id\":1,\"v\":1}")).isFalse();

        LedgerRecord r = ledger.find(key("1")).orElseThrow();
        assertThat(r.state()).isEqualTo(RecordState.DELIVERED);
        assertThat(r.pendingStage()).isNull();
        assertThat(outbox.next(100)).hasSize(events);
    }

    @Test
    void aNewVersionOfADeliveredRecordIsMappedAndDeliveredAgain() {
        deliver("1", "{\"id\":1,\"v\":1}");

        ledger.announce(key("1"), null);
        LedgerRecord refetch = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE).get(0);
        assertThat(ledger.fetched(refetch.id(), refetch.leaseOwner(), "{\"id\":1,\"v\":2}")).isTrue();

        LedgerRecord r = ledger.find(key("1")).orElseThrow();
        assertThat(r.state()).isEqualTo(RecordState.RECEIVED);
        assertThat(r.mapped()).isNull();
        assertThat(r.pendingStage()).isEqualTo(Stage.MAP);
    }

    @Test
    void aNewVersionThatMapsToWhatNetSuiteHoldsIsNotSentAgain() {
        deliver("1", "{\"id\":1,\"status\":\"Created\"}");
        ledger.stage(key("1"), "{\"id\":1,\"status\":\"Acknowledged\"}", null);
        LedgerRecord m = ledger.claim(Stage.MAP, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.mapped(m.id(), m.leaseOwner(), m.payloadHash(), "{}");

        LedgerRecord r = ledger.find(key("1")).orElseThrow();
        assertThat(r.state()).isEqualTo(RecordState.DELIVERED);
        assertThat(r.pendingStage()).isNull();
        assertThat(r.deliveredHash()).isEqualTo(r.payloadHash());
        assertThat(ledger.claim(Stage.DELIVER, "bigcommerce", "order", 1, LEASE)).isEmpty();

        // a version that maps differently goes to NetSuite
        ledger.stage(key("1"), "{\"id\":1,\"status\":\"Cancelled\"}", null);
        LedgerRecord c = ledger.claim(Stage.MAP, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.mapped(c.id(), c.leaseOwner(), c.payloadHash(), "{\"close\":true}");
        assertThat(ledger.claim(Stage.DELIVER, "bigcommerce", "order", 1, LEASE)).hasSize(1);
    }

    @Test
    void anAnnouncementOfAChangeTheStoredVersionHoldsIsUpToDate() {
        Instant changed = clock.instant();
        ledger.announce(key("1"), changed);
        clock.advance(Duration.ofSeconds(5));
        LedgerRecord f = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.fetched(f.id(), f.leaseOwner(), "{\"id\":1}");

        // a poll reporting the same change again, or an older one: nothing to do
        assertThat(ledger.announce(key("1"), changed)).isEqualTo(Ledger.Intake.UP_TO_DATE);
        assertThat(ledger.announce(key("1"), changed.minusSeconds(60))).isEqualTo(Ledger.Intake.UP_TO_DATE);
        // a newer change is fetched
        assertThat(ledger.announce(key("1"), changed.plusSeconds(1))).isEqualTo(Ledger.Intake.REFETCH);
    }

    @Test
    void aChangeInTheSameSecondAsTheFetchIsFetchedAgain() {
        Instant changed = clock.instant();
        ledger.announce(key("1"), changed);
        LedgerRecord f = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.fetched(f.id(), f.leaseOwner(), "{\"id\":1}");

        // timestamps are whole seconds: a second change in that second may not be in the fetched version
        assertThat(ledger.announce(key("1"), changed)).isEqualTo(Ledger.Intake.REFETCH);
    }

    @Test
    void aWorkerWhoseLeaseWasTakenOverCannotOverwriteTheOutcome() {
        ledger.announce(key("1"), null);
        LedgerRecord slow = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE).get(0);
        clock.advance(LEASE.plusSeconds(1));
        LedgerRecord fast = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE).get(0);

        ledger.fetched(fast.id(), fast.leaseOwner(), "{\"v\":\"fast\"}");
        ledger.fetched(slow.id(), slow.leaseOwner(), "{\"v\":\"slow\"}");

        assertThat(ledger.find(key("1")).orElseThrow().payload()).isEqualTo("{\"v\":\"fast\"}");
    }

    @Test
    void transientFailuresWaitWithBackoffThenDeadLetterWhenRetriesRunOut() {
        ledger.announce(key("1"), null);
        for (int attempt = 1; attempt <= 3; attempt++) {
            List<LedgerRecord> claimed = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE);
            assertThat(claimed).as("attempt %d", attempt).hasSize(1);
            ledger.failed(claimed.get(0).id(), claimed.get(0).leaseOwner(), null, "HTTP 503");
            LedgerRecord r = ledger.find(key("1")).orElseThrow();
            if (attempt < 3) {
                assertThat(r.state()).isEqualTo(RecordState.FAILED);
                assertThat(r.nextAttemptAt()).isAfter(clock.instant());
                assertThat(ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE)).as("not before the backoff").isEmpty();
                clock.advance(Duration.between(clock.instant(), r.nextAttemptAt()).plusMillis(1));
            }
        }
        LedgerRecord dead = ledger.find(key("1")).orElseThrow();
        assertThat(dead.state()).isEqualTo(RecordState.DEAD);
        assertThat(dead.reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
        assertThat(dead.lastError()).isEqualTo("HTTP 503");
        assertThat(dead.attempts()).isEqualTo(3);
    }

    @Test
    void anErrorNamingHostileTextIsStoredAsItReads() {
        // an order's SKU, as a hostile buyer or a broken feed may write it: PostgreSQL's text holds no NUL character
        String sku = "'; DROP TABLE sync_record;-- \u0000 <script>\u202E 🛒";
        ledger.announce(key("1"), null);
        LedgerRecord f = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.fetched(f.id(), f.leaseOwner(), "{\"sku\":\"" + sku.replace("\u0000", "\\u0000") + "\"}");
        LedgerRecord m = ledger.claim(Stage.MAP, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.dead(m.id(), m.leaseOwner(), m.payloadHash(), DeadLetterReason.UNKNOWN_SKU, "no NetSuite item for SKU " + sku);

        LedgerRecord r = ledger.find(key("1")).orElseThrow();
        assertThat(r.state()).isEqualTo(RecordState.DEAD);
        assertThat(r.lastError()).isEqualTo("no NetSuite item for SKU " + sku.replace("\u0000", "\\u0000"));
        assertThat(r.payload()).contains("DROP TABLE sync_record", "\\u0000", "\u202E", "🛒");
    }

    @Test
    void aReplayedDeadLetterIsMappedAgainFromItsStoredPayload() {
        ledger.announce(key("1"), null);
        LedgerRecord f = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.fetched(f.id(), f.leaseOwner(), "{\"id\":1}");
        LedgerRecord m = ledger.claim(Stage.MAP, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.mapped(m.id(), m.leaseOwner(), m.payloadHash(), "{}");
        LedgerRecord d = ledger.claim(Stage.DELIVER, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.dead(d.id(), d.leaseOwner(), d.payloadHash(), DeadLetterReason.UNKNOWN_SKU, "no item X");

        assertThat(ledger.replayDead("bigcommerce", null, DeadLetterReason.UNKNOWN_SKU, false)).isEqualTo(1);

        LedgerRecord r = ledger.find(key("1")).orElseThrow();
        assertThat(r.state()).isEqualTo(RecordState.RECEIVED);
        assertThat(r.reason()).isNull();
        assertThat(r.payload()).isEqualTo("{\"id\":1}");
        assertThat(r.pendingStage()).isEqualTo(Stage.MAP);
        assertThat(ledger.replay(r.id(), false)).as("only dead records are replayed").isFalse();
    }

    @Test
    void concurrentClaimersNeverShareARecord() throws Exception {
        for (int i = 0; i < 300; i++) {
            ledger.announce(key(Integer.toString(i)), null);
        }
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        ExecutorService workers = Executors.newFixedThreadPool(6);
        for (int w = 0; w < 6; w++) {
            workers.submit(() -> {
                List<LedgerRecord> batch;
                while (!(batch = ledger.claim(Stage.FETCH, "bigcommerce", "order", 7, LEASE)).isEmpty()) {
                    batch.forEach(r -> claimed.add(r.id()));
                }
                return null;
            });
        }
        workers.shutdown();
        assertThat(workers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<Long> all = new ArrayList<>(claimed);
        Set<Long> distinct = new HashSet<>(all);
        assertThat(all).hasSize(300);
        assertThat(distinct).hasSize(300);
    }

    @Test
    void publishedEventsLeaveTheOutboxInOrder() {
        for (int i = 0; i < 5; i++) {
            ledger.announce(key(Integer.toString(i)), null);
        }
        List<Outbox.Entry> batch = outbox.next(3);
        assertThat(batch).extracting(Outbox.Entry::key)
                .containsExactly("bigcommerce/demo/order/0", "bigcommerce/demo/order/1", "bigcommerce/demo/order/2");

        assertThat(outbox.published(batch)).isEqualTo(3);
        assertThat(outbox.next(10)).extracting(Outbox.Entry::key)
                .containsExactly("bigcommerce/demo/order/3", "bigcommerce/demo/order/4");
        assertThat(outbox.backlog()).isEqualTo(2);
    }

    @Test
    void aWholeRecordIsStagedOnceAndOnlyANewerVersionReplacesIt() {
        Instant t1 = clock.instant();
        assertThat(ledger.stage(key("w1"), "{\"v\":1}", t1)).isEqualTo(Ledger.Intake.STAGED);
        assertThat(ledger.stage(key("w1"), "{\"v\":1}", t1)).isEqualTo(Ledger.Intake.UNCHANGED);
        LedgerRecord staged = ledger.find(key("w1")).orElseThrow();
        assertThat(staged.pendingStage()).as("no fetch for a whole record").isEqualTo(Stage.MAP);

        assertThat(ledger.stage(key("w1"), "{\"v\":0}", t1.minusSeconds(5))).isEqualTo(Ledger.Intake.STALE);
        assertThat(ledger.stage(key("w1"), "{\"v\":2}", t1.plusSeconds(5))).isEqualTo(Ledger.Intake.UPDATED);
        assertThat(ledger.find(key("w1")).orElseThrow().payload()).isEqualTo("{\"v\":2}");
    }

    @Test
    void aVersionReplacedDuringDeliveryIsDeliveredNextNotMarkedDone() {
        ledger.stage(key("w2"), "{\"v\":1}", clock.instant());
        LedgerRecord m = ledger.claim(Stage.MAP, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.mapped(m.id(), m.leaseOwner(), m.payloadHash(), "{}");
        LedgerRecord d = ledger.claim(Stage.DELIVER, "bigcommerce", "order", 1, LEASE).get(0);

        // the marketplace sends version 2 while version 1 is on its way to NetSuite
        assertThat(ledger.stage(key("w2"), "{\"v\":2}", clock.instant().plusSeconds(1))).isEqualTo(Ledger.Intake.UPDATED);
        assertThat(ledger.claim(Stage.MAP, "bigcommerce", "order", 1, LEASE)).as("still leased for version 1").isEmpty();
        ledger.delivered(d.id(), d.leaseOwner(), d.payloadHash(), Ledger.hash(d.mapped()), "salesOrder", "9", "X-w2");

        LedgerRecord r = ledger.find(key("w2")).orElseThrow();
        assertThat(r.state()).isEqualTo(RecordState.RECEIVED);
        assertThat(r.netsuiteId()).isEqualTo("9");
        assertThat(r.pendingStage()).isEqualTo(Stage.MAP);
        assertThat(ledger.claim(Stage.MAP, "bigcommerce", "order", 1, LEASE)).singleElement()
                .satisfies(next -> assertThat(next.payload()).isEqualTo("{\"v\":2}"));
    }

    @Test
    void aSkippedRecordWaitsForItsNextVersion() {
        ledger.stage(key("s1"), "{\"status\":\"pending\"}", clock.instant());
        LedgerRecord m = ledger.claim(Stage.MAP, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.skipped(m.id(), m.leaseOwner(), m.payloadHash(), "PENDING", "waits for payment");

        LedgerRecord skipped = ledger.find(key("s1")).orElseThrow();
        assertThat(skipped.state()).isEqualTo(RecordState.SKIPPED);
        assertThat(skipped.reason()).isEqualTo("PENDING");
        assertThat(skipped.pendingStage()).isNull();
        assertThat(outbox.next(10)).extracting(Outbox.Entry::topic).contains("test.skipped");

        ledger.stage(key("s1"), "{\"status\":\"processing\"}", clock.instant().plusSeconds(60));
        assertThat(ledger.find(key("s1")).orElseThrow().pendingStage()).isEqualTo(Stage.MAP);
    }

    @Test
    void aRefundHeldForItsOrderGoesBackToWorkWhenTheOrderIsDelivered() {
        RecordKey refund = new RecordKey("bigcommerce", "demo", "refund", "r1");
        ledger.stage(refund, "{\"order_id\":7}", clock.instant());
        LedgerRecord m = ledger.claim(Stage.MAP, "bigcommerce", "refund", 1, LEASE).get(0);
        ledger.mapped(m.id(), m.leaseOwner(), m.payloadHash(), "{\"credit\":1}");
        LedgerRecord d = ledger.claim(Stage.DELIVER, "bigcommerce", "refund", 1, LEASE).get(0);

        assertThat(ledger.held(d.id(), d.leaseOwner(), d.payloadHash(), "AWAITING_ORDER", "order 7 is not in NetSuite yet",
                key("7"))).isTrue();
        LedgerRecord held = ledger.find(refund).orElseThrow();
        assertThat(held.state()).isEqualTo(RecordState.HELD);
        assertThat(held.heldFor()).isEqualTo("bigcommerce/demo/order/7");
        assertThat(held.pendingStage()).isNull();
        clock.advance(Duration.ofHours(1));
        assertThat(ledger.claim(Stage.DELIVER, "bigcommerce", "refund", 1, LEASE)).isEmpty();

        deliver("7", "{\"id\":7}");
        LedgerRecord released = ledger.find(refund).orElseThrow();
        assertThat(released.state()).isEqualTo(RecordState.MAPPED);
        assertThat(released.heldFor()).isNull();
        assertThat(released.reason()).isNull();
        assertThat(ledger.claim(Stage.DELIVER, "bigcommerce", "refund", 1, LEASE)).singleElement()
                .satisfies(next -> assertThat(next.mapped()).isEqualTo("{\"credit\":1}"));
        assertThat(outbox.next(50)).extracting(Outbox.Entry::topic).contains("test.held", "test.mapped");
    }

    @Test
    void aRecordIsNotHeldForAnOrderThatLandedMeanwhile() {
        deliver("8", "{\"id\":8}");
        RecordKey refund = new RecordKey("bigcommerce", "demo", "refund", "r2");
        ledger.stage(refund, "{\"order_id\":8}", clock.instant());
        LedgerRecord m = ledger.claim(Stage.MAP, "bigcommerce", "refund", 1, LEASE).get(0);

        assertThat(ledger.held(m.id(), m.leaseOwner(), m.payloadHash(), "AWAITING_ORDER", "late check", key("8"))).isFalse();
        assertThat(ledger.find(refund).orElseThrow().state()).isEqualTo(RecordState.RECEIVED);
        assertThat(ledger.claim(Stage.MAP, "bigcommerce", "refund", 1, LEASE)).hasSize(1);
    }

    private void deliver(String id, String payload) {
        ledger.announce(key(id), null);
        LedgerRecord f = ledger.claim(Stage.FETCH, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.fetched(f.id(), f.leaseOwner(), payload);
        LedgerRecord m = ledger.claim(Stage.MAP, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.mapped(m.id(), m.leaseOwner(), m.payloadHash(), "{}");
        LedgerRecord d = ledger.claim(Stage.DELIVER, "bigcommerce", "order", 1, LEASE).get(0);
        ledger.delivered(d.id(), d.leaseOwner(), d.payloadHash(), Ledger.hash(d.mapped()), "salesOrder", "1", "BC-demo-" + id);
    }
}
