package io.commercebus.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.commercebus.config.StoreSettings;
import io.commercebus.db.Database;
import io.commercebus.db.Transactions;
import io.commercebus.events.Outbox;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.MutableClock;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RetryPolicy;
import io.commercebus.ledger.TestDatabases;
import io.commercebus.reconciliation.Gaps;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class AlertsTest {

    @TempDir
    Path dir;
    Database database;
    Ledger ledger;
    Outbox outbox;
    HttpServer hook;
    final List<JsonNode> posted = new CopyOnWriteArrayList<>();
    Alerts alerts;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabases.h2(dir);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        Transactions tx = new Transactions(database.dataSource());
        outbox = new Outbox(tx, Json.mapper(), "test.");
        ledger = new Ledger(tx, outbox, clock, new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)),
                Duration.ofSeconds(2));
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            posted.add(Json.mapper().readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        alerts = new Alerts(ledger, new Gaps(tx, outbox, clock), new StoreSettings(Map.of("demo.marketplace", "bigcommerce")),
                tx, outbox, new Alerts.Thresholds(2, 100, 100),
                URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"), HttpClient.newHttpClient(), clock);
    }

    @AfterEach
    void tearDown() {
        hook.stop(0);
        database.close();
    }

    @Test
    void aBacklogPastItsThresholdFiresOnceAndResolvesOnceOnTheLogKafkaAndTheWebhook() {
        for (int i = 1; i <= 3; i++) {
            ledger.announce(new RecordKey("bigcommerce", "demo", "order", Integer.toString(i)), null);
        }
        outbox.published(outbox.next(100));

        assertThat(alerts.check()).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("alert", "backlog").containsEntry("state", "firing").containsEntry("value", 3L)
                    .containsEntry("threshold", 2L);
        });
        assertThat(alerts.check()).as("still above: no second alert").isEmpty();
        assertThat(outbox.next(10)).singleElement().satisfies(e -> {
            assertThat(e.topic()).isEqualTo("test.alert");
            assertThat(e.payload()).contains("\"state\":\"firing\"", "3 records wait");
        });
        assertThat(posted).singleElement().satisfies(p -> assertThat(p.path("alert").asText()).isEqualTo("backlog"));

        var claimed = ledger.claim(io.commercebus.ledger.Stage.FETCH, "bigcommerce", "order", 2, Duration.ofMinutes(1));
        claimed.forEach(r -> ledger.skipped(r.id(), r.leaseOwner(), null, "TEST", "done"));
        assertThat(alerts.check()).singleElement().satisfies(a -> assertThat(a).containsEntry("state", "resolved"));
        assertThat(posted).hasSize(2);
    }
}
