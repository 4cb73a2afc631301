package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.db.Database;
import io.commercebus.embedded.EmbeddedKafka;
import io.commercebus.ledger.TestDatabases;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import io.commercebus.support.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bus killed with SIGKILL twice while it drains a backlog of 10,000 BigCommerce orders, and started
 * again each time: in the end NetSuite holds each order exactly once, every ledger record is
 * delivered, and every event the ledger wrote is on Kafka with its own eventId.
 *
 * <p>The bus runs as a process of its own, as in production (profile prod, a settings file, PostgreSQL,
 * an external Kafka broker, the store and NetSuite at their URLs); the sandboxes and the broker run in
 * this JVM so that they outlive the kills. PostgreSQL rather than H2: it is the production database,
 * its commits are durable when the bus is killed (H2 writes its store behind the commit), and this
 * JVM can read the ledger while the bus has it open (an H2 file belongs to one process). Without a
 * reachable PostgreSQL the test is skipped, except in CI.
 */
class CrashTest {

    static final int ORDERS = 10_000;
    static final int NETSUITE_LIMIT = 8;

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private String schema;

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        } finally {
            if (schema != null) {
                TestDatabases.dropSchema(schema);
            }
        }
    }

    @Test
    void killedTwiceWhileDrainingTenThousandOrdersTheBusDeliversEachExactlyOnceAndLosesNoEvent() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        int firstKill = ORDERS / 10 + random.nextInt(ORDERS * 4 / 10);
        int secondKill = firstKill + ORDERS / 10 + random.nextInt(ORDERS * 8 / 10 - firstKill - ORDERS / 10);
        System.out.printf("CrashTest seed %d (-Dcrash.seed=%d repeats it): SIGKILL after %d and %d Sales Orders%n",
                seed, seed, firstKill, secondKill);

        schema = TestDatabases.newSchemaName();
        try (Database database = TestDatabases.postgres(schema)) {
            recordEveryOutboxEvent(database);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0, 0);
        kafka.start();
        resources.add(kafka);
        NetSuiteSandbox netsuite = new NetSuiteSandbox(new NetSuiteSandbox.Config("127.0.0.1", 0, "TSTDRV1234567",
                "sandbox-consumer-key", "sandbox-consumer-secret", "sandbox-token-id", "sandbox-token-secret", NETSUITE_LIMIT,
                Duration.ofMillis(10), Duration.ofSeconds(5), null)).start();
        resources.add(netsuite);
        BigCommerceSandbox store = new BigCommerceSandbox(new BigCommerceSandbox.Config("127.0.0.1", 0, "demo1", "1001",
                "sandbox-access-token", 1_000_000, Duration.ofSeconds(30), 0, List.of(Duration.ofSeconds(1)),
                new BigDecimal("0.0825"), 42, null)).start();
        resources.add(store);

        Instant backlogFrom = Instant.now().minusSeconds(60);
        long placing = System.nanoTime();
        List<Integer> orderIds = store.placeDemoOrders(ORDERS);
        System.out.printf("Placed %d orders in the BigCommerce sandbox in %.1f s%n", ORDERS, seconds(placing));

        BusProcess bus = new BusProcess(dir, settings(kafka, netsuite, store, backlogFrom));
        resources.add(bus);
        LongSupplier salesOrders = () -> netsuite.operationCount("upsert-created salesOrder");
        long started = System.nanoTime();
        bus.start(Duration.ofMinutes(2));
        System.out.printf("Bus process %d up in %.1f s%n", bus.pid(), seconds(started));
        for (int killAt : List.of(firstKill, secondKill)) {
            awaitAtLeast(salesOrders, killAt, Duration.ofMinutes(15), bus);
            long pid = bus.pid();
            int status = bus.kill();
            long killed = System.nanoTime();
            System.out.printf("SIGKILL to %d at %d Sales Orders (%.1f s into the run): exit status %d%n", pid,
                    salesOrders.getAsLong(), seconds(started), status);
            assertThat(status).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
            bus.start(Duration.ofMinutes(2));
            System.out.printf("Restarted as %d in %.1f s (%s)%n", bus.pid(), seconds(killed),
                    lastLine(bus.log(), "its previous run had leased"));
        }
        awaitAtLeast(salesOrders, ORDERS, Duration.ofMinutes(15), bus);
        awaitDrained(Duration.ofMinutes(5), bus);
        double drained = seconds(started);

        // NetSuite: exactly one Sales Order per order, each created once, never by a plain create
        Set<String> expected = new HashSet<>();
        orderIds.forEach(id -> expected.add("BC-demo-" + id));
        List<String> externalIds = netsuite.records("salesOrder").stream().map(r -> r.path("externalId").asText()).toList();
        assertThat(externalIds).hasSize(ORDERS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(externalIds)).isEqualTo(expected);
        assertThat(salesOrders.getAsLong()).isEqualTo(ORDERS);
        assertThat(netsuite.operationCount("create salesOrder")).isZero();
        long writes = expected.stream().mapToLong(eid -> netsuite.writes("salesOrder", eid)).sum();

        // the ledger: every order delivered
        Map<String, Long> states = ledgerStates();
        assertThat(states).isEqualTo(Map.of("DELIVERED", (long) ORDERS));

        // Kafka: every event the ledger wrote, at least once; one eventId never names two events
        Map<String, String> written = writtenEvents();
        Map<String, String> published = new HashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        for (ConsumerRecord<String, String> message : messages(kafka.bootstrapServers())) {
            JsonNode event = Json.mapper().readTree(message.value());
            String eventId = event.path("eventId").asText();
            assertThat(message.headers().lastHeader("eventId")).as("eventId header of %s", eventId).isNotNull();
            assertThat(new String(message.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8)).isEqualTo(eventId);
            String before = published.putIfAbsent(eventId, message.value());
            assertThat(before == null || before.equals(message.value())).as("eventId %s names two events", eventId).isTrue();
            copies.merge(eventId, 1, Integer::sum);
        }
        assertThat(written).hasSizeGreaterThanOrEqualTo(3 * ORDERS);
        assertThat(published.keySet()).containsAll(written.keySet());
        Map<String, Long> byTopic = new TreeMap<>();
        written.values().forEach(topic -> byTopic.merge(topic, 1L, Long::sum));
        long republished = copies.values().stream().filter(n -> n > 1).count();

        System.out.printf("CrashTest seed %d: %d Sales Orders (%d upserts sent, %d of them again after a kill), ledger %s;"
                        + " %d events written %s, all on Kafka, %d published more than once, %d messages, each with its eventId"
                        + " header; drained in %.1f s%n",
                seed, externalIds.size(), writes, writes - ORDERS, states, written.size(), byTopic, republished,
                copies.values().stream().mapToInt(Integer::intValue).sum(), drained);
    }

    private Map<String, String> settings(EmbeddedKafka kafka, NetSuiteSandbox netsuite, BigCommerceSandbox store,
                                         Instant backlogFrom) {
        int port = TestBus.freePort();
        Map<String, String> s = new HashMap<>();
        s.put("bus.db.url", TestDatabases.POSTGRES_URL + "?currentSchema=" + schema);
        s.put("bus.db.user", TestDatabases.POSTGRES_USER);
        s.put("bus.db.pool-size", "16");
        s.put("bus.kafka.bootstrap-servers", kafka.bootstrapServers());
        s.put("camel.server.port", Integer.toString(port));
        s.put("bus.public-url", "http://127.0.0.1:" + port);
        s.put("camel.main.jmx-enabled", "false");
        // production refuses to start without the login of its REST API
        s.put("bus.security.password", "crash-test-login");
        s.put("bus.netsuite.account-id", "TSTDRV1234567");
        s.put("bus.netsuite.base-url", netsuite.baseUrl().toString());
        s.put("bus.netsuite.consumer-key", "sandbox-consumer-key");
        s.put("bus.netsuite.consumer-secret", "sandbox-consumer-secret");
        s.put("bus.netsuite.token-id", "sandbox-token-id");
        s.put("bus.netsuite.token-secret", "sandbox-token-secret");
        s.put("bus.netsuite.time-zone", "America/Los_Angeles");
        s.put("bus.netsuite.concurrency-limit", Integer.toString(NETSUITE_LIMIT));
        s.put("bus.store.demo.marketplace", "bigcommerce");
        s.put("bus.store.demo.api-url", store.apiUrl().toString());
        s.put("bus.store.demo.access-token", "sandbox-access-token");
        s.put("bus.store.demo.catch-up.initial-from", backlogFrom.toString());
        s.put("bus.store.demo.subsidiary", "1");
        s.put("bus.store.demo.location", "1");
        s.put("bus.store.demo.items.tax", "SALES-TAX");
        s.put("bus.store.demo.items.discount", "BC-DISCOUNT");
        s.put("bus.store.demo.items.rounding", "BC-ROUNDING");
        s.put("bus.store.demo.items.gift-wrap", "GIFT-WRAP");
        s.put("bus.bigcommerce.poll.period", "5s");
        s.put("bus.bigcommerce.fetch-workers", "8");
        s.put("bus.poll.tick", "200");
        s.put("bus.retry.initial-delay", "200ms");
        s.put("bus.retry.max-delay", "2s");
        // only the order flow: no reconciliation, fulfilment reads or alerts competing for the two cores
        s.put("bus.reconciliation.period", "0s");
        s.put("bus.fulfillments.period", "3600000");
        s.put("bus.alerts.check-period", "3600000");
        return s;
    }

    /** A copy of every event the ledger writes to the outbox (the relay deletes them once on Kafka). */
    private static void recordEveryOutboxEvent(Database database) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE written_event (event_id VARCHAR(36) PRIMARY KEY, topic VARCHAR(200) NOT NULL)");
            st.execute("CREATE FUNCTION copy_written_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " INSERT INTO written_event VALUES (NEW.event_id, NEW.topic); RETURN NEW; END $$");
            st.execute("CREATE TRIGGER written_event AFTER INSERT ON sync_event_outbox FOR EACH ROW"
                    + " EXECUTE FUNCTION copy_written_event()");
        }
    }

    private Map<String, String> writtenEvents() throws SQLException {
        Map<String, String> out = new HashMap<>();
        query("SELECT event_id, topic FROM written_event", rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    private Map<String, Long> ledgerStates() throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        query("SELECT state, COUNT(*) FROM sync_record GROUP BY state", rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    private long scalar(String sql) throws SQLException {
        long[] out = new long[1];
        query(sql, rs -> out[0] = rs.getLong(1));
        return out[0];
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader) throws SQLException {
        Properties p = new Properties();
        p.put("user", TestDatabases.POSTGRES_USER);
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL + "?currentSchema=" + schema, p);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }

    /** Waits until nothing is left to do: every record delivered and every event relayed. */
    private void awaitDrained(Duration timeout, BusProcess bus) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (scalar("SELECT COUNT(*) FROM sync_record WHERE state <> 'DELIVERED' OR fetch_pending OR lease_owner IS NOT NULL") > 0
                || scalar("SELECT COUNT(*) FROM sync_event_outbox") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not drained after " + timeout + ": ledger " + ledgerStates() + ", "
                        + scalar("SELECT COUNT(*) FROM sync_event_outbox") + " events awaiting Kafka; see " + bus.log());
            }
            Thread.sleep(250);
        }
    }

    private static void awaitAtLeast(LongSupplier count, long target, Duration timeout, BusProcess bus)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Only " + count.getAsLong() + " of " + target + " Sales Orders after " + timeout
                        + "; see " + bus.log());
            }
            Thread.sleep(20);
        }
    }

    /** Every message of the bus's topics, from the beginning. */
    private static List<ConsumerRecord<String, String>> messages(String brokers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(10)).entrySet().stream()
                    .filter(t -> t.getKey().startsWith("commerce-bus.sync."))
                    .flatMap(t -> t.getValue().stream().map(info -> new TopicPartition(t.getKey(), info.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String lastLine(Path file, String text) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.contains(text)).reduce((a, b) -> b).map(l -> l.replaceAll("^.*(Node )", "$1"))
                    .orElse("no lease taken back");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
