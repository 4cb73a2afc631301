package io.commercebus.inventory;

import io.commercebus.db.Transactions;
import io.commercebus.db.Upserts;

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
        Timestamp now = Timestamp.from(clock.instant());
        Upserts.run(tx, List.copyOf(levels),
                "UPDATE published_stock SET quantity = ?, netsuite_item_id = ?, published_at = ? WHERE store = ? AND sku = ?",
                (ps, level) -> {
                    ps.setInt(1, level.quantity());
                    ps.setString(2, level.netsuiteItemId());
                    ps.setTimestamp(3, now);
                    ps.setString(4, store);
                    ps.setString(5, level.sku());
                },
                "INSERT INTO published_stock (store, sku, quantity, netsuite_item_id, published_at) VALUES (?, ?, ?, ?, ?)",
                (ps, level) -> {
                    ps.setString(1, store);
                    ps.setString(2, level.sku());
                    ps.setInt(3, level.quantity());
                    ps.setString(4, level.netsuiteItemId());
                    ps.setTimestamp(5, now);
                });
    }

    private static void read(PreparedStatement ps, Map<String, Integer> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
    }
}
