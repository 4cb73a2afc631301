package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers the store's webhooks as BigCommerce does: a small JSON body naming the event and the ids
 * only ({@code {"scope","store_id","data":{"type","id",…},"hash","created_at","producer"}}), the hook's
 * custom headers, and retries with growing delays while the destination does not answer 2xx.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    /** A registered webhook ({@code /v3/hooks}). */
    record Hook(int id, String scope, String destination, boolean active, Map<String, String> headers,
                long createdAt, long updatedAt) {

        boolean matches(String event) {
            if (!active) {
                return false;
            }
            if (scope.endsWith("/*")) {
                return event.startsWith(scope.substring(0, scope.length() - 1));
            }
            return scope.equals(event);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bigcommerce-sandbox-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final String storeHash;
    private final String storeId;
    private final List<Duration> retryDelays;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong nextHookId = new AtomicLong(18048287);

    WebhookSender(String storeHash, String storeId, List<Duration> retryDelays) {
        this.storeHash = storeHash;
        this.storeId = storeId;
        this.retryDelays = retryDelays;
    }

    Hook register(String scope, String destination, boolean active, Map<String, String> headers) {
        long now = Instant.now().getEpochSecond();
        Hook hook = new Hook((int) nextHookId.getAndIncrement(), scope, destination, active, headers, now, now);
        hooks.add(hook);
        return hook;
    }

    Hook update(int id, String scope, String destination, boolean active, Map<String, String> headers) {
        Hook old = find(id);
        if (old == null) {
            return null;
        }
        Hook updated = new Hook(id, scope, destination, active, headers, old.createdAt(), Instant.now().getEpochSecond());
        hooks.set(hooks.indexOf(old), updated);
        return updated;
    }

    Hook remove(int id) {
        Hook hook = find(id);
        if (hook != null) {
            hooks.remove(hook);
        }
        return hook;
    }

    Hook find(int id) {
        for (Hook h : hooks) {
            if (h.id() == id) {
                return h;
            }
        }
        return null;
    }

    List<Hook> hooks() {
        return List.copyOf(hooks);
    }

    long delivered() {
        return delivered.get();
    }

    long failedAttempts() {
        return failedAttempts.get();
    }

    /** Sends the event, its {@code data} as the event defines it, to every active hook whose scope covers it. */
    void publish(String scope, ObjectNode data) {
        long createdAt = Instant.now().getEpochSecond();
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("scope", scope);
        body.put("store_id", storeId);
        body.set("data", data);
        body.put("hash", sha1(scope + "|" + data + "|" + createdAt));
        body.put("created_at", createdAt);
        body.put("producer", "stores/" + storeHash);
        String json;
        try {
            json = Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (Hook hook : hooks) {
            if (hook.matches(scope)) {
                attempt(hook, json, 0);
            }
        }
    }

    private void attempt(Hook hook, String json, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hook.destination()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (Iterator<Map.Entry<String, String>> it = hook.headers().entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> h = it.next();
            request.header(h.getKey(), h.getValue());
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                return;
            }
            failedAttempts.incrementAndGet();
            if (attempt < retryDelays.size()) {
                retries.schedule(() -> attempt(hook, json, attempt + 1), retryDelays.get(attempt).toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                LOG.warn("BigCommerce sandbox gave up delivering a webhook to {} after {} attempts ({})",
                        hook.destination(), attempt + 1, error != null ? error.toString() : "HTTP " + response.statusCode());
            }
        });
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
