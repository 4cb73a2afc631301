package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.CommerceBus;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.ledger.TestDatabases;
import io.commercebus.sandbox.amazon.AmazonSandbox;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import io.commercebus.sandbox.walmart.WalmartSandbox;
import io.commercebus.sandbox.woocommerce.WooCommerceSandbox;
import io.commercebus.support.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.awaitility.Awaitility.await;

/**
 * The whole bus for a test: its embedded defaults (H2 file database, Kafka broker, every sandbox)
 * on free ports under a test folder, no demo generator, no Hawtio unless asked for.
 */
public final class TestBus implements AutoCloseable {

    public static final String STORE = "demo";
    public static final String WEBHOOK_SECRET = "sandbox-webhook-secret";

    private final CommerceBus bus;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestBus(CommerceBus bus, int port) {
        this.bus = bus;
        this.port = port;
    }

    public static Map<String, String> settings(Path dir) {
        int port = freePort();
        Map<String, String> s = new HashMap<>();
        s.put("bus.db.url", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
        s.put("bus.kafka.embedded.dir", dir.resolve("kafka").toString());
        s.put("bus.kafka.embedded.port", Integer.toString(freePort()));
        s.put("bus.kafka.embedded.controller-port", Integer.toString(freePort()));
        s.put("bus.hawtio.enabled", "false");
        s.put("camel.main.routes-reload-enabled", "false");
        s.put("camel.server.port", Integer.toString(port));
        s.put("bus.public-url", "http://127.0.0.1:" + port);
        s.put("bus.sandbox.netsuite.port", "0");
        s.put("bus.sandbox.bigcommerce.port", "0");
        s.put("bus.sandbox.bigcommerce.orders-per-minute", "0");
        s.put("bus.sandbox.bigcommerce.initial-orders", "0");
        s.put("bus.sandbox.state-dir", "");
        s.put("bus.sandbox.netsuite.latency", "5ms");
        s.put("bus.sandbox.netsuite.ship-every", "");
        s.put("bus.sandbox.amazon.port", "0");
        s.put("bus.sandbox.amazon.orders-per-minute", "0");
        s.put("bus.sandbox.amazon.listing-delay", "0s");
        // Amazon settlements only where a test publishes them
        s.put("bus.sandbox.amazon.settlement-period", "0s");
        s.put("bus.sandbox.walmart.port", "0");
        s.put("bus.sandbox.woocommerce.port", "0");
        s.put("bus.sandbox.woocommerce.orders-per-minute", "0");
        s.put("bus.sandbox.walmart.orders-per-minute", "0");
        s.put("bus.poll.tick", "100");
        // catch-up polls only where a test asks for them; Amazon's getOrders allows a request a minute
        s.put("bus.store.amazon-demo.poll.period", "1h");
        s.put("bus.store.walmart-demo.poll.period", "1h");
        s.put("bus.bigcommerce.poll.period", "1h");
        s.put("bus.woocommerce.poll.period", "1h");
        // NetSuite as master only where a test asks for it
        s.put("bus.store-defaults.inventory.locations", "");
        s.put("bus.store-defaults.prices.publish", "false");
        // after the order: fulfilments, cancellations and payout files read quickly; reconciliation only when a test runs it
        s.put("bus.fulfillments.period", "300");
        s.put("bus.payouts.scan-period", "300");
        s.put("bus.reconciliation.period", "0s");
        // the demo payment provider pays out only when a test asks (payoutReports.payOut()), into the test folder
        s.put("bus.sandbox.payments.period", "0s");
        s.put("bus.store.demo.payouts.dir", dir.resolve("payouts/demo").toString());
        s.put("bus.store.woo-demo.payouts.dir", dir.resolve("payouts/woo-demo").toString());
        s.put("bus.alerts.check-period", "3600000");
        s.put("bus.retry.initial-delay", "200ms");
        s.put("bus.retry.max-delay", "2s");
        return s;
    }

    /**
     * The settings moved onto a fresh PostgreSQL schema (TestDatabases: skipped without PostgreSQL, except in
     * CI); drop it with {@link TestDatabases#dropSchema} after the bus stopped.
     */
    public static Map<String, String> onPostgres(Map<String, String> settings, String schema) {
        settings.put("bus.db.url", TestDatabases.createSchema(schema));
        settings.put("bus.db.user", TestDatabases.POSTGRES_USER);
        settings.put("bus.db.password", "");
        // PostgreSQL is shared by every test that runs: a small pool is plenty for one test bus
        settings.put("bus.db.pool-size", "8");
        return settings;
    }

    public static TestBus start(Path dir) {
        return start(settings(dir));
    }

    public static TestBus start(Map<String, String> settings) {
        return start(settings, Map.of());
    }

    /** The bus with {@code environment} as its environment variables (BUS_X_Y, BUS_X_Y_FILE), not the process's. */
    public static TestBus start(Map<String, String> settings, Map<String, String> environment) {
        CommerceBus bus = CommerceBus.start(settings, environment);
        return new TestBus(bus, Integer.parseInt(settings.get("camel.server.port")));
    }

    public CommerceBus bus() {
        return bus;
    }

    public NetSuiteSandbox netsuite() {
        return bus.bean("netsuiteSandbox", NetSuiteSandbox.class);
    }

    public BigCommerceSandbox store() {
        return bus.bean("bigcommerceSandbox", BigCommerceSandbox.class);
    }

    public AmazonSandbox amazon() {
        return bus.bean("amazonSandbox", AmazonSandbox.class);
    }

    public WooCommerceSandbox woocommerce() {
        return bus.bean("woocommerceSandbox", WooCommerceSandbox.class);
    }

    public WalmartSandbox walmart() {
        return bus.bean("walmartSandbox", WalmartSandbox.class);
    }

    public Ledger ledger() {
        return bus.bean("ledger", Ledger.class);
    }

    public LedgerRecord record(int orderId) {
        return record(new RecordKey("bigcommerce", STORE, "order", Integer.toString(orderId)));
    }

    public LedgerRecord record(RecordKey key) {
        return ledger().find(key).orElseThrow(() -> new AssertionError(key + " is not in the ledger"));
    }

    public boolean known(int orderId) {
        return ledger().find(new RecordKey("bigcommerce", STORE, "order", Integer.toString(orderId))).isPresent();
    }

    /** Waits until every order is in the ledger with nothing left to do (delivered, skipped or dead). */
    public void awaitSettled(List<Integer> orderIds, Duration timeout) {
        awaitSettledKeys(orderIds.stream().map(id -> new RecordKey("bigcommerce", STORE, "order", Integer.toString(id)))
                .toList(), timeout);
    }

    public void awaitSettledKeys(List<RecordKey> keys, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> keys.stream()
                .allMatch(key -> ledger().find(key).map(r -> r.pendingStage() == null).orElse(false)));
    }

