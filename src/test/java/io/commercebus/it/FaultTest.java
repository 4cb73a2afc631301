package io.commercebus.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.governance.ConcurrencyGovernor;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.sandbox.netsuite.Fault;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 5,000 orders while the NetSuite sandbox fails a fifth of its requests (429, 500, 503, record locks,
 * timeouts before and after the write): every order ends delivered or dead-lettered with its exact
 * reason, none is lost or doubled, and the bus never goes over the account's concurrency limit.
 */
class FaultTest {

    static final int ORDERS = 5_000;
    static final int UNKNOWN_SKU = 50;
    static final int DRIFTING = 10;
    static final int LIMIT = 8;
    /** Each fault's share of all NetSuite requests; together a fifth. */
    static final double SHARE = 0.2 / 6;

    @TempDir
    Path dir;

    @Test
    void aFifthOfNetSuiteRequestsFailingLosesNoOrderDoublesNoneAndNeverExceedsTheLimit() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.sandbox.netsuite.concurrency-limit", Integer.toString(LIMIT));
        settings.put("bus.netsuite.concurrency-limit", Integer.toString(LIMIT));
        settings.put("bus.sandbox.netsuite.latency", "10ms");
        settings.put("bus.sandbox.bigcommerce.rate-limit-quota", "1000000");
        settings.put("bus.bigcommerce.fetch-workers", "8");
        // a request NetSuite does not answer is given up after 500 ms; NetSuite goes on counting it as long
        // (short, since each timeout keeps a permit for twice that: the timeout and the hold after it)
        settings.put("bus.netsuite.request-timeout", "500ms");
        settings.put("bus.sandbox.netsuite.hang-time", "500ms");
        // retries enough that a fifth of requests failing never exhausts them: 0.4 ^ 30 per order
        settings.put("bus.retry.max-attempts", "30");
        settings.put("bus.retry.initial-delay", "100ms");
        settings.put("bus.retry.max-delay", "1s");
        // a permit withheld after a 429 comes back after a quiet second, not 30 s: the faults never pause
        settings.put("bus.netsuite.throttle-recovery", "1s");
        settings.put("bus.fulfillments.period", "3600000");
        // the catch-up poll is the intake: a backlog read in pages costs less than 5,000 webhooks
        settings.put("bus.store.demo.webhooks.register", "false");
        settings.put("bus.bigcommerce.poll.period", "2s");

