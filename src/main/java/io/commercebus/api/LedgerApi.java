package io.commercebus.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.cluster.ScheduledRoutes;
import io.commercebus.events.Outbox;
import io.commercebus.governance.ConcurrencyGovernor;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.LedgerQuery;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordState;
import io.commercebus.support.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the REST API ({@code routes/api.camel.yaml}) shows of the ledger: records and their states,
 * the dead-letter channel with its reasons, replays, and the governor's numbers.
 */
public class LedgerApi {

    /** The API's answer for a request it cannot serve: an HTTP status and a message. */
    public static class ApiException extends RuntimeException {
        private final int status;

        public ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int getStatus() {
            return status;
        }
    }

    private final Ledger ledger;
    private final Outbox outbox;
    private final ConcurrencyGovernor governor;
    private final ScheduledRoutes scheduled;

    public LedgerApi(Ledger ledger, Outbox outbox, ConcurrencyGovernor governor, ScheduledRoutes scheduled) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.governor = governor;
        this.scheduled = scheduled;
    }

    public Map<String, Object> records(String state, String reason, String marketplace, String store, String externalId,
                                       Integer limit, Integer offset) {
        List<LedgerRecord> records = ledger.list(query(marketplace, store, parseState(state), reason, externalId, limit, offset));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", records.size());
        out.put("records", records.stream().map(LedgerApi::summary).toList());
        return out;
    }

    public Map<String, Object> deadLetters(String reason, String marketplace, String store, Integer limit, Integer offset) {
        return records(RecordState.DEAD.name(), reason, marketplace, store, null, limit, offset);
    }

    public Map<String, Object> record(long id) {
        LedgerRecord r = ledger.find(id).orElseThrow(() -> new ApiException(404, "No ledger record " + id));
        Map<String, Object> out = summary(r);
        out.put("payload", parse(r.payload()));
        out.put("mapped", parse(r.mapped()));
        return out;
    }

    public Map<String, Object> replay(long id, Boolean refetch) {
        LedgerRecord r = ledger.find(id).orElseThrow(() -> new ApiException(404, "No ledger record " + id));
        if (r.state() != RecordState.DEAD) {
            throw new ApiException(409, "Record " + id + " is " + r.state() + ", not DEAD: only dead letters are replayed");
        }
        ledger.replay(id, Boolean.TRUE.equals(refetch));
        return Map.of("replayed", 1, "record", summary(ledger.find(id).orElseThrow()));
    }

    public Map<String, Object> replayAll(String reason, String marketplace, String store, Boolean refetch) {
        return Map.of("replayed", ledger.replayDead(marketplace, store, reason, Boolean.TRUE.equals(refetch)));
    }

    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Long> states = new LinkedHashMap<>();
        ledger.countByState(null).forEach((k, v) -> states.put(k.name(), v));
        out.put("records", states);
        out.put("eventsAwaitingPublication", outbox.backlog());
        Map<String, Object> netsuite = new LinkedHashMap<>();
        netsuite.put("account", governor.account());
        netsuite.put("concurrencyLimit", governor.limit());
        netsuite.put("permitsLent", governor.effectiveLimit());
        netsuite.put("inUse", governor.inUse());
        netsuite.put("maxInUse", governor.maxInUse());
        netsuite.put("waiting", governor.waiting());
        netsuite.put("requests", governor.granted());
        netsuite.put("throttled", governor.throttledCount());
        netsuite.put("sharedLimit", governor.isShared());
        if (governor.isShared()) {
            netsuite.put("inUseByAllInstances", governor.sharedInUse());
        }
        out.put("netsuite", netsuite);
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("node", scheduled.nodeId());
        instance.put("clustered", scheduled.isClustered());
        instance.put("runsScheduledRoutes", scheduled.isLeader());
        out.put("instance", instance);
        return out;
    }

    private static LedgerQuery query(String marketplace, String store, RecordState state, String reason, String externalId,
                                     Integer limit, Integer offset) {
        int l = limit == null ? 100 : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > LedgerQuery.MAX_LIMIT || o < 0) {
            throw new ApiException(400, "limit must be 1.." + LedgerQuery.MAX_LIMIT + " and offset not negative");
        }
        return new LedgerQuery(marketplace, store, null, state, reason, externalId, l, o);
    }

    private static RecordState parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return RecordState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Unknown state '" + state + "': use one of " + List.of(RecordState.values()));
        }
    }

    private static Map<String, Object> summary(LedgerRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("marketplace", r.key().marketplace());
        out.put("store", r.key().store());
        out.put("recordType", r.key().recordType());
        out.put("externalId", r.key().externalId());
        out.put("state", r.state().name());
        out.put("reason", r.reason());
        out.put("lastError", r.lastError());
        out.put("attempts", r.attempts());
        out.put("fetchPending", r.fetchPending());
        out.put("nextAttemptAt", r.nextAttemptAt() == null ? null : r.nextAttemptAt().toString());
        if (r.netsuiteId() != null) {
            out.put("netsuite", Map.of("type", r.netsuiteType(), "id", r.netsuiteId(),
                    "externalId", r.netsuiteExternalId() == null ? "" : r.netsuiteExternalId()));
        }
        out.put("createdAt", r.createdAt().toString());
        out.put("updatedAt", r.updatedAt().toString());
        return out;
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            return Json.mapper().getNodeFactory().textNode(json);
        }
    }
}
