package io.commercebus.catalog;

import io.commercebus.db.Transactions;
import io.commercebus.db.Upserts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SKU cross-reference ({@code sku_xref}): per store and SKU, the marketplace's product and variant
 * ids and the NetSuite item behind them. Pushes address variants by id without searching the store,
 * and orders resolve their items without a NetSuite lookup.
 */
public class SkuXref {

    private static final int CHUNK = 500;

    /** One SKU of one store. Ids not known yet are null. */
    public record Entry(String store, String sku, String productId, String variantId, String netsuiteItemId,
                        Instant updatedAt) {

        public Entry(String store, String sku, String productId, String variantId, String netsuiteItemId) {
            this(store, sku, productId, variantId, netsuiteItemId, null);
        }
    }

    private final Transactions tx;
    private final Clock clock;

    public SkuXref(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** The entries of these SKUs, by SKU. */
    public Map<String, Entry> find(String store, Collection<String> skus) {
        Map<String, Entry> out = new HashMap<>();
        List<String> all = List.copyOf(skus);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            for (Entry e : select("WHERE store = ? AND sku IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                    + ")", store, chunk)) {
                out.put(e.sku(), e);
            }
        }
        return out;
    }

    /** Every SKU of one marketplace product in the store. */
    public List<Entry> ofProduct(String store, String productId) {
        return select("WHERE store = ? AND product_id = ?", store, List.of(productId));
    }

    /** Every SKU of the store that comes from these NetSuite items. */
    public List<Entry> ofNetSuiteItem(String store, String netsuiteItemId) {
        return select("WHERE store = ? AND netsuite_item_id = ?", store, List.of(netsuiteItemId));
    }

    /** Entries for operators, filtered by whichever of store, SKU and NetSuite item id is given, by store and SKU. */
    public List<Entry> list(String store, String sku, String netsuiteItemId, int limit, int offset) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        for (String[] filter : new String[][] {{"store", store}, {"sku", sku}, {"netsuite_item_id", netsuiteItemId}}) {
            if (filter[1] != null && !filter[1].isBlank()) {
                where.append(" AND ").append(filter[0]).append(" = ?");
                args.add(filter[1]);
            }
        }
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT store, sku, product_id, variant_id, netsuite_item_id,"
                    + " updated_at FROM sku_xref " + where + " ORDER BY store, sku LIMIT ? OFFSET ?")) {
                int i = 1;
                for (String arg : args) {
                    ps.setString(i++, arg);
                }
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                return read(ps);
            }
        });
    }

    /** Records entries; a given id replaces the stored one, a null id keeps it. */
    public void put(Collection<Entry> entries) {
        // one row per store and SKU: later entries fill in what earlier ones lacked
        Map<String, Entry> merged = new LinkedHashMap<>();
        for (Entry e : entries) {
            merged.merge(e.store() + '\u0000' + e.sku(), e, (a, b) -> new Entry(a.store(), a.sku(),
                    b.productId() != null ? b.productId() : a.productId(), b.variantId() != null ? b.variantId() : a.variantId(),
                    b.netsuiteItemId() != null ? b.netsuiteItemId() : a.netsuiteItemId()));
        }
        Timestamp now = Timestamp.from(clock.instant());
        Upserts.run(tx, List.copyOf(merged.values()),
                "UPDATE sku_xref SET product_id = COALESCE(?, product_id), variant_id = COALESCE(?, variant_id),"
                        + " netsuite_item_id = COALESCE(?, netsuite_item_id), updated_at = ? WHERE store = ? AND sku = ?",
                (ps, e) -> {
                    ps.setString(1, e.productId());
                    ps.setString(2, e.variantId());
                    ps.setString(3, e.netsuiteItemId());
                    ps.setTimestamp(4, now);
                    ps.setString(5, e.store());
                    ps.setString(6, e.sku());
                },
                "INSERT INTO sku_xref (store, sku, product_id, variant_id, netsuite_item_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (ps, e) -> {
                    ps.setString(1, e.store());
                    ps.setString(2, e.sku());
                    ps.setString(3, e.productId());
                    ps.setString(4, e.variantId());
                    ps.setString(5, e.netsuiteItemId());
                    ps.setTimestamp(6, now);
                });
    }

    private List<Entry> select(String where, String first, List<String> rest) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT store, sku, product_id, variant_id, netsuite_item_id,"
                    + " updated_at FROM sku_xref " + where)) {
                ps.setString(1, first);
                for (int i = 0; i < rest.size(); i++) {
                    ps.setString(i + 2, rest.get(i));
                }
                return read(ps);
            }
        });
    }

    private static List<Entry> read(PreparedStatement ps) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(6);
                out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        at == null ? null : at.toInstant()));
            }
        }
        return out;
    }
}
