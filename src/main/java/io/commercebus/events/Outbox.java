package io.commercebus.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.commercebus.db.Transactions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The transactional outbox of sync events (Debezium's outbox pattern without the CDC): events are
 * appended in the ledger's transaction and relayed to Kafka afterwards, so an event exists if and
 * only if its state change was committed, and a Kafka outage only delays publication.
 */
public class Outbox {

    /** A stored event ready to publish. */
    public record Entry(long id, String eventId, String topic, String key, String payload) {
    }

    private final Transactions tx;
    private final ObjectMapper json;
    private final String topicPrefix;

    public Outbox(Transactions tx, ObjectMapper json, String topicPrefix) {
        this.tx = tx;
        this.json = json;
        this.topicPrefix = topicPrefix;
    }

    public String topicFor(String kind) {
        return topicPrefix + kind;
    }

    /** Appends within the caller's transaction. */
    public void append(Connection c, SyncEvent event, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sync_event_outbox (event_id, topic, record_key, payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, event.eventId());
            ps.setString(2, topicFor(event.kind()));
            ps.setString(3, event.recordKey());
            ps.setString(4, toJson(event));
            ps.setTimestamp(5, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    /** The oldest unpublished events, in commit order per record. */
    public List<Entry> next(int max) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, event_id, topic, record_key, payload FROM sync_event_outbox ORDER BY id FETCH FIRST ? ROWS ONLY")) {
                ps.setInt(1, max);
                List<Entry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
                return out;
            }
        });
    }

    /** Removes events Kafka has acknowledged. */
    public int published(List<Entry> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_event_outbox WHERE id = ?")) {
                for (Entry e : entries) {
                    ps.setLong(1, e.id());
                    ps.addBatch();
                }
                int n = 0;
                for (int r : ps.executeBatch()) {
                    n += Math.max(r, 0);
                }
                return n;
            }
        });
    }

    public long backlog() {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sync_event_outbox");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private String toJson(SyncEvent event) throws SQLException {
        try {
            return json.writeValueAsString(event.body());
        } catch (JsonProcessingException e) {
            throw new SQLException("Cannot serialise sync event " + event.eventId(), e);
        }
    }
}
