package io.commercebus.events;

import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordState;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A ledger state change as published to Kafka: one topic per kind (the new state), keyed by the record.
 * Consumers deduplicate on {@code eventId}: delivery is at least once.
 */
public record SyncEvent(String eventId, String kind, String recordKey, Map<String, Object> body) {

    public static SyncEvent of(LedgerRecord record, RecordState previous, String cause, Instant at) {
        String eventId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("kind", record.state().eventKind());
        body.put("occurredAt", at.toString());
        body.put("recordId", record.id());
        body.put("marketplace", record.key().marketplace());
        body.put("store", record.key().store());
        body.put("recordType", record.key().recordType());
        body.put("externalId", record.key().externalId());
        body.put("state", record.state().name());
        body.put("previousState", previous == null ? null : previous.name());
        body.put("attempts", record.attempts());
        if (cause != null) {
            body.put("cause", cause);
        }
        if (record.reason() != null) {
            body.put("reason", record.reason());
        }
        if (record.lastError() != null && record.state() != RecordState.DELIVERED) {
            body.put("error", record.lastError());
        }
        if (record.netsuiteId() != null) {
            Map<String, Object> ns = new LinkedHashMap<>();
            ns.put("type", record.netsuiteType());
            ns.put("id", record.netsuiteId());
            ns.put("externalId", record.netsuiteExternalId());
            body.put("netsuite", ns);
        }
        return new SyncEvent(eventId, record.state().eventKind(), record.key().toString(), body);
    }
}
