package io.commercebus.bench;

import io.commercebus.connector.netsuite.NetSuiteClient;
import io.commercebus.embedded.EmbeddedKafka;
import io.commercebus.governance.ConcurrencyGovernor;
import io.commercebus.it.TestBus;
import io.commercebus.ledger.RecordState;
import io.commercebus.ledger.TestDatabases;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Drains the same backlog of mapped BigCommerce orders into a fresh NetSuite sandbox (concurrency limit
 * 5, latency 100 ms) with one bus instance (shared limit on, as in production, and off, to show what the
 * database's permit slots cost an instance alone), with two instances sharing the limit through the database
 * ({@code bus.netsuite.shared-limit=true}), and with two instances that each believe they own the whole
 * limit (shared-limit off): how close each comes to what the limit allows, and whether NetSuite saw more
 * requests at once than it allows. Every scenario runs on its own PostgreSQL schema, Kafka broker and
 * cluster directory, as {@code it/SeveralInstancesTest} does.
 *
 * <pre>bench/run governance [orders]</pre>
 */
public final class GovernanceBenchmark {

    static final int LIMIT = 5;
    static final Duration LATENCY = Duration.ofMillis(100);
    static final String DELIVERY = "netsuite-delivery";

    record Scenario(String name, int instances, boolean sharedLimit) {
    }

    public static void main(String[] args) throws Exception {
        // bench/run passes its arguments as one
        String[] a = String.join(" ", args).trim().isEmpty() ? new String[0] : String.join(" ", args).trim().split("\\s+");
        int orders = a.length > 0 ? Integer.parseInt(a[0]) : 1500;
        Path root = Files.createTempDirectory("commerce-bus-governance");
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        Instant began = Instant.now();

        List<Result> results = new ArrayList<>();
        for (Scenario s : List.of(
                new Scenario("(a) one instance, shared limit", 1, true),
                new Scenario("(a') one instance, its own limit", 1, false),
                new Scenario("(b) two instances, shared limit", 2, true),
                new Scenario("(c) two instances, each its own limit", 2, false))) {
            results.add(run(s, orders, root.resolve("scenario-" + results.size())));
        }

        System.out.println();
        System.out.printf("Run began %s; load average before: %s, after: %s%n", began, loadBefore,
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf("NetSuite sandbox: concurrency limit %d, latency %d ms, so at most %.0f requests/s;"
                + " utilisation = requests NetSuite served per second / %.0f%n", LIMIT, LATENCY.toMillis(), ideal(), ideal());
        System.out.printf("%-40s %6s %7s %8s %9s %6s %10s %6s %9s %6s %6s  %s%n", "scenario", "orders", "seconds", "orders/s",
                "req/order", "util.", "NS in flt", "429s", "min lent", "FAILED", "DEAD", "deliveries per instance");
        for (Result r : results) {
            System.out.printf("%-40s %6d %7.1f %8.2f %9.2f %5.0f%% %10d %6d %9d %6d %6d  %s%n", r.scenario.name(), r.orders,
                    r.seconds, r.orders / r.seconds, (double) r.served / r.orders, 100 * r.served / r.seconds / ideal(),
                    r.maxInFlight, r.rejected, r.fewestLent, r.wentFailed, r.dead, r.perInstance.values());
        }
        System.out.println("util. = served requests/s / (limit / latency); NS in flt = NetSuite's max in flight (it refuses"
                + " a request beyond its limit with a 429, so more never shows here: the 429s are the requests beyond it);"
                + " min lent = fewest permits the governors together lent after 429s; FAILED = orders seen waiting for a"
                + " retry (sampled every 100 ms); DEAD = orders ended dead");
        System.out.println();
        for (Result r : results) {
            System.out.printf("%s: %d Sales Orders in NetSuite for %d orders, %d missing, %d written more than once;"
                    + " requests sent %d (%d refused with 429, %d answered 429 to the bus), per instance %s%n", r.scenario.name(),
                    r.salesOrders, r.orders, r.missing, r.writtenTwice, r.served + r.rejected, r.rejected, r.throttled,
                    r.requestsPerInstance.values());
        }
        System.exit(0);
    }

    static double ideal() {
        return LIMIT / (LATENCY.toMillis() / 1000.0);
    }

    record Result(Scenario scenario, int orders, double seconds, long served, long rejected, long throttled, int maxInFlight,
                  int fewestLent, int wentFailed, long dead, long salesOrders, long missing, long writtenTwice,
                  Map<String, Long> perInstance, Map<String, Long> requestsPerInstance) {
    }

    static Result run(Scenario scenario, int orders, Path dir) throws Exception {
        System.out.printf("%n%s: %d orders...%n", scenario.name(), orders);
        String schema = TestDatabases.newSchemaName();
        String url = TestDatabases.createSchema(schema);
        EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), freePort(), freePort());
        List<TestBus> instances = new ArrayList<>();
        TestBus sandboxes = null;
        try (OrderRows rows = new OrderRows(url); OrderRows sampled = new OrderRows(url)) {
            kafka.start();
            sandboxes = TestBus.start(sandboxSettings(dir.resolve("sandboxes")));
            Instant from = Instant.now().minusSeconds(60);
            for (int n = 1; n <= scenario.instances(); n++) {
                instances.add(TestBus.start(instance(n, scenario.sharedLimit(), url, kafka, sandboxes, dir, from)));
            }
            for (TestBus bus : instances) {
                bus.bus().context().getRouteController().stopRoute(DELIVERY);
            }
            // the backlog: the store's seeded demo orders, fetched and mapped while delivery is stopped
            List<Integer> ids = sandboxes.store().placeDemoOrders(orders);
            awaitCount(rows, "state = 'MAPPED'", orders, Duration.ofMinutes(10));

            NetSuiteSandbox netsuite = sandboxes.netsuite();
            netsuite.resetStats();
            Map<String, Long> throttledBefore = new HashMap<>();
            Map<String, Long> requestsBefore = new HashMap<>();
            for (TestBus bus : instances) {
                throttledBefore.put(name(bus), client(bus).throttledResponses());
                requestsBefore.put(name(bus), client(bus).requests());
            }
            // records seen FAILED (waiting for a retry) or DEAD while the backlog drains
            Set<String> failed = ConcurrentHashMap.newKeySet();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleWithFixedDelay(() -> failed.addAll(sampled.externalIds("state IN ('FAILED', 'DEAD')")),
                    0, 100, TimeUnit.MILLISECONDS);
            // how far the governors together backed off after 429s, read every millisecond
            List<ConcurrencyGovernor> governors = instances.stream().map(GovernanceBenchmark::governor).toList();
            AtomicInteger fewestLent = new AtomicInteger(Integer.MAX_VALUE);
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    fewestLent.accumulateAndGet(governors.stream().mapToInt(ConcurrencyGovernor::effectiveLimit).sum(), Math::min);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "governance-watcher");
            watcher.setDaemon(true);
            watcher.start();
            long start = System.nanoTime();
            instances.parallelStream().forEach(bus -> {
                try {
                    bus.bus().context().getRouteController().startRoute(DELIVERY);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitCount(rows, "state IN ('DELIVERED', 'DEAD')", orders, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            watcher.interrupt();
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);

            long requests = (Long) netsuite.stats().get("requests");
            long rejected = netsuite.concurrencyRejections();
            Set<String> expected = ids.stream().map(id -> "BC-demo-" + id).collect(Collectors.toSet());
            Set<String> written = netsuite.records("salesOrder").stream().map(so -> so.get("externalId").asText())
                    .collect(Collectors.toSet());
            long writtenTwice = expected.stream().filter(id -> netsuite.writes("salesOrder", id) > 1).count();
            Map<String, Long> perInstance = new LinkedHashMap<>();
            Map<String, Long> requestsPerInstance = new LinkedHashMap<>();
            long throttled = 0;
            for (TestBus bus : instances) {
                ManagedRouteMBean route = bus.bus().context().getCamelContextExtension()
                        .getContextPlugin(ManagedCamelContext.class).getManagedRoute(DELIVERY);
                // a delivery that failed is handled by the ledger (FAILED or DEAD), not delivered
                perInstance.put(name(bus), route.getExchangesCompleted() - route.getFailuresHandled());
                requestsPerInstance.put(name(bus), client(bus).requests() - requestsBefore.get(name(bus)));
                throttled += client(bus).throttledResponses() - throttledBefore.get(name(bus));
            }
            Result result = new Result(scenario, orders, seconds, requests - rejected, rejected, throttled, netsuite.maxInFlight(),
                    Math.min(fewestLent.get(), LIMIT * instances.size()), failed.size(), rows.count("state = 'DEAD'"),
                    netsuite.records("salesOrder").size(), expected.stream().filter(id -> !written.contains(id)).count(),
                    writtenTwice, perInstance, requestsPerInstance);
            System.out.printf("%s: %.1f s, NetSuite %s%n", scenario.name(), seconds, netsuite.stats());
            return result;
        } finally {
            instances.forEach(TestBus::close);
            if (sandboxes != null) {
                sandboxes.close();
            }
            kafka.close();
            TestDatabases.dropSchema(schema);
        }
    }

    /** One context with the sandboxes alone: the store, and the NetSuite account the instances share. */
    static Map<String, String> sandboxSettings(Path dir) {
        Map<String, String> s = TestBus.settings(dir);
        s.put("bus.sandbox.enabled", "true");
        s.put("bus.sandbox.only", "true");
        s.put("camel.main.routes-collector-enabled", "false");
        s.put("camel.server.enabled", "false");
        s.put("camel.main.name", "sandboxes");
        s.put("bus.sandbox.netsuite.concurrency-limit", Integer.toString(LIMIT));
        s.put("bus.sandbox.netsuite.latency", LATENCY.toMillis() + "ms");
        s.put("bus.sandbox.bigcommerce.rate-limit-quota", "1000000");
        return s;
    }

    /** A production instance, as it/SeveralInstancesTest runs them, with only the measured flow touching NetSuite. */
    static Map<String, String> instance(int n, boolean sharedLimit, String dbUrl, EmbeddedKafka kafka, TestBus sandboxes, Path dir,
                                        Instant from) {
        Map<String, String> s = new HashMap<>();
        int port = freePort();
        s.put("bus.profile", "prod");
        s.put("bus.security.password", "governance-benchmark-login");
        s.put("camel.main.name", "bus-" + n);
        s.put("camel.server.port", Integer.toString(port));
        s.put("bus.public-url", "http://127.0.0.1:" + port);
        s.put("bus.db.url", dbUrl);
        s.put("bus.db.user", TestDatabases.POSTGRES_USER);
        s.put("bus.db.password", "");
        s.put("bus.db.pool-size", "16");
        s.put("bus.kafka.bootstrap-servers", kafka.bootstrapServers());
        s.put("bus.netsuite.account-id", "TSTDRV1234567");
        s.put("bus.netsuite.consumer-key", "sandbox-consumer-key");
        s.put("bus.netsuite.consumer-secret", "sandbox-consumer-secret");
        s.put("bus.netsuite.token-id", "sandbox-token-id");
        s.put("bus.netsuite.token-secret", "sandbox-token-secret");
        s.put("bus.netsuite.base-url", sandboxes.netsuite().baseUrl().toString());
        s.put("bus.netsuite.concurrency-limit", Integer.toString(LIMIT));
        s.put("bus.netsuite.shared-limit", Boolean.toString(sharedLimit));
        s.put("bus.netsuite.time-zone", "America/Los_Angeles");
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
        s.put("bus.bigcommerce.fetch-workers", "8");
        s.put("bus.poll.tick", "100");
        // the leader's catch-up poll brings the backlog in
        s.put("bus.bigcommerce.poll.period", "1s");
        // no other NetSuite requests: the ones counted are the deliveries'
        s.put("bus.fulfillments.period", "3600000");
        s.put("bus.store-defaults.inventory.locations", "");
        s.put("bus.store-defaults.prices.publish", "false");
        s.put("bus.reconciliation.period", "0s");
        s.put("bus.alerts.check-period", "3600000");
        s.put("bus.cluster.enabled", "true");
        s.put("bus.cluster.root", dir.resolve("cluster").toString());
        s.put("bus.cluster.node-id", "bus-" + n);
        s.put("bus.cluster.lock-interval", "500ms");
        return s;
    }

    static ConcurrencyGovernor governor(TestBus bus) {
        return bus.bus().bean("governor", ConcurrencyGovernor.class);
    }

    static NetSuiteClient client(TestBus bus) {
        return bus.bus().bean("netsuite", NetSuiteClient.class);
    }

    static String name(TestBus bus) {
        return bus.bus().context().getName();
    }

    static void awaitCount(OrderRows rows, String condition, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rows.count(condition) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + rows.count(condition) + " of " + expected + " orders with "
                        + condition + " after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** The orders' ledger rows, read over one connection of the benchmark's own (the instances' pools stay theirs). */
    static final class OrderRows implements AutoCloseable {
        private final Connection connection;

        OrderRows(String url) throws SQLException {
            connection = DriverManager.getConnection(url, TestDatabases.POSTGRES_USER, "");
        }

        long count(String condition) {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sync_record WHERE record_type = 'order' AND (" + condition + ")")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        List<String> externalIds(String condition) {
            List<String> ids = new ArrayList<>();
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT external_id FROM sync_record WHERE record_type = 'order' AND (" + condition + ")")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return ids;
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private GovernanceBenchmark() {
    }
}
