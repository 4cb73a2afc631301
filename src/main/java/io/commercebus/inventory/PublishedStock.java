package io.commercebus.inventory;

import io.commercebus.db.DataAccessException;
import io.commercebus.db.Transactions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stock number each store last accepted per SKU ({@code published_stock}): what a new computation
 * is compared with, so that only changed numbers are pushed.
 */
public class PublishedStock {

    private static final int CHUNK = 500;

    private final Transactions tx;
    private final Clock clock;

    public PublishedStock(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** The published numbers of these SKUs; SKUs never published are absent. */
    public Map<String, Integer> quantities(String store, Collection<String> skus) {
        Map<String, Integer> out = new HashMap<>();
        List<String> all = new ArrayList<>(skus);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT sku, quantity FROM published_stock WHERE store = ?"
                        + " AND sku IN (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
                    ps.setString(1, store);
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 2, chunk.get(i));
                    }
                    read(ps, out);
                }
                return null;
            });
        }
        return out;
    }

    /** Every published number of the store. */
    public Map<String, Integer> all(String store) {
        Map<String, Integer> out = new HashMap<>();
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sku, quantity FROM published_stock WHERE store = ?")) {
                ps.setString(1, store);
                read(ps, out);
            }
            return null;
        });
        return out;
    }

    /** Records numbers the store has accepted. */
    public void record(String store, Collection<StockLevel> levels) {
        if (levels.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                tx.inTransaction(c -> upsert(c, store, List.copyOf(levels)));
                return;
            } catch (DataAccessException e) {
                // another instance inserted one of these SKUs at the same moment: the second try updates it
                if (!e.isUniqueViolation() || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private Void upsert(Connection c, String store, List<StockLevel> levels) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        List<StockLevel> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE published_stock SET quantity = ?, netsuite_item_id = ?,"
                + " published_at = ? WHERE store = ? AND sku = ?")) {
            for (StockLevel level : levels) {
                ps.setInt(1, level.quantity());
                ps.setString(2, level.netsuiteItemId());
                ps.setTimestamp(3, now);
                ps.setString(4, store);
                ps.setString(5, level.sku());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    missing.add(levels.get(i));
                }
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO published_stock (store, sku, quantity,"
                    + " netsuite_item_id, published_at) VALUES (?, ?, ?, ?, ?)")) {
                for (StockLevel level : missing) {
                    ps.setString(1, store);
                    ps.setString(2, level.sku());
                    ps.setInt(3, level.quantity());
                    ps.setString(4, level.netsuiteItemId());
                    ps.setTimestamp(5, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return null;
    }

    private static void read(PreparedStatement ps, Map<String, Integer> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
    }
}
