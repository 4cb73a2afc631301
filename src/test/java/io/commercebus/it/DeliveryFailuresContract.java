package io.commercebus.it;

import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordState;
import io.commercebus.sandbox.netsuite.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the bus does when NetSuite fails: nothing is lost, nothing is doubled, every failure has its reason,
 * dead letters replay; on every database the bus runs on (H2DeliveryFailuresTest, PostgresDeliveryFailuresTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeliveryFailuresContract {

    TestBus bus;

    /** The test bus's settings with its database in {@code dir} or a schema of its own. */
    abstract Map<String, String> settings(Path dir);

    /** Removes what settings() created outside the test folder. */
    void dispose() {
    }

    @BeforeAll
    void start(@TempDir Path dir) {
        Map<String, String> settings = settings(dir);
        settings.put("bus.netsuite.request-timeout", "1s");
        settings.put("bus.sandbox.netsuite.hang-time", "2s");
        settings.put("bus.retry.max-attempts", "4");
        settings.put("bus.retry.initial-delay", "100ms");
        settings.put("bus.retry.max-delay", "500ms");
        bus = TestBus.start(settings);
    }

    @AfterAll
    void stop() {
        bus.close();
        dispose();
    }

    @AfterEach
    void clearFaults() {
        bus.netsuite().clearFaults();
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheOrderIsDelivered() {
        int id = placeWithFault(Fault.next(Fault.Kind.SERVER_ERROR, 2));

        bus.awaitSettled(List.of(id), Duration.ofSeconds(30));

        assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED);
        assertThat(bus.netsuite().writes("salesOrder", "BC-demo-" + id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(bus.events("commerce-bus.sync.failed")).filteredOn(e -> e.key().equals("bigcommerce/demo/order/" + id))
                        .singleElement().satisfies(e -> assertThat(e.value()).contains("500 UNEXPECTED_ERROR")));
    }

    @Test
    void aLostAnswerAfterTheWriteIsRetriedWithoutADuplicate() {
        int id = placeWithFault(Fault.next(Fault.Kind.TIMEOUT, 1).afterTheWrite());

        bus.awaitSettled(List.of(id), Duration.ofSeconds(30));

        assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED);
        // NetSuite saw the Sales Order twice and kept one: the retry was an upsert by external id
        assertThat(bus.netsuite().writes("salesOrder", "BC-demo-" + id)).isEqualTo(2);
        assertThat(bus.netsuite().records("salesOrder")).filteredOn(so -> so.get("externalId").asText().equals("BC-demo-" + id))
                .hasSize(1);
    }

    @Test
    void aRecordLockIsRetried() {
        int id = placeWithFault(Fault.next(Fault.Kind.RECORD_LOCKED, 1));

        bus.awaitSettled(List.of(id), Duration.ofSeconds(30));

        assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED);
    }

    @Test
    void aRefusedRecordIsDeadLetteredWithNetSuitesDetailAndDeliveredOnReplayAfterTheFix() {
        int id = placeWithFault(Fault.rate(Fault.Kind.INVALID_FIELD, 1.0));

        bus.awaitSettled(List.of(id), Duration.ofSeconds(30));
        LedgerRecord dead = bus.record(id);
        assertThat(dead.state()).isEqualTo(RecordState.DEAD);
        assertThat(dead.reason()).isEqualTo(DeadLetterReason.NETSUITE_REJECTED);
        assertThat(dead.lastError()).contains("INVALID_CONTENT", "Invalid Field Value", "location");
        assertThat(dead.attempts()).as("permanent: no retry").isZero();

        bus.netsuite().clearFaults();
        assertThat(bus.post("/api/dead-letters/replay?reason=NETSUITE_REJECTED", "").statusCode()).isEqualTo(200);
        bus.awaitSettled(List.of(id), Duration.ofSeconds(30));
        assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED);
    }

    @Test
    void persistentFailuresEndInTheDeadLetterChannelAsRetriesExhausted() {
        int id = placeWithFault(Fault.rate(Fault.Kind.UNAVAILABLE, 1.0));

        bus.awaitSettled(List.of(id), Duration.ofSeconds(30));

        LedgerRecord dead = bus.record(id);
        assertThat(dead.state()).isEqualTo(RecordState.DEAD);
        assertThat(dead.reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
        assertThat(dead.attempts()).isEqualTo(4);
        assertThat(dead.lastError()).contains("503");
    }

    @Test
    void aThrottlingStormOnlyDelaysTheOrders() {
        bus.netsuite().addFault(Fault.rate(Fault.Kind.THROTTLE, 0.4));
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(bus.store().placeOrder(Orders.order("storm" + i + "@example.com", "Stormy", 77 + i % 2, 1)));
        }

        bus.awaitSettled(ids, Duration.ofSeconds(60));

        for (int id : ids) {
            assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED);
            assertThat(bus.netsuite().writes("salesOrder", "BC-demo-" + id)).isEqualTo(1);
        }
        assertThat(bus.netsuite().stats().get("faultsInjected")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LONG).isPositive();
    }

    /** Places an order whose Sales Order upsert meets the fault (tests run one at a time, one order each). */
    private int placeWithFault(Fault fault) {
        bus.netsuite().addFault(fault.on("PUT", "/salesOrder/eid:"));
        return bus.store().placeOrder(Orders.order("fault@example.com", "Fay", 77, 1));
    }
}
