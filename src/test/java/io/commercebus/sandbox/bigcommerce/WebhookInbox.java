package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.commercebus.support.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A webhook destination for the tests: keeps the JSON body of every delivery. Deliveries run in
 * parallel, so a test asks for the one it expects by scope (and what else it must say) rather than by
 * arrival order.
 */
final class WebhookInbox implements AutoCloseable {

    private final List<JsonNode> received = new ArrayList<>();
    private final HttpServer server;

    WebhookInbox() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = Json.mapper().readTree(in);
                synchronized (received) {
                    received.add(body);
                    received.notifyAll();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** Registers this inbox with the store for these scopes ({@code store/order/*}…), through {@code POST /v3/hooks}. */
    WebhookInbox subscribe(TestStore store, String... scopes) throws IOException, InterruptedException {
        for (String scope : scopes) {
            store.post("/v3/hooks", "{\"scope\":\"" + scope + "\",\"destination\":\"http://127.0.0.1:" + server.getAddress().getPort()
                    + "/hooks\",\"is_active\":true}");
        }
        return this;
    }

    /** The first delivery of this scope about this order, waiting up to five seconds. */
    JsonNode about(String scope, int orderId) throws InterruptedException {
        return first(scope, b -> b.at("/data/id").asInt() == orderId || b.at("/data/orderId").asInt() == orderId);
    }

    JsonNode first(String scope, Predicate<JsonNode> matching) throws InterruptedException {
        long until = System.currentTimeMillis() + 5000;
        synchronized (received) {
            while (true) {
                for (JsonNode body : received) {
                    if (body.path("scope").asText().equals(scope) && matching.test(body)) {
                        return body;
                    }
                }
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("no " + scope + " webhook within 5 s; received " + received);
                }
                received.wait(left);
            }
        }
    }

    /** Every delivery of this scope about this order so far, after waiting {@code millis} for stragglers. */
    List<JsonNode> all(String scope, int orderId, long millis) throws InterruptedException {
        Thread.sleep(millis);
        synchronized (received) {
            return received.stream().filter(b -> b.path("scope").asText().equals(scope))
                    .filter(b -> b.at("/data/id").asInt() == orderId || b.at("/data/orderId").asInt() == orderId).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
