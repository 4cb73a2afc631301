package io.commercebus.it;

import io.commercebus.CommerceBus;
import io.commercebus.embedded.EmbeddedKafka;
import io.commercebus.ledger.TestDatabases;
import io.commercebus.sandbox.Sandboxes;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The production profile, chosen and pointed by configuration only: the ledger on PostgreSQL, events on a
 * Kafka cluster the bus does not run, a BigCommerce store and a NetSuite account at their URLs (sandboxes
 * started apart from the bus, standing in for the real ones), no sandbox inside the bus.
 */
class ProductionProfileTest {

    private static final String STORE = "shop";
    private static final String ACCESS_TOKEN = "prod-test-access-token";
    private static final String CLIENT_ID = "commerce-bus-prod-test";

    @TempDir
    Path dir;
    private final String schema = TestDatabases.newSchemaName();
    private String databaseUrl;
    private EmbeddedKafka kafka;
    private NetSuiteSandbox netsuite;
    private BigCommerceSandbox store;

    @BeforeEach
    void startTheOutsideWorld() {
        databaseUrl = TestDatabases.createSchema(schema);
        kafka = new EmbeddedKafka(dir.resolve("kafka"), 0, 0);
        kafka.start();
        netsuite = Sandboxes.netsuite(5, Duration.ofMillis(5));
        store = new BigCommerceSandbox(new BigCommerceSandbox.Config("127.0.0.1", 0, "prod1", "2002", ACCESS_TOKEN, 450,
                Duration.ofSeconds(30), 0, List.of(Duration.ofSeconds(1)), new BigDecimal("0.0825"), 7, null)).start();
    }

    @AfterEach
    void stopTheOutsideWorld() {
        store.close();
        netsuite.close();
        kafka.close();
        TestDatabases.dropSchema(schema);
    }

    @Test
    void anOrderFlowsToASalesOrderWithTheLedgerOnPostgresAndItsEventsOnTheExternalKafka() throws Exception {
        Map<String, String> settings = production();
        try (TestBus bus = TestBus.start(settings)) {
            assertThat(bus.bus().context().getRegistry().findByType(NetSuiteSandbox.class)).as("no sandbox in the bus").isEmpty();
            assertThat(bus.bus().context().getRegistry().findByType(BigCommerceSandbox.class)).isEmpty();
            assertThat(bus.bus().context().getRegistry().lookupByName("embeddedKafka")).as("no broker in the bus").isNull();

            int id = store.placeOrder(Orders.order("prod@example.com", "Pat", 77, 2));

            await().atMost(Duration.ofSeconds(30)).until(() -> netsuite.recordByExternalId("salesOrder", "BC-shop-" + id) != null);
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(stateInPostgres(id)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(bus.events("commerce-bus.sync.delivered"))
                    .extracting(ConsumerRecord::key).contains("bigcommerce/shop/order/" + id));
            assertThat(bus.bus().context().getComponent("kafka", org.apache.camel.component.kafka.KafkaComponent.class)
                    .getConfiguration().getBrokers()).isEqualTo(kafka.bootstrapServers());
            // bus.kafka.client.* reaches the relay's Kafka producer as it is (here its client.id)
            assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(
                    new ObjectName("kafka.producer:type=producer-metrics,client-id=" + CLIENT_ID), null)).hasSize(1);
        }
    }

    @Test
    void withoutARequiredSettingProductionRefusesToStartAndNamesIt() {
        for (String missing : List.of("bus.db.url", "bus.kafka.bootstrap-servers", "bus.netsuite.token-secret",
                "bus.store." + STORE + ".access-token")) {
            Map<String, String> settings = production();
            settings.remove(missing);
            assertThatThrownBy(() -> CommerceBus.start(settings).close()).as(missing).satisfies(e ->
                    assertThat(firstCause(e)).isInstanceOf(IllegalStateException.class).hasMessageContaining(missing));
        }
    }

    /** Everything production needs, and nothing of the embedded defaults. */
    private Map<String, String> production() {
        int port = TestBus.freePort();
        Map<String, String> s = new HashMap<>();
        s.put("bus.profile", "prod");
        s.put("camel.server.port", Integer.toString(port));
        s.put("bus.public-url", "http://127.0.0.1:" + port);
        s.put("bus.db.url", databaseUrl);
        s.put("bus.db.user", TestDatabases.POSTGRES_USER);
        s.put("bus.db.pool-size", "8");
        s.put("bus.kafka.bootstrap-servers", kafka.bootstrapServers());
        s.put("bus.kafka.client.client.id", CLIENT_ID);
        s.put("bus.security.password", "prod-test-password");
        s.put("bus.cluster.root", dir.resolve("cluster").toString());

        s.put("bus.netsuite.account-id", Sandboxes.ACCOUNT);
        s.put("bus.netsuite.base-url", netsuite.baseUrl().toString());
        s.put("bus.netsuite.consumer-key", Sandboxes.CONSUMER_KEY);
        s.put("bus.netsuite.consumer-secret", Sandboxes.CONSUMER_SECRET);
        s.put("bus.netsuite.token-id", Sandboxes.TOKEN_ID);
        s.put("bus.netsuite.token-secret", Sandboxes.TOKEN_SECRET);
        s.put("bus.netsuite.concurrency-limit", "auto");

        String store = "bus.store." + STORE + ".";
        s.put(store + "marketplace", "bigcommerce");
        s.put(store + "api-url", this.store.apiUrl().toString());
        s.put(store + "access-token", ACCESS_TOKEN);
        s.put(store + "webhook-secret", "prod-test-webhook-secret");
        s.put(store + "webhooks.register", "true");
        s.put(store + "subsidiary", "1");
        s.put(store + "location", "1");
        s.put(store + "items.tax", "SALES-TAX");
        s.put(store + "items.discount", "BC-DISCOUNT");
        s.put(store + "items.rounding", "BC-ROUNDING");
        s.put(store + "items.gift-wrap", "GIFT-WRAP");
        return s;
    }

    private static Throwable firstCause(Throwable e) {
        return e.getCause() == null ? e : firstCause(e.getCause());
    }

    private String stateInPostgres(int orderId) throws SQLException {
        try (Connection c = DriverManager.getConnection(databaseUrl, TestDatabases.POSTGRES_USER, "");
             PreparedStatement q = c.prepareStatement("SELECT state FROM sync_record WHERE marketplace = 'bigcommerce'"
                     + " AND store = ? AND record_type = 'order' AND external_id = ?")) {
            q.setString(1, STORE);
            q.setString(2, Integer.toString(orderId));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
