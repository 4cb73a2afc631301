package io.commercebus.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.cluster.ScheduledRoutes;
import io.commercebus.db.Database;
import io.commercebus.embedded.EmbeddedKafka;
import io.commercebus.governance.ConcurrencyGovernor;
import io.commercebus.ledger.RecordState;
import io.commercebus.ledger.TestDatabases;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three bus instances share one PostgreSQL schema, one Kafka broker and one NetSuite account (with its
 * concurrency limit) and one BigCommerce store: every order is delivered once, NetSuite never sees more
 * requests at once than its limit, the work spreads over the instances, one instance at a time runs the
 * scheduled routes, and when it stops another takes them over.
 */
class SeveralInstancesTest {

    private static final Logger LOG = LoggerFactory.getLogger(SeveralInstancesTest.class);
    private static final int LIMIT = 5;
    private static final int ORDERS = 600;
    private static final String LOGIN = "several-instances-login";
    private static final String SCHEDULED_ROUTE = "bigcommerce-order-catch-up";

    @TempDir
    Path dir;

    private final String schema = TestDatabases.newSchemaName();
    private final List<TestBus> running = new CopyOnWriteArrayList<>();
    private final AtomicInteger mostLeadersAtOnce = new AtomicInteger();
    private final AtomicInteger leaderChecks = new AtomicInteger();
    private Database database;
    private EmbeddedKafka kafka;
    private TestBus sandboxes;
    private ScheduledExecutorService watcher;

    @BeforeEach
    void start() {
        database = TestDatabases.postgres(schema);
        kafka = new EmbeddedKafka(dir.resolve("kafka"), TestBus.freePort(), TestBus.freePort());
        kafka.start();
        Map<String, String> sandboxSettings = TestBus.settings(dir.resolve("sandboxes"));
        sandboxSettings.put("bus.sandbox.enabled", "true");
        sandboxSettings.put("bus.sandbox.only", "true");
        sandboxSettings.put("camel.main.routes-collector-enabled", "false");
        sandboxSettings.put("camel.server.enabled", "false");
        sandboxSettings.put("camel.main.name", "sandboxes");
        sandboxSettings.put("bus.sandbox.netsuite.concurrency-limit", Integer.toString(LIMIT));
        sandboxSettings.put("bus.sandbox.netsuite.latency", "20ms");
        sandboxSettings.put("bus.sandbox.bigcommerce.rate-limit-quota", "1000000");
        sandboxes = TestBus.start(sandboxSettings);
        Instant from = Instant.now().minusSeconds(60);
        for (int n = 1; n <= 3; n++) {
            running.add(TestBus.start(instance(n, from)));
        }
        watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleAtFixedRate(this::countLeaders, 0, 50, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        running.forEach(TestBus::close);
        if (sandboxes != null) {
            sandboxes.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (database != null) {
            database.close();
            TestDatabases.dropSchema(schema);
        }
    }

    @Test
    void threeInstancesDeliverEveryOrderOnceWithinOneConcurrencyLimitAndHandOverTheSchedule() throws Exception {
        BigCommerceSandbox store = sandboxes.store();
        NetSuiteSandbox netsuite = sandboxes.netsuite();
        long started = System.nanoTime();
        // a follower's scheduled routes wait for the leadership: that does not make it unready
        for (TestBus bus : running) {
            assertThat(bus.get("/observe/health/ready").statusCode()).as("readiness of " + nodeOf(bus)).isEqualTo(200);
        }

        // orders arrive by webhook at any instance (some at two), the rest by the leader's catch-up poll
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            ids.add(store.placeOrder(Orders.order("buyer" + i % 40 + "@example.com", "Buyer", 77 + i % 2, 1 + i % 3)));
        }
        ExecutorService senders = Executors.newFixedThreadPool(3);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            if (i % 3 == 2) {
                continue;
            }
            int id = ids.get(i);
            List<TestBus> to = i % 10 == 0 ? List.of(running.get(i % 3), running.get((i + 1) % 3)) : List.of(running.get(i % 3));
            for (TestBus bus : to) {
                answers.add(senders.submit(() -> bus.post("/webhooks/bigcommerce/" + TestBus.STORE,
                        bus.webhook("store/order/created", id, Instant.now().getEpochSecond()),
                        "X-Commerce-Bus-Secret", TestBus.WEBHOOK_SECRET).statusCode()));
            }
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        }
        senders.shutdown();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> countOrders(RecordState.DELIVERED) == ORDERS);
        LOG.info("{} orders delivered by three instances in {} ms, {} NetSuite requests", ORDERS,
                (System.nanoTime() - started) / 1_000_000, netsuite.stats().get("requests"));

