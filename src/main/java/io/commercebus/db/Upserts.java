package io.commercebus.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Batched upserts in portable SQL (the same on H2 and PostgreSQL): one batch of updates, then one
 * batch of inserts for the rows no update touched, in one transaction. When another instance inserts
 * one of the rows at the same moment, the whole upsert is tried once more and then updates it.
 */
public final class Upserts {

    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private Upserts() {
    }

    public static <T> void run(Transactions tx, List<T> rows, String update, Binder<T> updateBinder, String insert,
                               Binder<T> insertBinder) {
        if (rows.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                tx.inTransaction(c -> upsert(c, rows, update, updateBinder, insert, insertBinder));
                return;
            } catch (DataAccessException e) {
                if (!e.isUniqueViolation() || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private static <T> Void upsert(Connection c, List<T> rows, String update, Binder<T> updateBinder, String insert,
                                   Binder<T> insertBinder) throws SQLException {
        List<T> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(update)) {
            for (T row : rows) {
                updateBinder.bind(ps, row);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    missing.add(rows.get(i));
                }
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (T row : missing) {
                    insertBinder.bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return null;
    }
}
