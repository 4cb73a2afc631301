package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The transactions as SuiteQL's {@code transaction} and {@code transactionline} tables read them,
 * indexed by what the bus filters on: internal id, type, external id (exact or by prefix) and last
 * modification. Rows hold the live records; the {@link RecordStore}'s monitor guards them.
 */
final class TransactionIndex {

    /** A transaction: its record type, internal id and (live) record. */
    static final class Tx {
        final String recordType;
        final long id;
        final ObjectNode record;
        /** As indexed (the live record may since have changed). */
        final String externalId;
        final Instant lastModified;

        Tx(String recordType, ObjectNode record) {
            this.recordType = recordType;
            this.id = Long.parseLong(record.path("id").asText("0"));
            this.record = record;
            this.externalId = record.path("externalId").asText(null);
            this.lastModified = instant(record.path("lastModifiedDate").asText(null));
        }

        String code() {
            return TransactionTypes.of(recordType).code();
        }
    }

    private final TreeMap<Long, Tx> byId = new TreeMap<>();
    private final Map<String, TreeMap<Long, Tx>> byCode = new HashMap<>();
    private final TreeMap<String, List<Tx>> byExternalId = new TreeMap<>();
    private final TimeIndex<Tx> byModified = new TimeIndex<>(t -> t.lastModified);

    /** Indexes a transaction saved (again): call after every change of the record. */
    void put(String recordType, ObjectNode record) {
        Tx tx = new Tx(recordType, record);
        remove(tx.id);
        byId.put(tx.id, tx);
        byCode.computeIfAbsent(tx.code(), c -> new TreeMap<>()).put(tx.id, tx);
        if (tx.externalId != null) {
            byExternalId.computeIfAbsent(tx.externalId, e -> new ArrayList<>(1)).add(tx);
        }
        byModified.add(tx);
    }

    void clear() {
        byId.clear();
        byCode.clear();
        byExternalId.clear();
        byModified.clear();
    }

    Collection<Tx> all() {
        return byId.values();
    }

    NavigableMap<Long, Tx> byId() {
        return byId;
    }

    Tx get(long id) {
        return byId.get(id);
    }

    /** Transactions of these SuiteQL type codes, by id. */
    List<Tx> ofTypes(Collection<String> codes) {
        List<Tx> out = new ArrayList<>();
        codes.stream().distinct().forEach(c -> out.addAll(byCode.getOrDefault(c, new TreeMap<>()).values()));
        return out;
    }

    List<Tx> withExternalIds(Collection<String> externalIds) {
        List<Tx> out = new ArrayList<>();
        externalIds.stream().distinct().forEach(e -> out.addAll(byExternalId.getOrDefault(e, List.of())));
        return out;
    }

    List<Tx> withExternalIdPrefix(String prefix) {
        List<Tx> out = new ArrayList<>();
        byExternalId.subMap(prefix, true, prefix + Character.MAX_VALUE, true).values().forEach(out::addAll);
        return out;
    }

    TimeIndex<Tx> byModified() {
        return byModified;
    }

    private void remove(long id) {
        Tx old = byId.remove(id);
        if (old == null) {
            return;
        }
        TreeMap<Long, Tx> sameType = byCode.get(old.code());
        if (sameType != null) {
            sameType.remove(id);
        }
        List<Tx> sameExternalId = old.externalId == null ? null : byExternalId.get(old.externalId);
        if (sameExternalId != null) {
            sameExternalId.remove(old);
            if (sameExternalId.isEmpty()) {
                byExternalId.remove(old.externalId);
            }
        }
        byModified.remove(old);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