    /** Waits until the record is in the state with nothing left to do. */
    public void awaitState(RecordKey key, RecordState state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger().find(key)
                .map(r -> r.state() == state && r.pendingStage() == null).orElse(false));
    }

    /** Waits until the record carries the reason (skipped or dead). */
    public void awaitReason(RecordKey key, String reason) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger().find(key).map(LedgerRecord::reason)
                .map(reason::equals).orElse(false));
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** Sends any request to the bus (method, body and headers as a test needs them). */
    public HttpResponse<String> send(HttpRequest.Builder request, String path) {
        return send(request.uri(uri(path)).build());
    }

    /** The {@code Authorization} header value of an HTTP Basic login. */
    public static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A BigCommerce webhook body as the store sends it. */
    public String webhook(String scope, int orderId, long createdAt) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("scope", scope);
        body.put("store_id", "1001");
        body.putObject("data").put("type", "order").put("id", orderId);
        body.put("hash", Integer.toHexString(orderId * 31));
        body.put("created_at", createdAt);
        body.put("producer", "stores/demo1");
        return body.toString();
    }

    /** Every record of a topic, from the beginning. */
    public List<ConsumerRecord<String, String>> events(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bus.context().getComponent("kafka", org.apache.camel.component.kafka.KafkaComponent.class)
                .getConfiguration().getBrokers());
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() {
        bus.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
