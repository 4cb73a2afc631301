package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.commercebus.sandbox.Sandboxes;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulated user-event script: batched, signed POSTs shortly after available quantities change. */
class StockNotificationTest {

    NetSuiteSandbox sandbox;
    NetSuiteCalls calls;
    Receiver receiver;

    @BeforeEach
    void start() throws IOException {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        calls = new NetSuiteCalls(sandbox);
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    @Test
    void changesOfAvailabilityArriveBatchedWithTheSecret() throws Exception {
        sandbox.notifyStockChanges(receiver.url(), "s3cret");
        String mug = calls.itemId("MUG-11OZ");
        String cap = calls.itemId("CAP-ONE");
        Instant before = Instant.now().minusSeconds(1);

        sandbox.adjustStock("MUG-11OZ", 1, BigDecimal.valueOf(-1));
        sandbox.adjustStock("CAP-ONE", 2, BigDecimal.valueOf(5));
        sandbox.adjustStock("MUG-11OZ", 3, BigDecimal.valueOf(2));

        Receiver.Request request = receiver.next();
        assertThat(request.secret()).isEqualTo("s3cret");
        assertThat(request.contentType()).startsWith("application/json");
        JsonNode body = request.json();
        assertThat(body.get("type").asText()).isEqualTo("inventory");
        assertThat(body.get("items")).extracting(JsonNode::asText).containsExactly(mug, cap);
        assertThat(Instant.parse(body.get("occurredAt").asText())).isAfter(before);
        assertThat(receiver.poll(600)).as("one batch for the three changes").isNull();

        // a Sales Order committing stock is a change too; one committing nothing (Do Not Commit) is not
        String customer = calls.customer("notify@example.com");
        ObjectNode order = calls.json.createObjectNode();
        order.putObject("entity").put("id", customer);
        order.putObject("location").put("id", "1");
        ObjectNode line = order.putObject("item").putArray("items").addObject();
        line.putObject("item").put("id", cap);
        line.put("quantity", 1);
        line.putObject("commitInventory").put("id", "3");
        calls.upsert("salesOrder", "SO-N1", order, "item").createdId();
        assertThat(receiver.poll(600)).isNull();
        line.remove("commitInventory");
        calls.upsert("salesOrder", "SO-N1", order, "item").createdId();
        assertThat(receiver.next().json().get("items")).extracting(JsonNode::asText).containsExactly(cap);
        await().atMost(Duration.ofSeconds(2)).until(() -> Long.valueOf(2).equals(sandbox.stats().get("notificationsDelivered")));
    }

    @Test
    void failedDeliveriesAreRetriedAndNeverHoldUpTheChange() throws Exception {
        sandbox.notifyStockChanges(receiver.url(), "s3cret");
        receiver.failures.set(2);
        sandbox.adjustStock("SOCKS-3PK", 1, BigDecimal.ONE);
        receiver.next();
        receiver.next();
        Receiver.Request third = receiver.next();
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.json().get("items")).extracting(JsonNode::asText).containsExactly(calls.itemId("SOCKS-3PK"));
        await().atMost(Duration.ofSeconds(2)).until(() -> Long.valueOf(1).equals(sandbox.stats().get("notificationsDelivered")));
        assertThat(sandbox.stats()).containsEntry("notificationFailedAttempts", 2L);

        // a receiver that does not answer: the change through the REST API is answered at once
        receiver.hang = new CountDownLatch(1);
        ObjectNode adjustment = calls.json.createObjectNode();
        adjustment.putObject("account").put("id", "54");
        ObjectNode l = adjustment.putObject("inventory").putArray("items").addObject();
        l.putObject("item").put("id", calls.itemId("SOCKS-3PK"));
        l.putObject("location").put("id", "2");
        l.put("adjustQtyBy", 3);
        long started = System.nanoTime();
        calls.create("inventoryAdjustment", adjustment).createdId();
        calls.control("POST", "/sandbox/stock", Map.of("item", "SOCKS-3PK", "location", 3, "adjustBy", 1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(receiver.next().json().get("items")).hasSize(1);
        receiver.hang.countDown();

        // stopped: no more notifications
        sandbox.notifyStockChanges(null, null);
        sandbox.adjustStock("SOCKS-3PK", 1, BigDecimal.ONE);
        assertThat(receiver.poll(600)).isNull();
    }

    @Test
    void manyChangedItemsAreSentInBatchesOfAThousand() throws Exception {
        NetSuiteSandbox.SeededItems seeded = sandbox.seedItems(1500, List.of(1), 3);
        assertThat(receiver.poll(400)).as("seeding notifies nobody").isNull();
        calls.control("POST", "/sandbox/stock-notifications", Map.of("url", receiver.url().toString(), "secret", "x"));
        for (int id = seeded.firstId(); id <= seeded.lastId(); id++) {
            sandbox.adjustStock(Integer.toString(id), 1, BigDecimal.ONE);
        }
        List<String> items = new ArrayList<>();
        while (items.size() < 1500) {
            JsonNode batch = receiver.next().json().get("items");
            assertThat(batch.size()).isBetween(1, 1000);
            batch.forEach(i -> items.add(i.asText()));
        }
        assertThat(items).doesNotHaveDuplicates().hasSize(1500);
        assertThat(receiver.poll(600)).isNull();
    }

    /** A notification destination: records requests; fails the first {@code failures} with 500; may hang. */
    static final class Receiver implements AutoCloseable {

        record Request(String secret, String contentType, String body, int status) {
            JsonNode json() throws IOException {
                return Json.mapper().readTree(body);
            }
        }

        final AtomicInteger failures = new AtomicInteger();
        volatile CountDownLatch hang;
        private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                int status = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                requests.add(new Request(exchange.getRequestHeaders().getFirst("X-Commerce-Bus-Secret"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body, status));
                CountDownLatch h = hang;
                if (h != null) {
                    try {
                        h.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/netsuite/inventory");
        }

        Request next() throws InterruptedException {
            Request r = requests.poll(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no notification within 5 s");
            }
            return r;
        }

        Request poll(long millis) throws InterruptedException {
            return requests.poll(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            CountDownLatch h = hang;
            if (h != null) {
                h.countDown();
            }
            server.stop(0);
        }
    }
}