        long started = System.nanoTime();
        try (TestBus bus = TestBus.start(settings)) {
            NetSuiteSandbox netsuite = bus.netsuite();
            BigCommerceSandbox store = bus.store();
            injectFaults(netsuite);

            List<Integer> all = new ArrayList<>(store.placeDemoOrders(ORDERS - UNKNOWN_SKU - DRIFTING));
            Map<Integer, String> unknownSku = new HashMap<>();
            for (int i = 0; i < UNKNOWN_SKU; i++) {
                String sku = "NO-SUCH-ITEM-" + i;
                unknownSku.put(store.placeOrder(Orders.withCustomProduct(Orders.order("una" + i + "@example.com", "Una", 77, 1),
                        sku, "Unknown " + i, "15.0000")), sku);
            }
            Set<Integer> drifting = new HashSet<>();
            for (int i = 0; i < DRIFTING; i++) {
                ObjectNode order = Orders.order("dora" + i + "@example.com", "Dora", 91, 1);
                // the store's API lets an order carry totals its lines do not add up to
                order.put("total_ex_tax", "40.0000");
                order.put("total_inc_tax", "43.3000");
                drifting.add(store.placeOrder(order));
            }
            all.addAll(unknownSku.keySet());
            all.addAll(drifting);
            assertThat(all).hasSize(ORDERS).doesNotHaveDuplicates();

            awaitSettled(bus, all, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - started) / 1e9;

            // every order in the ledger, delivered or dead with exactly its reason
            assertThat(bus.ledger().countByState("bigcommerce").values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(ORDERS);
            Map<String, Integer> deadByReason = new TreeMap<>();
            Set<String> delivered = new HashSet<>();
            for (int id : all) {
                LedgerRecord r = bus.record(id);
                if (unknownSku.containsKey(id)) {
                    assertThat(r.state()).as("order %s", id).isEqualTo(RecordState.DEAD);
                    assertThat(r.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SKU);
                    assertThat(r.lastError()).contains(unknownSku.get(id));
                } else if (drifting.contains(id)) {
                    assertThat(r.state()).as("order %s", id).isEqualTo(RecordState.DEAD);
                    assertThat(r.reason()).isEqualTo(DeadLetterReason.TOTAL_DRIFT);
                    assertThat(r.lastError()).contains("43.30");
                } else {
                    assertThat(r.state()).as("order %s: %s", id, r.lastError()).isEqualTo(RecordState.DELIVERED);
                    delivered.add("BC-demo-" + id);
                }
                if (r.state() == RecordState.DEAD) {
                    deadByReason.merge(r.reason(), 1, Integer::sum);
                }
            }

            // NetSuite holds exactly the delivered orders, each once, although some answers were lost after the write
            List<String> salesOrders = netsuite.records("salesOrder").stream().map(so -> so.path("externalId").asText()).toList();
            assertThat(salesOrders).doesNotHaveDuplicates();
            assertThat(new HashSet<>(salesOrders)).isEqualTo(delivered);
            assertThat(netsuite.operationCount("upsert-created salesOrder")).isEqualTo(delivered.size());
            assertThat(netsuite.operationCount("create salesOrder")).isZero();
            long writtenAgain = delivered.stream().filter(eid -> netsuite.writes("salesOrder", eid) > 1).count();

            // the faults happened, and none of the 429s was the bus's own doing
            Map<String, Long> faults = netsuite.faultsInjectedByKind();
            assertThat(faults.keySet()).containsExactlyInAnyOrder("THROTTLE", "SERVER_ERROR", "UNAVAILABLE", "RECORD_LOCKED",
                    "TIMEOUT", "TIMEOUT after write");
            assertThat(faults.values()).allMatch(n -> n > 0);
            assertThat(writtenAgain).as("Sales Orders written again after a lost answer").isPositive();
            long requests = (Long) netsuite.stats().get("requests");
            ConcurrencyGovernor governor = bus.bus().bean("governor", ConcurrencyGovernor.class);
            assertThat(netsuite.maxInFlight()).isLessThanOrEqualTo(LIMIT);
            assertThat(governor.maxInUse()).isLessThanOrEqualTo(LIMIT);
            assertThat(netsuite.concurrencyRejections()).as("requests NetSuite refused for the bus's own concurrency").isZero();

            System.out.printf("FaultTest: %d orders settled in %.1f s: %d Sales Orders (%d written again after a lost answer),"
                            + " dead letters %s; %d NetSuite requests, faults %s (%.1f %%), throttled answers the bus waited out %d,"
                            + " max in flight %d of %d, refused for concurrency %d%n",
                    ORDERS, seconds, salesOrders.size(), writtenAgain, deadByReason, requests, faults,
                    100.0 * faults.values().stream().mapToLong(Long::longValue).sum() / requests,
                    governor.throttledCount(), netsuite.maxInFlight(), LIMIT, netsuite.concurrencyRejections());
        }
    }

    private static void awaitSettled(TestBus bus, List<Integer> orders, Duration timeout) {
        try {
            bus.awaitSettled(orders, timeout);
        } catch (ConditionTimeoutException e) {
            List<String> unsettled = orders.stream().map(id -> new RecordKey("bigcommerce", TestBus.STORE, "order",
                    Integer.toString(id))).filter(key -> bus.ledger().find(key).map(r -> r.pendingStage() != null).orElse(true))
                    .limit(10).map(key -> key.externalId() + "=" + bus.ledger().find(key).map(r -> r.state() + "/"
                            + r.pendingStage() + "/" + r.lastError()).orElse("not in the ledger")).toList();
            throw new AssertionError("Not settled after " + timeout + ": ledger " + bus.ledger().countByState("bigcommerce")
                    + ", e.g. " + unsettled, e);
        }
    }

    /**
     * Six faults, each a {@link #SHARE} of all requests. The sandbox tries them in order and a fault's
     * rate applies to the requests the ones before it spared, hence the growing rates.
     */
    private static void injectFaults(NetSuiteSandbox netsuite) {
        Fault.Kind[] kinds = {Fault.Kind.THROTTLE, Fault.Kind.SERVER_ERROR, Fault.Kind.UNAVAILABLE, Fault.Kind.RECORD_LOCKED,
            Fault.Kind.TIMEOUT, Fault.Kind.TIMEOUT};
        for (int i = 0; i < kinds.length; i++) {
            Fault fault = Fault.rate(kinds[i], SHARE / (1 - i * SHARE));
            // the last one: NetSuite does the work, then the answer is lost
            netsuite.addFault(i == kinds.length - 1 ? fault.afterTheWrite() : fault);
        }
    }
}
