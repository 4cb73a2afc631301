package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.ledger.LedgerQuery;
import io.commercebus.ledger.RecordState;
import io.commercebus.support.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** BigCommerce webhook intake: durable before acknowledged, idempotent, and strict with bad deliveries. */
class WebhookIntakeTest {

    static final String PATH = "/webhooks/bigcommerce/demo";
    static final String[] SECRET = {"X-Commerce-Bus-Secret", TestBus.WEBHOOK_SECRET, "Content-Type", "application/json"};

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
    void aDuplicatedOrReplayedWebhookMakesOneSalesOrder() {
        int id = bus.store().placeOrder(Orders.order("dup@example.com", "Dupe", 77, 1));
        String body = bus.webhook("store/order/created", id, Instant.now().getEpochSecond());

        // the store sends it again and again, some at the same moment
        List<CompletableFuture<HttpResponse<String>>> deliveries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            deliveries.add(CompletableFuture.supplyAsync(() -> bus.post(PATH, body, SECRET)));
        }
        deliveries.forEach(d -> assertThat(d.join().statusCode()).isEqualTo(200));
        bus.awaitSettled(List.of(id), Duration.ofSeconds(30));
        // and once more after delivery, as a retry of an old delivery would
        assertThat(bus.post(PATH, body, SECRET).statusCode()).isEqualTo(200);
        bus.awaitSettled(List.of(id), Duration.ofSeconds(30));

        assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED);
        assertThat(bus.ledger().list(new LedgerQuery("bigcommerce", "demo", "order", null, null, Integer.toString(id), 10, 0)))
                .hasSize(1);
        assertThat(bus.netsuite().writes("salesOrder", "BC-demo-" + id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(bus.events("commerce-bus.sync.delivered")).filteredOn(e -> e.key().equals("bigcommerce/demo/order/" + id))
                        .hasSize(1));
    }

    @Test
    void aWebhookOlderThanTheStoredOrderChangesNothing() {
        int id = bus.store().placeOrder(Orders.order("old@example.com", "Olga", 78, 1));
        bus.awaitSettled(List.of(id), Duration.ofSeconds(30));

        HttpResponse<String> response = bus.post(PATH, bus.webhook("store/order/updated", id,
                Instant.now().minus(Duration.ofHours(2)).getEpochSecond()), SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(bus.json(response).get("ledger").asText()).isEqualTo("UP_TO_DATE");
        assertThat(bus.record(id).fetchPending()).isFalse();
    }

    @Test
    void anUpdatedOrderUpdatesItsOneSalesOrderAndAStatusChangeAloneCostsNoNetSuiteRequest() {
        int id = bus.store().placeOrder(Orders.order("upd@example.com", "Uma", 81, 1));
        bus.awaitSettled(List.of(id), Duration.ofSeconds(30));
        String firstHash = bus.record(id).payloadHash();

        bus.store().updateOrder(id, Json.mapper().createObjectNode().put("payment_method", "Bank transfer").put("staff_notes", "gift"));

        awaitNewVersionSettled(id, firstHash);
        assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED);
        assertThat(bus.netsuite().writes("salesOrder", "BC-demo-" + id)).isEqualTo(2);
        assertThat(bus.netsuite().recordByExternalId("salesOrder", "BC-demo-" + id).get("memo").asText()).contains("Bank transfer");
        assertThat(bus.netsuite().records("salesOrder")).filteredOn(so -> so.get("externalId").asText().equals("BC-demo-" + id))
                .hasSize(1);

        String secondHash = bus.record(id).payloadHash();
        bus.store().updateOrder(id, Json.mapper().createObjectNode().put("status_id", 9));

        awaitNewVersionSettled(id, secondHash);
        assertThat(bus.record(id).state()).isEqualTo(RecordState.DELIVERED);
        assertThat(bus.record(id).deliveredHash()).isEqualTo(bus.record(id).payloadHash());
        assertThat(bus.netsuite().writes("salesOrder", "BC-demo-" + id)).isEqualTo(2);
    }

    private static void awaitNewVersionSettled(int id, String previousHash) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !bus.record(id).payloadHash().equals(previousHash)
                && bus.record(id).pendingStage() == null);
    }

    @Test
    void theAcknowledgementComesAfterTheOrderIsStaged() {
        int id = bus.store().placeOrder(Orders.order("ack@example.com", "Abe", 82, 1));

        HttpResponse<String> response = bus.post(PATH, bus.webhook("store/order/created", id, Instant.now().getEpochSecond()), SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(bus.known(id)).isTrue();
    }

    @Test
    void badDeliveriesAreRefusedWithAClearBodyAndStageNothing() {
        int before = allRecords();
        int unknown = 987654;

        assertRefused(bus.post(PATH, "{not json", SECRET), 400, "not valid JSON");
        assertRefused(bus.post(PATH, "[1,2]", SECRET), 400, "not a JSON object");
        assertRefused(bus.post(PATH, bus.webhook("store/product/updated", unknown, 1), SECRET), 422, "unknown scope");
        assertRefused(bus.post(PATH, bus.webhook("store/order/created", unknown, 1).replace("stores/demo1", "stores/other"), SECRET),
                422, "producer");
        assertRefused(bus.post(PATH, bus.webhook("store/order/created", unknown, 1).replace("\"id\":" + unknown, "\"id\":\"x\""),
                SECRET), 422, "data.id");
        assertRefused(bus.post(PATH, bus.webhook("store/order/created", unknown, 1), "Content-Type", "application/json"), 401,
                "X-Commerce-Bus-Secret");
        assertRefused(bus.post(PATH, bus.webhook("store/order/created", unknown, 1), "X-Commerce-Bus-Secret", "guess",
                "Content-Type", "application/json"), 401, "X-Commerce-Bus-Secret");
        assertRefused(bus.post("/webhooks/bigcommerce/nosuchstore", bus.webhook("store/order/created", unknown, 1), SECRET), 404,
                "no BigCommerce store 'nosuchstore'");

        assertThat(bus.known(unknown)).isFalse();
        assertThat(allRecords()).isEqualTo(before);
    }

    @Test
    void responsesCarryNoInternalHeadersAndInboundHeadersCannotSteerTheRoute() {
        int id = bus.store().placeOrder(Orders.order("hdr@example.com", "Hal", 90, 1));

        HttpResponse<String> response = bus.post(PATH, bus.webhook("store/order/created", id, Instant.now().getEpochSecond()),
                "X-Commerce-Bus-Secret", TestBus.WEBHOOK_SECRET, "Content-Type", "application/json",
                "CommerceBusStore", "elsewhere", "CommerceBusExternalId", "1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("commercebus")
                || h.toLowerCase().startsWith("camel") || h.equalsIgnoreCase("store"));
        assertThat(bus.record(id).key().store()).isEqualTo("demo");
    }

    private static int allRecords() {
        return bus.ledger().list(new LedgerQuery(null, null, null, null, null, null, LedgerQuery.MAX_LIMIT, 0)).size();
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("json"));
        JsonNode body = bus.json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).contains(message);
        assertThat(body.get("hint").asText()).isNotBlank();
    }
}
