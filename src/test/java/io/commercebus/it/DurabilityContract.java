package io.commercebus.it;

import io.commercebus.db.Transactions;
import io.commercebus.embedded.EmbeddedKafka;
import io.commercebus.events.Outbox;
import io.commercebus.ledger.RecordState;
import io.commercebus.ledger.Watermarks;
import io.commercebus.support.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing is lost across a Kafka outage, a restart of the bus, or webhooks that never arrive: on every
 * database the bus runs on (H2DurabilityTest, PostgresDurabilityTest).
 */
abstract class DurabilityContract {

    @TempDir
    Path dir;

    /** The test bus's settings with its database in {@code dir} or a schema of its own. */
    abstract Map<String, String> settings(Path dir);

    @Test
    void eventsWaitInTheOutboxWhileKafkaIsDownAndAreAllPublishedAfterwards() {
        try (TestBus bus = TestBus.start(settings(dir))) {
            EmbeddedKafka kafka = bus.bus().bean("embeddedKafka", EmbeddedKafka.class);
            Outbox outbox = bus.bus().bean("outbox", Outbox.class);
            kafka.close();

            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(bus.store().placeOrder(Orders.order("outage" + i + "@example.com", "Otto", 77, 1)));
            }
            bus.awaitSettled(ids, Duration.ofSeconds(30));
            ids.forEach(id -> assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED));
            assertThat(outbox.backlog()).isGreaterThanOrEqualTo(9);
            assertThat(bus.json(bus.get("/api/status")).get("eventsAwaitingPublication").asLong()).isPositive();

            kafka.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> outbox.backlog() == 0);
            Set<String> delivered = bus.events("commerce-bus.sync.delivered").stream().map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
            ids.forEach(id -> assertThat(delivered).contains("bigcommerce/demo/order/" + id));
            List<ConsumerRecord<String, String>> received = bus.events("commerce-bus.sync.received");
            List<String> eventIds = received.stream().map(e -> readEventId(e.value())).toList();
            assertThat(eventIds).doesNotHaveDuplicates();
            // consumers may deduplicate on the header without reading the body
            assertThat(received).allSatisfy(e -> assertThat(new String(e.headers().lastHeader("eventId").value(),
                    StandardCharsets.UTF_8)).isEqualTo(readEventId(e.value())));
        }
    }

    @Test
    void aRestartReusesTheDatabaseAndLosesNothing() {
        Map<String, String> settings = settings(dir);
        settings.put("bus.sandbox.state-dir", dir.resolve("sandbox").toString());
        List<Integer> before = new ArrayList<>();
        int dead;
        try (TestBus bus = TestBus.start(settings)) {
            for (int i = 0; i < 3; i++) {
                before.add(bus.store().placeOrder(Orders.order("restart" + i + "@example.com", "Rex", 81, 1)));
            }
            dead = bus.store().placeOrder(Orders.withCustomProduct(Orders.order("restart@example.com", "Rex", 81, 1),
                    "LATER-SKU", "Later", "5.0000"));
            List<Integer> all = new ArrayList<>(before);
            all.add(dead);
            bus.awaitSettled(all, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20)).until(() -> bus.bus().bean("outbox", Outbox.class).backlog() == 0);
        }

        try (TestBus bus = TestBus.start(settings)) {
            for (int id : before) {
                assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED);
                assertThat(bus.netsuite().recordByExternalId("salesOrder", "BC-demo-" + id)).isNotNull();
            }
            assertThat(bus.record(dead).state()).isEqualTo(RecordState.DEAD);
            assertThat(bus.record(dead).reason()).isEqualTo("UNKNOWN_SKU");
            assertThat(bus.events("commerce-bus.sync.delivered")).extracting(ConsumerRecord::key)
                    .contains("bigcommerce/demo/order/" + before.get(0));

            // the store and the ledger carry on where they were: new orders, and the dead letter replays
            int next = bus.store().placeOrder(Orders.order("after.restart@example.com", "Rex", 82, 1));
            assertThat(next).isGreaterThan(dead);
            bus.netsuite().createItem("inventoryItem", "LATER-SKU", "Later");
            bus.post("/api/dead-letters/replay?reason=UNKNOWN_SKU", "");
            bus.awaitSettled(List.of(next, dead), Duration.ofSeconds(30));
            assertThat(bus.record(next).state()).isEqualTo(RecordState.DELIVERED);
            assertThat(bus.record(dead).state()).isEqualTo(RecordState.DELIVERED);
            for (int id : before) {
                assertThat(bus.netsuite().writes("salesOrder", "BC-demo-" + id)).as("not delivered again").isZero();
            }
        }
    }

    @Test
    void theCatchUpPollFindsOrdersWhoseWebhooksNeverCameAndRemembersWhereItWas() {
        Map<String, String> settings = settings(dir);
        settings.put("bus.store.demo.webhooks.register", "false");
        settings.put("bus.bigcommerce.poll.period", "500ms");
        settings.put("bus.poll.tick", "200");
        try (TestBus bus = TestBus.start(settings)) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(bus.store().placeOrder(Orders.order("missed" + i + "@example.com", "Mia", 90, 2)));
            }
            bus.awaitSettled(ids, Duration.ofSeconds(30));
            ids.forEach(id -> assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED));
            assertThat(bus.store().webhooksDelivered()).isZero();

            // a change to an order is caught too, and updates its one Sales Order
            int changed = ids.get(0);
            String hash = bus.record(changed).payloadHash();
            bus.store().updateOrder(changed, Json.mapper().createObjectNode().put("payment_method", "Bank transfer"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !bus.record(changed).payloadHash().equals(hash)
                    && bus.record(changed).pendingStage() == null);
            assertThat(bus.netsuite().writes("salesOrder", "BC-demo-" + changed)).isEqualTo(2);

            Watermarks watermarks = new Watermarks(new Transactions(bus.bus().bean("dataSource", DataSource.class)),
                    Clock.systemUTC());
            String position = watermarks.get("bigcommerce", "demo", "orders.date_modified").orElseThrow();
            assertThat(Instant.parse(position)).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
        }
    }

    private static String readEventId(String json) {
        try {
            return Json.mapper().readTree(json).get("eventId").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
