package io.commercebus.alerts;

import io.commercebus.config.StoreSettings;
import io.commercebus.db.Transactions;
import io.commercebus.events.Outbox;
import io.commercebus.events.SyncEvent;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.RecordState;
import io.commercebus.reconciliation.Gaps;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells people when the bus needs them: when the backlog (records waiting to be fetched, mapped or
 * delivered), the dead letters or a store's open reconciliation gaps pass their threshold. An alert fires
 * once when its number crosses the threshold and resolves once it is back under it, each time as a log
 * line, an {@code alert} event on Kafka and, where {@code bus.alerts.webhook-url} is set, a JSON POST
 * there (a chat or paging hook).
 */
public class Alerts {

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    private static final Set<RecordState> BACKLOG = Set.of(RecordState.RECEIVED, RecordState.MAPPED, RecordState.FAILED);

    /** The thresholds: an alert fires when its number is above. */
    public record Thresholds(long backlog, long deadLetters, long gaps) {
    }

    private final Ledger ledger;
    private final Gaps gaps;
    private final StoreSettings stores;
    private final Transactions tx;
    private final Outbox outbox;
    private final Thresholds thresholds;
    private final URI webhook;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Boolean> firing = new ConcurrentHashMap<>();

    public Alerts(Ledger ledger, Gaps gaps, StoreSettings stores, Transactions tx, Outbox outbox, Thresholds thresholds,
                  URI webhook, HttpClient http, Clock clock) {
        this.ledger = ledger;
        this.gaps = gaps;
        this.stores = stores;
        this.tx = tx;
        this.outbox = outbox;
        this.thresholds = thresholds;
        this.webhook = webhook;
        this.http = http;
        this.clock = clock;
    }

    /** Checks every number against its threshold; returns the alerts that fired or resolved now. */
    public List<Map<String, Object>> check() {
        List<Map<String, Object>> changed = new ArrayList<>();
        Map<RecordState, Long> states = ledger.countByState(null);
        long backlog = BACKLOG.stream().mapToLong(s -> states.getOrDefault(s, 0L)).sum();
        evaluate("backlog", "all", backlog, thresholds.backlog(), "records wait to be fetched, mapped or delivered",
                changed);
        evaluate("dead-letters", "all", states.getOrDefault(RecordState.DEAD, 0L), thresholds.deadLetters(),
                "records are in the dead-letter channel (GET /api/dead-letters)", changed);
        Map<String, Long> open = gaps.openCounts();
        for (String store : stores.ids()) {
            String own = stores.get(store, "alerts.gap-threshold");
            long threshold = own == null ? thresholds.gaps() : Long.parseLong(own.trim());
            evaluate("reconciliation-gaps", store, open.getOrDefault(store, 0L), threshold,
                    "reconciliation gaps are open for store " + store + " (/reconciliation?store=" + store + ")", changed);
        }
        return changed;
    }

    private void evaluate(String alert, String scope, long value, long threshold, String what, List<Map<String, Object>> changed) {
        String key = alert + "/" + scope;
        boolean above = value > threshold;
        if (above == firing.getOrDefault(key, false)) {
            return;
        }
        firing.put(key, above);
        Instant now = clock.instant();
        String eventId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("kind", "alert");
        body.put("occurredAt", now.toString());
        body.put("alert", alert);
        body.put("scope", scope);
        body.put("state", above ? "firing" : "resolved");
        body.put("value", value);
        body.put("threshold", threshold);
        body.put("message", value + " " + what + (above ? ", above the threshold of " : ", back within the threshold of ")
                + threshold);
        if (above) {
            LOG.warn("ALERT {} ({}): {}", alert, scope, body.get("message"));
        } else {
            LOG.info("Alert {} ({}) resolved: {}", alert, scope, body.get("message"));
        }
        tx.inTransaction(c -> {
            outbox.append(c, new SyncEvent(eventId, "alert", "alert/" + key, body), now);
            return null;
        });
        notifyWebhook(body);
        changed.add(body);
    }

    private void notifyWebhook(Map<String, Object> body) {
        if (webhook == null) {
            return;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                LOG.warn("The alert webhook {} answered {}; the alert is on Kafka and in the log", webhook, response.statusCode());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("The alert webhook {} could not be reached ({}); the alert is on Kafka and in the log", webhook, e.toString());
        }
    }
}
