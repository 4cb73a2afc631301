package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordState;
import io.commercebus.support.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * BigCommerce orders reach NetSuite as Sales Orders, end to end on the embedded defaults: webhooks
 * from the store sandbox, the ledger, the shipped mapping, the governed NetSuite client against the
 * NetSuite sandbox, Kafka events, the dead-letter API and its replay.
 */
class BigCommerceToNetSuiteTest {

    @TempDir
    static Path dir;
    static TestBus bus;

    @BeforeAll
    static void start() {
        bus = TestBus.start(dir);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void ordersBecomeSalesOrdersOfTheRightCustomersAndTheBadOnesAreDeadLetteredUntilFixed() throws Exception {
        var store = bus.store();
        var netsuite = bus.netsuite();
        List<Integer> good = new ArrayList<>();
        // two new customers, one of them twice; a regular customer three times (one e-mail, mixed case)
        good.add(store.placeOrder(Orders.order("nora.new@example.com", "Nora", 77, 2)));
        good.add(store.placeOrder(Orders.order("ned.new@example.com", "Ned", 81, 1, 90, 3)));
        good.add(store.placeOrder(Orders.order("Nora.New@Example.com", "Nora", 95, 1)));
        for (int i = 0; i < 3; i++) {
            good.add(store.placeOrder(Orders.order("rita.regular@example.com", "Rita", 77 + i % 2, 1 + i)));
        }
        ObjectNode couponOrder = Orders.order("rita.regular@example.com", "Rita", 82, 2, 96, 1);
        couponOrder.put("coupon_discount", "5.0000");
        good.add(store.placeOrder(couponOrder));
        int unknownSku = store.placeOrder(Orders.withCustomProduct(Orders.order("una.unknown@example.com", "Una", 77, 1),
                "MYSTERY-BOX", "Mystery box", "15.0000"));
        ObjectNode drifting = Orders.order("dora.drift@example.com", "Dora", 91, 1);
        // the store's API lets an order carry totals that its lines do not add up to
        drifting.put("total_ex_tax", "40.0000");
        drifting.put("total_inc_tax", "43.3000");
        int drift = store.placeOrder(drifting);

        List<Integer> all = new ArrayList<>(good);
        all.add(unknownSku);
        all.add(drift);
        bus.awaitSettled(all, Duration.ofSeconds(60));

        // exactly the good orders are Sales Orders, each adding up to what BigCommerce charged
        for (int id : good) {
            LedgerRecord record = bus.record(id);
            assertThat(record.state()).as("order %s", id).isEqualTo(RecordState.DELIVERED);
            JsonNode so = netsuite.recordByExternalId("salesOrder", "BC-demo-" + id);
            assertThat(so).as("Sales Order of order %s", id).isNotNull();
            assertThat(so.get("id").asText()).isEqualTo(record.netsuiteId());
            assertThat(so.get("total").decimalValue())
                    .isEqualByComparingTo(new BigDecimal(store.order(id).get("total_inc_tax").asText()));
            assertThat(netsuite.writes("salesOrder", "BC-demo-" + id)).isEqualTo(1);
        }
        assertThat(netsuite.recordByExternalId("salesOrder", "BC-demo-" + unknownSku)).isNull();
        assertThat(netsuite.recordByExternalId("salesOrder", "BC-demo-" + drift)).isNull();

        // one customer per e-mail, matched case-insensitively, created before its first order
        Map<String, String> customerByEmail = netsuite.records("customer").stream()
                .collect(Collectors.toMap(c -> c.get("email").asText(), c -> c.get("id").asText()));
        assertThat(customerByEmail).containsKeys("nora.new@example.com", "ned.new@example.com", "rita.regular@example.com");
        assertThat(customerByEmail).doesNotContainKeys("dora.drift@example.com");
        for (int id : good) {
            String email = store.order(id).get("billing_address").get("email").asText().toLowerCase();
            assertThat(netsuite.recordByExternalId("salesOrder", "BC-demo-" + id).get("entity").get("id").asText())
                    .isEqualTo(customerByEmail.get(email));
        }

        // the two bad orders wait in the dead-letter channel with their reasons
        JsonNode dead = bus.json(bus.get("/api/dead-letters"));
        Map<String, String> reasons = new java.util.HashMap<>();
        dead.get("records").forEach(r -> reasons.put(r.get("externalId").asText(), r.get("reason").asText()));
        assertThat(reasons).containsEntry(Integer.toString(unknownSku), "UNKNOWN_SKU")
                .containsEntry(Integer.toString(drift), "TOTAL_DRIFT");
        assertThat(bus.record(unknownSku).lastError()).contains("MYSTERY-BOX");
        assertThat(bus.record(drift).lastError()).contains("43.30");

        // once the item exists, replaying delivers the order, once
        netsuite.createItem("inventoryItem", "MYSTERY-BOX", "Mystery box");
        HttpResponse<String> replay = bus.post("/api/dead-letters/" + bus.record(unknownSku).id() + "/replay", "");
        assertThat(replay.statusCode()).isEqualTo(200);
        bus.awaitSettled(List.of(unknownSku), Duration.ofSeconds(30));
        assertThat(bus.record(unknownSku).state()).isEqualTo(RecordState.DELIVERED);
        assertThat(netsuite.writes("salesOrder", "BC-demo-" + unknownSku)).isEqualTo(1);
        JsonNode replayed = netsuite.recordByExternalId("salesOrder", "BC-demo-" + unknownSku);
        assertThat(replayed.get("total").decimalValue())
                .isEqualByComparingTo(new BigDecimal(store.order(unknownSku).get("total_inc_tax").asText()));

        // a second replay of a delivered record is refused, it is no dead letter any more
        assertThat(bus.post("/api/dead-letters/" + bus.record(unknownSku).id() + "/replay", "").statusCode()).isEqualTo(409);

        // every state change went to Kafka: one delivered event per Sales Order, keyed by the record
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Set<String> deliveredKeys = bus.events("commerce-bus.sync.delivered").stream().map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
            Set<String> expected = new HashSet<>();
            good.forEach(id -> expected.add("bigcommerce/demo/order/" + id));
            expected.add("bigcommerce/demo/order/" + unknownSku);
            assertThat(deliveredKeys).containsAll(expected);
        });
        List<ConsumerRecord<String, String>> deadEvents = bus.events("commerce-bus.sync.dead");
        assertThat(deadEvents).extracting(ConsumerRecord::key).contains("bigcommerce/demo/order/" + drift);
        JsonNode driftEvent = Json.mapper().readTree(deadEvents.stream()
                .filter(e -> e.key().equals("bigcommerce/demo/order/" + drift)).findFirst().orElseThrow().value());
        assertThat(driftEvent.get("reason").asText()).isEqualTo("TOTAL_DRIFT");
        assertThat(driftEvent.get("state").asText()).isEqualTo("DEAD");
        assertThat(driftEvent.get("eventId").asText()).isNotBlank();
    }
}
