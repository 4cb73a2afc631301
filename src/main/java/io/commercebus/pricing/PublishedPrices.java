package io.commercebus.pricing;

import io.commercebus.db.Transactions;
import io.commercebus.db.Upserts;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The prices each store last accepted ({@code published_price}), so that only changed prices are pushed. */
public class PublishedPrices {

    private static final int CHUNK = 500;

    private final Transactions tx;
    private final Clock clock;

    public PublishedPrices(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Published prices of these SKUs, keyed by {@link #key}. */
    public Map<String, BigDecimal> prices(String store, Collection<String> skus) {
        Map<String, BigDecimal> out = new HashMap<>();
        List<String> all = List.copyOf(skus);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT sku, price_list, currency, price FROM published_price"
                        + " WHERE store = ? AND sku IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                    ps.setString(1, store);
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(key(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getBigDecimal(4));
                        }
                    }
                }
                return null;
            });
        }
        return out;
    }

    public static String key(String sku, String priceList, String currency) {
        return sku + '\u0000' + priceList + '\u0000' + currency;
    }

    public static String key(PriceUpdate update) {
        return key(update.sku(), update.priceList(), update.currency());
    }

    /** Records prices the store has accepted. */
    public void record(String store, Collection<PriceUpdate> updates) {
        Timestamp now = Timestamp.from(clock.instant());
        Upserts.run(tx, List.copyOf(updates),
                "UPDATE published_price SET price = ?, published_at = ? WHERE store = ? AND sku = ? AND price_list = ?"
                        + " AND currency = ?",
                (ps, u) -> {
                    ps.setBigDecimal(1, u.price());
                    ps.setTimestamp(2, now);
                    ps.setString(3, store);
                    ps.setString(4, u.sku());
                    ps.setString(5, u.priceList());
                    ps.setString(6, u.currency());
                },
                "INSERT INTO published_price (store, sku, price_list, currency, price, published_at) VALUES (?, ?, ?, ?, ?, ?)",
                (ps, u) -> {
                    ps.setString(1, store);
                    ps.setString(2, u.sku());
                    ps.setString(3, u.priceList());
                    ps.setString(4, u.currency());
                    ps.setBigDecimal(5, u.price());
                    ps.setTimestamp(6, now);
                });
    }
}
