package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a merchant's user-event script would do on every record that changes stock: tell the bus
 * which items' available quantity changed. Changes are gathered for {@code debounce} after the last
 * one (at most {@code maxDelay} after the first), then POSTed as
 * {@code {"type":"inventory","items":["<internal id>",...],"occurredAt":"<ISO instant>"}} with the
 * header {@code X-Commerce-Bus-Secret}, at most {@value #MAX_ITEMS} items a request. A failed
 * delivery (no answer, or not 2xx) is retried {@value #RETRIES} times with growing pauses, then
 * logged and dropped; nothing of it ever holds up the request that changed the stock.
 */
final class StockNotifier implements AutoCloseable {

    static final int MAX_ITEMS = 1000;
    static final int RETRIES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(StockNotifier.class);

    private record Target(URI url, String secret) {
    }

    private final ObjectMapper json = Json.mapper();
    private HttpClient http;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "netsuite-sandbox-stock-notifier");
        t.setDaemon(true);
        return t;
    });
    private final Duration debounce;
    private final Duration maxDelay;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Target target;
    private final Set<Integer> pending = new TreeSet<>();
    private Instant lastChange;
    private long firstPendingNanos;
    private ScheduledFuture<?> flush;

    StockNotifier(Duration debounce, Duration maxDelay) {
        this.debounce = debounce;
        this.maxDelay = maxDelay;
    }

    /** Where to POST, and the secret to send; a null url stops notifying. */
    synchronized void target(URI url, String secret) {
        this.target = url == null ? null : new Target(url, secret);
        if (url != null && http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        }
        if (url == null) {
            pending.clear();
        }
    }

    /** Items whose availability changed at {@code at}. Cheap: never waits for the network. */
    synchronized void changed(Set<Integer> items, Instant at) {
        if (target == null) {
            return;
        }
        long now = System.nanoTime();
        if (pending.isEmpty()) {
            firstPendingNanos = now;
        }
        pending.addAll(items);
        lastChange = lastChange == null || at.isAfter(lastChange) ? at : lastChange;
        if (flush != null) {
            flush.cancel(false);
        }
        long due = Math.min(debounce.toNanos(), firstPendingNanos + maxDelay.toNanos() - now);
        flush = timer.schedule(this::flush, Math.max(0, due), TimeUnit.NANOSECONDS);
    }

    private void flush() {
        List<Integer> items;
        Instant occurredAt;
        Target to;
        synchronized (this) {
            if (pending.isEmpty() || target == null) {
                return;
            }
            items = new ArrayList<>(pending);
            pending.clear();
            occurredAt = lastChange;
            lastChange = null;
            flush = null;
            to = target;
        }
        for (int from = 0; from < items.size(); from += MAX_ITEMS) {
            List<String> ids = items.subList(from, Math.min(items.size(), from + MAX_ITEMS)).stream()
                    .map(String::valueOf).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "inventory");
            body.put("items", ids);
            body.put("occurredAt", occurredAt.toString());
            try {
                send(to, json.writeValueAsString(body), 1);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void send(Target to, String body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(to.url())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Commerce-Bus-Secret", to.secret() == null ? "" : to.secret())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpClient client;
        synchronized (this) {
            client = http;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                return;
            }
            failedAttempts.incrementAndGet();
            String why = error != null ? error.toString() : "HTTP " + response.statusCode();
            if (attempt <= RETRIES && !timer.isShutdown()) {
                long pause = 200L << (attempt - 1);
                LOG.warn("NetSuite sandbox stock notification to {} failed ({}); retry {} of {} in {} ms", to.url(), why,
                        attempt, RETRIES, pause);
                timer.schedule(() -> send(to, body, attempt + 1), pause, TimeUnit.MILLISECONDS);
            } else {
                dropped.incrementAndGet();
                LOG.error("NetSuite sandbox gave up notifying {} of stock changes after {} attempts ({}): {}", to.url(),
                        attempt, why, body);
            }
        });
    }

    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("notificationsDelivered", delivered.get());
        stats.put("notificationFailedAttempts", failedAttempts.get());
        stats.put("notificationsDropped", dropped.get());
        return stats;
    }

    void resetStats() {
        delivered.set(0);
        failedAttempts.set(0);
        dropped.set(0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
