package io.commercebus.ledger;

import io.commercebus.db.Transactions;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

/** Persisted positions of catch-up polls (e.g. the last order modification time seen), per store and stream. */
public class Watermarks {

    private final Transactions tx;
    private final Clock clock;

    public Watermarks(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    public Optional<String> get(String marketplace, String store, String stream) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT position FROM sync_watermark WHERE marketplace = ? AND store = ? AND stream = ?")) {
                ps.setString(1, marketplace);
                ps.setString(2, store);
                ps.setString(3, stream);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public void set(String marketplace, String store, String stream, String position) {
        tx.inTransaction(c -> {
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE sync_watermark SET position = ?, updated_at = ? WHERE marketplace = ? AND store = ? AND stream = ?")) {
                update.setString(1, position);
                update.setTimestamp(2, now);
                update.setString(3, marketplace);
                update.setString(4, store);
                update.setString(5, stream);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO sync_watermark (marketplace, store, stream, position, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, marketplace);
                insert.setString(2, store);
                insert.setString(3, stream);
                insert.setString(4, position);
                insert.setTimestamp(5, now);
                insert.executeUpdate();
            }
            return null;
        });
    }
}
