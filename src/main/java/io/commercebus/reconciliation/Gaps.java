package io.commercebus.reconciliation;

import io.commercebus.db.Transactions;
import io.commercebus.events.Outbox;
import io.commercebus.events.SyncEvent;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reconciliation's records: its runs, and the gaps they found, each open until a later run over its
 * period no longer finds it. A gap found for the first time (or again after it was resolved) and a gap
 * resolved are events on Kafka ({@code reconciliation-gap}, {@code reconciliation-resolved}), written in
 * the same transaction as the gap.
 */
public class Gaps {

    /** A gap as stored, with its life: when first and last found, when resolved. */
    public record StoredGap(long id, Gap gap, long firstRun, long lastRun, Instant firstSeen, Instant lastSeen,
                            Instant resolvedAt) {
    }

    /** A run: the store and period it covered, when it ran, and what it counted (JSON). */
    public record Run(long id, String store, String marketplace, Instant from, Instant to, Instant startedAt,
                      Instant finishedAt, String summary) {
    }

    private static final String GAP_COLUMNS = "id, store, marketplace, reason, subject, netsuite_ref, currency, expected,"
            + " actual, amount, detail, occurred_at, first_run, last_run, first_seen, last_seen, resolved_at";

    private final Transactions tx;
    private final Outbox outbox;
    private final Clock clock;

    public Gaps(Transactions tx, Outbox outbox, Clock clock) {
        this.tx = tx;
        this.outbox = outbox;
        this.clock = clock;
    }

