package io.commercebus.catalog;

import io.commercebus.db.DataAccessException;
import io.commercebus.db.Transactions;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;

/**
 * Operators' "sync now" requests, kept in the database: the instance that answers the request is not
 * necessarily the one that runs the publications (with several instances only the leader does), so
 * the request waits here until the scheduled route takes it.
 */
public class RunRequests {

    private final Transactions tx;
    private final Clock clock;

    public RunRequests(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Asks for a run of the stream (e.g. inventory) at the next tick, whichever instance runs it. */
    public void request(String stream) {
        Timestamp now = Timestamp.from(clock.instant());
        try {
            tx.inTransaction(c -> {
                try (PreparedStatement update = c.prepareStatement("UPDATE run_request SET requested_at = ? WHERE stream = ?")) {
                    update.setTimestamp(1, now);
                    update.setString(2, stream);
                    if (update.executeUpdate() == 1) {
                        return null;
                    }
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO run_request (stream, requested_at) VALUES (?, ?)")) {
                    insert.setString(1, stream);
                    insert.setTimestamp(2, now);
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (DataAccessException e) {
            // another instance inserted the same request at this moment: one request is enough
            if (!e.isUniqueViolation()) {
                throw e;
            }
        }
    }

    /** Takes the stream's pending request: true once per request. */
    public boolean take(String stream) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM run_request WHERE stream = ?")) {
                ps.setString(1, stream);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
