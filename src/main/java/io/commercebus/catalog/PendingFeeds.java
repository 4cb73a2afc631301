package io.commercebus.catalog;

import io.commercebus.db.Transactions;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds submitted to marketplaces that process them later (Amazon, Walmart), with what each carried
 * ({@code marketplace_feed}): the published numbers are recorded only once the marketplace says which
 * items it took. An open feed survives a restart and is settled then.
 */
public class PendingFeeds {

    public static final String INVENTORY = "inventory";
    public static final String PRICES = "prices";

    /** One submitted feed; {@code content} is what it carried (JSON of stock levels or prices). */
    public record Feed(long id, String marketplace, String store, String kind, String feedId, String content,
                       Instant submittedAt) {
    }

    private final Transactions tx;
    private final Clock clock;

    public PendingFeeds(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    public void submitted(String marketplace, String store, String kind, String feedId, String content) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO marketplace_feed (marketplace, store, kind, feed_id,"
                    + " content, status, submitted_at) VALUES (?, ?, ?, ?, ?, 'SUBMITTED', ?)")) {
                ps.setString(1, marketplace);
                ps.setString(2, store);
                ps.setString(3, kind);
                ps.setString(4, feedId);
                ps.setString(5, content);
                ps.setTimestamp(6, Timestamp.from(clock.instant()));
                return ps.executeUpdate();
            }
        });
    }

    /** The marketplace's feeds not settled yet, oldest first. */
    public List<Feed> open(String marketplace) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, marketplace, store, kind, feed_id, content, submitted_at"
                    + " FROM marketplace_feed WHERE marketplace = ? AND status = 'SUBMITTED' ORDER BY id")) {
                ps.setString(1, marketplace);
                List<Feed> feeds = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        feeds.add(new Feed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getTimestamp(7).toInstant()));
                    }
                }
                return feeds;
            }
        });
    }

    /** Marks a feed settled ({@code DONE} or {@code FAILED}) with a summary of what the marketplace said. */
    public void settled(long id, String status, String outcome) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE marketplace_feed SET status = ?, outcome = ?, finished_at = ?"
                    + " WHERE id = ?")) {
                ps.setString(1, status);
                ps.setString(2, outcome);
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }
}