    public long startRun(String store, String marketplace, Instant from, Instant to) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reconciliation_run (store, marketplace, period_from,"
                    + " period_to, started_at) VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, store);
                ps.setString(2, marketplace);
                ps.setTimestamp(3, Timestamp.from(from));
                ps.setTimestamp(4, Timestamp.from(to));
                ps.setTimestamp(5, Timestamp.from(clock.instant()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /**
     * Records what a run found: new gaps opened, known ones updated, and the store's open gaps that the run
     * examined again and did not find resolved.
     *
     * @param examined what the run looked at, as {@code REASON/subject}: only those gaps can be resolved by it
     * @return how many gaps were opened (new or found again after being resolved)
     */
    public int finishRun(Run run, String summary, List<Gap> found, Set<String> examined) {
        Instant now = clock.instant();
        return tx.inTransaction(c -> {
            int opened = 0;
            Set<String> seen = new HashSet<>();
            for (Gap gap : found) {
                if (!seen.add(gap.reason() + "/" + gap.subject())) {
                    continue;
                }
                Optional<StoredGap> existing = find(c, gap.store(), gap.reason(), gap.subject());
                if (existing.isEmpty()) {
                    insert(c, gap, run.id(), now);
                    publish(c, "reconciliation-gap", gap, run.id(), now);
                    opened++;
                } else {
                    boolean reopened = existing.get().resolvedAt() != null;
                    update(c, existing.get().id(), gap, run.id(), now);
                    if (reopened) {
                        publish(c, "reconciliation-gap", gap, run.id(), now);
                        opened++;
                    }
                }
            }
            for (StoredGap open : open(c, run.store())) {
                String key = open.gap().reason() + "/" + open.gap().subject();
                if (examined.contains(key) && !seen.contains(key)) {
                    resolve(c, open.id(), now);
                    publish(c, "reconciliation-resolved", open.gap(), run.id(), now);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE reconciliation_run SET finished_at = ?, summary = ? WHERE id = ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, summary);
                ps.setLong(3, run.id());
                ps.executeUpdate();
            }
            return opened;
        });
    }

    public Optional<Run> run(long id) {
        return tx.inTransaction(c -> selectRuns(c, "SELECT id, store, marketplace, period_from, period_to, started_at,"
                + " finished_at, summary FROM reconciliation_run WHERE id = ?", ps -> ps.setLong(1, id)).stream().findFirst());
    }

    /** The store's newest finished run. */
    public Optional<Run> lastRun(String store) {
        return tx.inTransaction(c -> selectRuns(c, "SELECT id, store, marketplace, period_from, period_to, started_at,"
                + " finished_at, summary FROM reconciliation_run WHERE store = ? AND finished_at IS NOT NULL"
                + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", ps -> ps.setString(1, store)).stream().findFirst());
    }

    /** The gaps a run found (still open or not). */
    public List<StoredGap> foundBy(long runId) {
        return tx.inTransaction(c -> select(c, "SELECT " + GAP_COLUMNS + " FROM reconciliation_gap WHERE last_run = ?"
                + " ORDER BY reason, subject", ps -> ps.setLong(1, runId)));
    }

    /** Open gaps, of one store or (null) all, newest first. */
    public List<StoredGap> open(String store, String reason, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + GAP_COLUMNS + " FROM reconciliation_gap WHERE resolved_at IS NULL");
        List<String> args = new ArrayList<>();
        if (store != null && !store.isBlank()) {
            sql.append(" AND store = ?");
            args.add(store);
        }
        if (reason != null && !reason.isBlank()) {
            sql.append(" AND reason = ?");
            args.add(reason);
        }
        sql.append(" ORDER BY last_seen DESC, id DESC FETCH FIRST ").append(Math.max(1, Math.min(limit, 10_000))).append(" ROWS ONLY");
        return tx.inTransaction(c -> select(c, sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
        }));
    }

    /** How many gaps are open, per store. */
    public Map<String, Long> openCounts() {
        return tx.inTransaction(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT store, COUNT(*) FROM reconciliation_gap WHERE resolved_at IS NULL"
                    + " GROUP BY store ORDER BY store");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    /** How many gaps are open, per store and reason. */
    public Map<String, Map<String, Long>> openCountsByReason() {
        return tx.inTransaction(c -> {
            Map<String, Map<String, Long>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT store, reason, COUNT(*) FROM reconciliation_gap"
                    + " WHERE resolved_at IS NULL GROUP BY store, reason ORDER BY store, reason");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), store -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- SQL

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void publish(Connection c, String kind, Gap gap, long runId, Instant now) throws SQLException {
        String eventId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("kind", kind);
        body.put("occurredAt", now.toString());
        body.put("store", gap.store());
        body.put("marketplace", gap.marketplace());
        body.put("reason", gap.reason());
        body.put("subject", gap.subject());
        body.put("netsuiteRef", gap.netsuiteRef());
        body.put("currency", gap.currency());
        body.put("expected", gap.expected());
        body.put("actual", gap.actual());
        body.put("amount", gap.amount());
        body.put("detail", gap.detail());
        body.put("run", runId);
        outbox.append(c, new SyncEvent(eventId, kind, gap.key(), body), now);
    }

    private static Optional<StoredGap> find(Connection c, String store, String reason, String subject) throws SQLException {
        return select(c, "SELECT " + GAP_COLUMNS + " FROM reconciliation_gap WHERE store = ? AND reason = ? AND subject = ?"
                + " FOR UPDATE", ps -> {
                    ps.setString(1, store);
                    ps.setString(2, reason);
                    ps.setString(3, subject);
                }).stream().findFirst();
    }

    private static List<StoredGap> open(Connection c, String store) throws SQLException {
        return select(c, "SELECT " + GAP_COLUMNS + " FROM reconciliation_gap WHERE store = ? AND resolved_at IS NULL FOR UPDATE",
                ps -> ps.setString(1, store));
    }

    private static void insert(Connection c, Gap gap, long runId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reconciliation_gap (store, marketplace, netsuite_ref,"
                + " currency, expected, actual, amount, detail, occurred_at, reason, subject, first_run, last_run, first_seen,"
                + " last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindGap(ps, 1, gap);
            ps.setString(i++, gap.reason());
            ps.setString(i++, gap.subject());
            ps.setLong(i++, runId);
            ps.setLong(i++, runId);
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setTimestamp(i, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, long id, Gap gap, long runId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE reconciliation_gap SET store = ?, marketplace = ?,"
                + " netsuite_ref = ?, currency = ?, expected = ?, actual = ?, amount = ?, detail = ?, occurred_at = ?,"
                + " last_run = ?, last_seen = ?, resolved_at = NULL WHERE id = ?")) {
            int i = bindGap(ps, 1, gap);
            ps.setLong(i++, runId);
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setLong(i, id);
            ps.executeUpdate();
        }
    }

    /** Binds store, marketplace, netsuite_ref, currency, expected, actual, amount, detail, occurred_at from {@code i}. */
    private static int bindGap(PreparedStatement ps, int i, Gap gap) throws SQLException {
        ps.setString(i++, gap.store());
        ps.setString(i++, gap.marketplace());
        ps.setString(i++, gap.netsuiteRef());
        ps.setString(i++, gap.currency());
        ps.setBigDecimal(i++, gap.expected());
        ps.setBigDecimal(i++, gap.actual());
        ps.setBigDecimal(i++, gap.amount());
        ps.setString(i++, gap.detail());
        if (gap.occurredAt() == null) {
            ps.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(i++, Timestamp.from(gap.occurredAt()));
        }
        return i;
    }

    private static void resolve(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE reconciliation_gap SET resolved_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    private static List<StoredGap> select(Connection c, String sql, Binder binder) throws SQLException {
        List<StoredGap> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Gap gap = new Gap(rs.getString("store"), rs.getString("marketplace"), rs.getString("reason"),
                            rs.getString("subject"), rs.getString("netsuite_ref"), rs.getString("currency"),
                            decimal(rs, "expected"), decimal(rs, "actual"), decimal(rs, "amount"), rs.getString("detail"),
                            instant(rs, "occurred_at"));
                    out.add(new StoredGap(rs.getLong("id"), gap, rs.getLong("first_run"), rs.getLong("last_run"),
                            instant(rs, "first_seen"), instant(rs, "last_seen"), instant(rs, "resolved_at")));
                }
            }
        }
        return out;
    }

    private static List<Run> selectRuns(Connection c, String sql, Binder binder) throws SQLException {
        List<Run> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Run(rs.getLong("id"), rs.getString("store"), rs.getString("marketplace"),
                            instant(rs, "period_from"), instant(rs, "period_to"), instant(rs, "started_at"),
                            instant(rs, "finished_at"), rs.getString("summary")));
                }
            }
        }
        return out;
    }

    private static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.stripTrailingZeros().scale() < 2 ? value.setScale(2) : value.stripTrailingZeros();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
