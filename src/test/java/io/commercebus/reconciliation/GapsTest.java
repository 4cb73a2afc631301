package io.commercebus.reconciliation;

import io.commercebus.db.Database;
import io.commercebus.db.Transactions;
import io.commercebus.events.Outbox;
import io.commercebus.ledger.MutableClock;
import io.commercebus.ledger.TestDatabases;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GapsTest {

    static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-08T00:00:00Z");

    @TempDir
    Path dir;
    Database database;
    MutableClock clock;
    Outbox outbox;
    Gaps gaps;

    @BeforeEach
    void open() {
        database = TestDatabases.h2(dir);
        clock = new MutableClock(Instant.parse("2026-11-09T10:00:00Z"));
        Transactions tx = new Transactions(database.dataSource());
        outbox = new Outbox(tx, Json.mapper(), "test.");
        gaps = new Gaps(tx, outbox, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static Gap missing(String order, String amount) {
        return new Gap("demo", "bigcommerce", GapReason.ORDER_MISSING, order, null, "USD", new BigDecimal(amount),
                BigDecimal.ZERO, new BigDecimal(amount), "order " + order + " is not in NetSuite", Instant.parse("2026-11-03T12:00:00Z"));
    }

    static final Set<String> BOTH = Set.of("ORDER_MISSING/101", "ORDER_MISSING/102");

    Gaps.Run run() {
        long id = gaps.startRun("demo", "bigcommerce", FROM, TO);
        return gaps.run(id).orElseThrow();
    }

    @Test
    void aGapIsOpenedOnceKeptWhileFoundAndResolvedWhenARunOfItsPeriodNoLongerFindsIt() {
        Gaps.Run first = run();
        assertThat(gaps.finishRun(first, "{}", List.of(missing("101", "45.00"), missing("102", "12.50")), BOTH)).isEqualTo(2);
        assertThat(gaps.openCounts()).containsEntry("demo", 2L);

        clock.advance(Duration.ofHours(1));
        Gaps.Run second = run();
        assertThat(gaps.finishRun(second, "{}", List.of(missing("101", "45.00")), BOTH)).isZero();

        assertThat(gaps.open("demo", null, 10)).singleElement().satisfies(g -> {
            assertThat(g.gap().subject()).isEqualTo("101");
            assertThat(g.firstRun()).isEqualTo(first.id());
            assertThat(g.lastRun()).isEqualTo(second.id());
            assertThat(g.gap().amount()).isEqualByComparingTo("45.00");
        });
        assertThat(gaps.foundBy(second.id())).extracting(g -> g.gap().subject()).containsExactly("101");
        assertThat(outbox.next(10)).extracting(Outbox.Entry::topic).containsExactly("test.reconciliation-gap",
                "test.reconciliation-gap", "test.reconciliation-resolved");
        assertThat(outbox.next(10).get(2).key()).isEqualTo("demo/ORDER_MISSING/102");

        // found again after it was resolved: opened again, with a new event
        Gaps.Run third = run();
        assertThat(gaps.finishRun(third, "{\"matched\":1}", List.of(missing("101", "45.00"), missing("102", "12.50")), BOTH))
                .isEqualTo(1);
        assertThat(gaps.openCounts()).containsEntry("demo", 2L);
        assertThat(gaps.lastRun("demo")).hasValueSatisfying(r -> {
            assertThat(r.id()).isEqualTo(third.id());
            assertThat(r.summary()).isEqualTo("{\"matched\":1}");
        });
    }

    @Test
    void aRunLeavesOpenTheGapsOfWhatItDidNotLookAt() {
        Gaps.Run first = run();
        gaps.finishRun(first, "{}", List.of(missing("101", "45.00")), Set.of());
        long later = gaps.startRun("demo", "bigcommerce", TO, TO.plus(Duration.ofDays(7)));
        gaps.finishRun(gaps.run(later).orElseThrow(), "{}", List.of(), Set.of("ORDER_MISSING/102", "TOTAL_MISMATCH/101"));

        assertThat(gaps.open("demo", GapReason.ORDER_MISSING, 10)).hasSize(1);
    }
}