        // every order once: one ledger row, one Sales Order, one write to NetSuite
        assertThat(countOrders(null)).isEqualTo(ORDERS);
        List<ObjectNode> salesOrders = netsuite.records("salesOrder");
        assertThat(salesOrders).hasSize(ORDERS);
        assertThat(salesOrders.stream().map(so -> so.get("externalId").asText()).collect(Collectors.toSet()))
                .isEqualTo(ids.stream().map(id -> "BC-demo-" + id).collect(Collectors.toSet()));
        for (int id : ids) {
            assertThat(netsuite.writes("salesOrder", "BC-demo-" + id)).as("writes of order " + id).isEqualTo(1);
        }
        // never more requests at once than the account allows, all instances together
        assertThat(netsuite.concurrencyRejections()).isZero();
        assertThat(netsuite.maxInFlight()).isLessThanOrEqualTo(LIMIT);
        assertThat(running.stream().mapToInt(bus -> governor(bus).maxInUse()).sum())
                .as("each instance alone may lend the whole limit").isGreaterThan(LIMIT);
        // the work spread over the instances
        Map<String, Long> delivered = new HashMap<>();
        for (TestBus bus : running) {
            long n = bus.bus().context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                    .getManagedRoute("netsuite-delivery").getExchangesCompleted();
            delivered.put(nodeOf(bus), n);
        }
        LOG.info("Orders delivered per instance: {}", delivered);
        assertThat(delivered.values()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(delivered.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(ORDERS);
        // one relay: each delivery is one event on Kafka
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxBacklog() == 0);
        List<ConsumerRecord<String, String>> events = running.get(0).events("commerce-bus.sync.delivered");
        assertThat(events).hasSize(ORDERS);
        assertThat(events.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(ORDERS);

        // exactly one leader at every check so far
        assertThat(leaderChecks.get()).isPositive();
        assertThat(mostLeadersAtOnce.get()).isEqualTo(1);
        TestBus leader = leader();
        // each instance says whether it runs the scheduled routes, and that the limit is shared
        for (TestBus bus : running) {
            var status = bus.json(bus.get("/api/status", "Authorization", TestBus.basic("admin", LOGIN)));
            assertThat(status.at("/instance/runsScheduledRoutes").asBoolean()).isEqualTo(bus == leader);
            assertThat(status.at("/netsuite/sharedLimit").asBoolean()).isTrue();
        }
        assertThat(running.stream().filter(bus -> bus != leader)
                .map(bus -> bus.bus().context().getRouteController().getRouteStatus(SCHEDULED_ROUTE)))
                .containsOnly(ServiceStatus.Stopped);

        // fail-over: the leader stops, another instance starts the scheduled routes
        long stopping = System.nanoTime();
        running.remove(leader);
        leader.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> running.stream().anyMatch(this::leads));
        TestBus next = leader();
        LOG.info("{} took over the scheduled routes {} ms after the leader stopped", nodeOf(next),
                (System.nanoTime() - stopping) / 1_000_000);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                next.bus().context().getRouteController().getRouteStatus(SCHEDULED_ROUTE) == ServiceStatus.Started
                        && next.bus().context().getRouteController().getRouteStatus("sync-events-to-kafka") == ServiceStatus.Started);
        // orders nobody announces reach NetSuite through the new leader's catch-up poll
        List<Integer> later = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            later.add(store.placeOrder(Orders.order("later" + i + "@example.com", "Later", 81, 1)));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> countOrders(RecordState.DELIVERED) == ORDERS + later.size());
        for (int id : later) {
            assertThat(netsuite.writes("salesOrder", "BC-demo-" + id)).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxBacklog() == 0);
        assertThat(mostLeadersAtOnce.get()).isEqualTo(1);
        assertThat(netsuite.concurrencyRejections()).isZero();
        LOG.info("Whole run {} ms, {} leadership checks", (System.nanoTime() - started) / 1_000_000, leaderChecks.get());
    }

    private Map<String, String> instance(int n, Instant from) {
        Map<String, String> s = new HashMap<>();
        int port = TestBus.freePort();
        s.put("bus.profile", "prod");
        s.put("camel.main.name", "bus-" + n);
        s.put("camel.server.port", Integer.toString(port));
        s.put("bus.public-url", "http://127.0.0.1:" + port);
        s.put("bus.db.url", TestDatabases.POSTGRES_URL + "?currentSchema=" + schema);
        s.put("bus.db.user", TestDatabases.POSTGRES_USER);
        s.put("bus.db.password", "");
        s.put("bus.db.pool-size", "16");
        s.put("bus.kafka.bootstrap-servers", kafka.bootstrapServers());
        // one NetSuite account, its limit shared by the instances
        s.put("bus.netsuite.account-id", "TSTDRV1234567");
        s.put("bus.netsuite.consumer-key", "sandbox-consumer-key");
        s.put("bus.netsuite.consumer-secret", "sandbox-consumer-secret");
        s.put("bus.netsuite.token-id", "sandbox-token-id");
        s.put("bus.netsuite.token-secret", "sandbox-token-secret");
        s.put("bus.netsuite.base-url", sandboxes.netsuite().baseUrl().toString());
        s.put("bus.netsuite.concurrency-limit", Integer.toString(LIMIT));
        s.put("bus.netsuite.shared-limit", "true");
        s.put("bus.netsuite.time-zone", "America/Los_Angeles");
        // one BigCommerce store
        s.put("bus.store.demo.marketplace", "bigcommerce");
        s.put("bus.store.demo.api-url", sandboxes.store().apiUrl().toString());
        s.put("bus.store.demo.access-token", "sandbox-access-token");
        s.put("bus.store.demo.webhook-secret", TestBus.WEBHOOK_SECRET);
        s.put("bus.store.demo.catch-up.initial-from", from.toString());
        s.put("bus.store.demo.subsidiary", "1");
        s.put("bus.store.demo.location", "1");
        s.put("bus.store.demo.items.tax", "SALES-TAX");
        s.put("bus.store.demo.items.discount", "BC-DISCOUNT");
        s.put("bus.store.demo.items.rounding", "BC-ROUNDING");
        s.put("bus.store.demo.items.gift-wrap", "GIFT-WRAP");
        s.put("bus.store.demo.items.shipping", "SHIPPING");
        s.put("bus.poll.tick", "100");
        s.put("bus.bigcommerce.poll.period", "1s");
        s.put("bus.reconciliation.period", "0s");
        s.put("bus.alerts.check-period", "3600000");
        s.put("bus.retry.initial-delay", "200ms");
        s.put("bus.retry.max-delay", "2s");
        s.put("bus.security.password", LOGIN);
        // the cluster: a directory the instances share
        s.put("bus.cluster.enabled", "true");
        s.put("bus.cluster.root", dir.resolve("cluster").toString());
        s.put("bus.cluster.node-id", "bus-" + n);
        s.put("bus.cluster.lock-interval", "500ms");
        return s;
    }

    private void countLeaders() {
        int leaders = (int) running.stream().filter(this::leads).count();
        mostLeadersAtOnce.accumulateAndGet(leaders, Math::max);
        leaderChecks.incrementAndGet();
    }

    private boolean leads(TestBus bus) {
        return bus.bus().bean("scheduledRoutes", ScheduledRoutes.class).isLeader();
    }

    private TestBus leader() {
        List<TestBus> leaders = running.stream().filter(this::leads).toList();
        assertThat(leaders).hasSize(1);
        return leaders.get(0);
    }

    private static String nodeOf(TestBus bus) {
        return bus.bus().bean("scheduledRoutes", ScheduledRoutes.class).nodeId();
    }

    private static ConcurrencyGovernor governor(TestBus bus) {
        return bus.bus().bean("governor", ConcurrencyGovernor.class);
    }

    private long countOrders(RecordState state) {
        return query("SELECT COUNT(*) FROM sync_record WHERE record_type = 'order'" + (state == null ? "" : " AND state = '"
                + state.name() + "'"));
    }

    private long outboxBacklog() {
        return query("SELECT COUNT(*) FROM sync_event_outbox");
    }

    private long query(String sql) {
        try (var c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
