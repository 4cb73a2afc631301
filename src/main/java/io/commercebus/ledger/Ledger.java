package io.commercebus.ledger;

import io.commercebus.db.DataAccessException;
import io.commercebus.db.Transactions;
import io.commercebus.events.Outbox;
import io.commercebus.events.SyncEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sync ledger: one row per marketplace record, its state, attempts, last error and NetSuite id.
 * Every state change is written together with its event in the outbox, in one transaction.
 *
 * <p>Work is handed out by {@link #claim}: a claim leases rows to one worker for a while, and every
 * transition is fenced by that lease, so a worker whose lease expired (and whose rows another worker
 * took over) cannot overwrite the newer outcome.
 */
public class Ledger {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    private static final String COLUMNS = "id, marketplace, store, record_type, external_id, state, fetch_pending, payload,"
            + " payload_hash, delivered_hash, delivered_mapping_hash, mapped, reason, last_error, attempts, netsuite_type,"
            + " netsuite_id, netsuite_external_id, held_for, next_attempt_at, lease_owner, lease_until, fetched_at, source_modified_at,"
            + " created_at, updated_at";

    /** Summary columns: the same shape without the (large) payload and mapping. */
    private static final String SUMMARY_COLUMNS = COLUMNS.replace(" payload,", " NULL AS payload,")
            .replace(" mapped,", " NULL AS mapped,");

    /** What an announcement of a marketplace change did to the ledger. */
    public enum Intake {
        /** First time this record is seen: a new row waits for its fetch. */
        STAGED,
        /** Known record: a fetch of its new version is scheduled. */
        REFETCH,
        /** Known record whose fetch is already pending: nothing to add. */
        ALREADY_PENDING,
        /** The stored payload was fetched after the change happened: nothing to do. */
        UP_TO_DATE,
        /** A staged payload replaced the stored one: the record is mapped and delivered again. */
        UPDATED,
        /** A staged payload is the one stored already: nothing to do. */
        UNCHANGED,
        /** A staged payload is older than the stored one (deliveries arrive out of order): ignored. */
        STALE
    }

    private final Transactions tx;
    private final Outbox outbox;
    private final Clock clock;
    private final RetryPolicy retryPolicy;
    private final Duration clockSkewMargin;
    private final List<Runnable> workListeners = new CopyOnWriteArrayList<>();

    public Ledger(Transactions tx, Outbox outbox, Clock clock, RetryPolicy retryPolicy, Duration clockSkewMargin) {
        this.tx = tx;
        this.outbox = outbox;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
        this.clockSkewMargin = clockSkewMargin;
    }

    // ---------------------------------------------------------------- intake

    /**
     * Records that the marketplace changed a record (a webhook or a catch-up poll saw it). Durable on
     * return, so a webhook may be acknowledged afterwards. Announcing the same change twice stages
     * nothing twice.
     *
     * @param changedAt when the marketplace says the change happened, or null if unknown
     */
    public Intake announce(RecordKey key, Instant changedAt) {
        for (int attempt = 1; ; attempt++) {
            try {
                Intake intake = tx.inTransaction(c -> announce(c, key, changedAt));
                if (intake == Intake.STAGED || intake == Intake.REFETCH) {
                    workArrived();
                }
                return intake;
            } catch (DataAccessException e) {
                // two announcements of a new record raced to insert it: the loser retries as an update
                if (!e.isUniqueViolation() || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private Intake announce(Connection c, RecordKey key, Instant changedAt) throws SQLException {
        Instant now = clock.instant();
        Optional<Row> existing = selectForUpdate(c, key);
        if (existing.isEmpty()) {
            Row row = Row.fresh(key, now);
            row.sourceModifiedAt = changedAt;
            insert(c, row);
            outbox.append(c, SyncEvent.of(row.toRecord(), null, "announced", now), now);
            return Intake.STAGED;
        }
        Row row = existing.get();
        if (upToDate(row, changedAt)) {
            return Intake.UP_TO_DATE;
        }
        if (changedAt != null && (row.sourceModifiedAt == null || changedAt.isAfter(row.sourceModifiedAt))) {
            // the fetch that follows reads at least this version
            row.sourceModifiedAt = changedAt;
        }
        if (row.fetchPending) {
            update(c, row);
            return Intake.ALREADY_PENDING;
        }
        row.fetchPending = true;
        row.nextAttemptAt = null;
        row.updatedAt = now;
        update(c, row);
        return Intake.REFETCH;
    }

    /**
     * Stages a record the marketplace sent whole (a webhook body, a page of a poll): no fetch needed.
     * Durable on return. The same payload twice changes nothing; an older version than the one
     * stored (by the source's modification time) is ignored; a new one is mapped and delivered again.
     * A worker busy with the previous version keeps its lease and cannot record that outdated work
     * as the new version's outcome.
     *
     * @param changedAt the source's modification time of this version, or null if unknown
     */
    public Intake stage(RecordKey key, String payload, Instant changedAt) {
        String hash = hash(payload);
        for (int attempt = 1; ; attempt++) {
            try {
                Intake intake = tx.inTransaction(c -> stage(c, key, payload, hash, changedAt));
                if (intake == Intake.STAGED || intake == Intake.UPDATED) {
                    workArrived();
                }
                return intake;
            } catch (DataAccessException e) {
                if (!e.isUniqueViolation() || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private Intake stage(Connection c, RecordKey key, String payload, String hash, Instant changedAt) throws SQLException {
        Instant now = clock.instant();
        Optional<Row> existing = selectForUpdate(c, key);
        Row row;
        RecordState before = null;
        if (existing.isEmpty()) {
            row = Row.fresh(key, now);
            insert(c, row);
        } else {
            row = existing.get();
            before = row.state;
            if (changedAt != null && row.sourceModifiedAt != null && changedAt.isBefore(row.sourceModifiedAt)) {
                return Intake.STALE;
            }
            if (hash.equals(row.payloadHash)) {
                return Intake.UNCHANGED;
            }
        }
        row.payload = payload;
        row.payloadHash = hash;
        row.sourceModifiedAt = changedAt;
        row.fetchPending = false;
        row.fetchedAt = now;
        row.mapped = null;
        row.state = RecordState.RECEIVED;
        clearFailure(row);
        row.updatedAt = now;
        update(c, row);
        if (row.state != before) {
            outbox.append(c, SyncEvent.of(row.toRecord(), before, existing.isEmpty() ? "staged" : "updated", now), now);
        }
        return existing.isEmpty() ? Intake.STAGED : Intake.UPDATED;
    }

    /**
     * Whether the stored version already holds a change the marketplace reports at {@code changedAt}.
     * Times are compared in the marketplace's clock: a change older than the newest one known is held;
     * one at the same time is held once the fetch came later (timestamps are often whole seconds, so
     * a second change in the same second would otherwise be missed).
     */
    private boolean upToDate(Row row, Instant changedAt) {
        if (changedAt == null || row.fetchedAt == null) {
            return false;
        }
        if (row.sourceModifiedAt != null && changedAt.isBefore(row.sourceModifiedAt)) {
            return true;
        }
        boolean sameOrUnknown = row.sourceModifiedAt == null || changedAt.equals(row.sourceModifiedAt);
        return sameOrUnknown && row.fetchedAt.isAfter(changedAt.plus(clockSkewMargin));
    }

    // ---------------------------------------------------------------- work distribution

    /**
     * Registers a callback run whenever new work becomes ready in this process, so that consumers
     * wake up at once instead of at their next poll. Work from other instances is found by polling.
     */
    public Runnable onWork(Runnable listener) {
        workListeners.add(listener);
        return () -> workListeners.remove(listener);
    }

    private void workArrived() {
        workListeners.forEach(Runnable::run);
    }

    /**
     * Leases up to {@code max} rows waiting for the given stage, oldest first, of one marketplace or
     * (null) of all. Rows leased by someone else, or waiting for a retry time in the future, are
     * skipped. Safe against concurrent claimers, in this process or in others sharing the database:
     * the candidates are locked with {@code FOR UPDATE SKIP LOCKED} (H2 and PostgreSQL), so claimers
     * never wait for each other nor pick the same row, and the UPDATE re-checks every condition, so a
     * row that moved on since it was read stays where it is. Only rows leased to this claim return.
     */
    public List<LedgerRecord> claim(Stage stage, String marketplace, String recordType, int max, Duration lease) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        String ready = stage.predicate() + (marketplace == null ? "" : " AND marketplace = ?") + " AND record_type = ?"
                + " AND (next_attempt_at IS NULL OR next_attempt_at <= ?) AND (lease_until IS NULL OR lease_until < ?)";
        return tx.inTransaction(c -> {
            List<Long> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sync_record WHERE " + ready
                    + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                int i = bindReady(ps, 1, marketplace, recordType, now);
                ps.setInt(i, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(rs.getLong(1));
                    }
                }
            }
            if (candidates.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_record SET lease_owner = ?, lease_until = ?"
                    + " WHERE id IN (" + placeholders(candidates.size()) + ") AND " + ready)) {
                int i = 1;
                ps.setString(i++, token);
                ps.setTimestamp(i++, Timestamp.from(now.plus(lease)));
                for (Long id : candidates) {
                    ps.setLong(i++, id);
                }
                bindReady(ps, i, marketplace, recordType, now);
                ps.executeUpdate();
            }
            List<LedgerRecord> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM sync_record WHERE lease_owner = ? ORDER BY id")) {
                ps.setString(1, token);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(Row.read(rs).toRecord());
                    }
                }
            }
            return claimed;
        });
    }

    private static int bindReady(PreparedStatement ps, int from, String marketplace, String recordType, Instant now)
            throws SQLException {
        int i = from;
        if (marketplace != null) {
            ps.setString(i++, marketplace);
        }
        ps.setString(i++, recordType);
        ps.setTimestamp(i++, Timestamp.from(now));
        ps.setTimestamp(i++, Timestamp.from(now));
        return i;
    }

    /**
     * Ends every lease, whoever holds it: for a bus that runs alone, starting after a crash, whose
     * rows would otherwise wait for their leases to expire. Never with other instances running.
     *
     * @return the rows released
     */
    public int releaseAllLeases() {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_record SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL")) {
                return ps.executeUpdate();
            }
        });
    }

    /** Gives a claimed row back without changing it (e.g. the consumer is stopping). */
    public void release(long id, String lease) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_record SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?")) {
                ps.setLong(1, id);
                ps.setString(2, lease);
                return ps.executeUpdate();
            }
        });
    }

    // ---------------------------------------------------------------- transitions

    /**
     * Stores the record as fetched from the marketplace. A payload identical to the stored one
     * changes nothing (a duplicated or replayed webhook); a new one restarts mapping and delivery.
     *
     * @return true when the payload changed
     */
    public boolean fetched(long id, String lease, String payload) {
        String hash = hash(payload);
        Boolean changed = transition(id, lease, null, "fetched", row -> {
            row.fetchPending = false;
            row.fetchedAt = clock.instant();
            if (hash.equals(row.payloadHash)) {
                if (row.state != RecordState.DEAD && row.state != RecordState.SKIPPED) {
                    row.state = hash.equals(row.deliveredHash) ? RecordState.DELIVERED
                            : row.mapped != null ? RecordState.MAPPED : RecordState.RECEIVED;
                }
                return false;
            }
            row.payload = payload;
            row.payloadHash = hash;
            row.mapped = null;
            row.state = RecordState.RECEIVED;
            row.attempts = 0;
            row.reason = null;
            row.lastError = null;
            row.nextAttemptAt = null;
            return true;
        });
        workArrived();
        return Boolean.TRUE.equals(changed);
    }

    /**
     * The record is mapped and waits for delivery, unless NetSuite already holds exactly this mapped
     * record: a new version that changes nothing NetSuite sees (e.g. only the marketplace's status
     * moved on) is then delivered as it stands, without a NetSuite request.
     *
     * @param claimedHash the payload hash the worker mapped (a newer version makes this outcome moot)
     */
    public void mapped(long id, String lease, String claimedHash, String mappedRecord) {
        transition(id, lease, claimedHash, "mapped", row -> {
            row.mapped = mappedRecord;
            clearFailure(row);
            if (row.netsuiteId != null && hash(mappedRecord).equals(row.deliveredMappingHash)) {
                row.state = RecordState.DELIVERED;
                row.deliveredHash = row.payloadHash;
            } else {
                row.state = RecordState.MAPPED;
            }
            return null;
        }, row -> null, this::releaseHeld);
        workArrived();
    }

    /**
     * NetSuite accepted the record. When a newer version was staged meanwhile, the delivered version
     * is remembered and the newer one stays RECEIVED, to be delivered next.
     *
     * @param mappingHash the {@link #hash} of the mapped record NetSuite accepted, or null if unknown
     */
    public void delivered(long id, String lease, String claimedHash, String mappingHash, String netsuiteType,
                          String netsuiteId, String netsuiteExternalId) {
        Mutation<Void> record = row -> {
            row.netsuiteType = netsuiteType;
            row.netsuiteId = netsuiteId;
            row.netsuiteExternalId = netsuiteExternalId;
            row.deliveredHash = claimedHash != null ? claimedHash : row.payloadHash;
            row.deliveredMappingHash = mappingHash;
            return null;
        };
        transition(id, lease, claimedHash, "delivered", row -> {
            record.apply(row);
            row.state = RecordState.DELIVERED;
            clearFailure(row);
            return null;
        }, record, this::releaseHeld);
        workArrived();
    }

    /**
     * The record needs another one in NetSuite first (a refund, its order): it waits as HELD, spending no
     * retries, until {@code waitingFor} is in NetSuite. When that record is there already (it landed while
     * this one was being worked on), the record is not held but goes straight back to work.
     *
     * @return whether the record is now held
     */
    public boolean held(long id, String lease, String claimedHash, String reason, String detail, RecordKey waitingFor) {
        boolean held = tx.inTransaction(c -> {
            // the awaited record is locked first, as its delivery locks it before releasing what waits for it
            Optional<Row> awaited = selectForUpdate(c, waitingFor);
            if (awaited.isPresent() && awaited.get().netsuiteId != null) {
                transition(c, id, lease, claimedHash, "held", row -> null, row -> null, (conn, row) -> { });
                return false;
            }
            transition(c, id, lease, claimedHash, "held", row -> {
                row.state = RecordState.HELD;
                row.reason = reason;
                row.lastError = detail;
                row.heldFor = waitingFor.toString();
                row.attempts = 0;
                row.nextAttemptAt = null;
                return null;
            }, row -> null, (conn, row) -> { });
            return true;
        });
        if (!held) {
            workArrived();
        }
        return held;
    }

    /** Puts back to work every record held for this one, once it is in NetSuite. */
    private void releaseHeld(Connection c, Row delivered) throws SQLException {
        if (delivered.netsuiteId == null) {
            return;
        }
        List<Row> waiting = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_record WHERE held_for = ? FOR UPDATE")) {
            ps.setString(1, delivered.key.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    waiting.add(Row.read(rs));
                }
            }
        }
        Instant now = clock.instant();
        for (Row row : waiting) {
            RecordState before = row.state;
            row.heldFor = null;
            if (row.state == RecordState.HELD) {
                row.state = row.mapped != null ? RecordState.MAPPED : RecordState.RECEIVED;
                clearFailure(row);
            }
            row.updatedAt = now;
            update(c, row);
            if (row.state != before) {
                outbox.append(c, SyncEvent.of(row.toRecord(), before, "released", now), now);
            }
        }
    }

    /**
     * Records a transient failure: the step is retried after a backoff, until the retry policy is
     * exhausted and the record goes to the dead-letter channel as {@code RETRIES_EXHAUSTED}.
     */
    public void failed(long id, String lease, String claimedHash, String error) {
        transition(id, lease, claimedHash, "failed", row -> {
            row.attempts++;
            row.lastError = error;
            if (row.state == RecordState.DEAD) {
                // a refetch of a dead record failed: it stays dead, with nothing pending
                row.fetchPending = false;
            } else if (retryPolicy.exhausted(row.attempts)) {
                row.state = RecordState.DEAD;
                row.reason = DeadLetterReason.RETRIES_EXHAUSTED;
                row.nextAttemptAt = null;
            } else {
                row.state = RecordState.FAILED;
                row.nextAttemptAt = clock.instant().plus(retryPolicy.delayAfter(row.attempts));
            }
            return null;
        });
    }

    /** Sends the record to the dead-letter channel: it keeps its payload and waits for a fix and a replay. */
    public void dead(long id, String lease, String claimedHash, String reason, String detail) {
        transition(id, lease, claimedHash, "dead", row -> {
            row.state = RecordState.DEAD;
            row.reason = reason;
            row.lastError = detail;
            row.fetchPending = false;
            row.nextAttemptAt = null;
            return null;
        });
    }

    /**
     * The mapping leaves the record out on purpose (e.g. a pending order, an order cancelled before it
     * was imported), with the reason. A new version of the record is considered afresh.
     */
    public void skipped(long id, String lease, String claimedHash, String reason, String detail) {
        transition(id, lease, claimedHash, "skipped", row -> {
            row.state = RecordState.SKIPPED;
            row.reason = reason;
            row.lastError = detail;
            row.attempts = 0;
            row.nextAttemptAt = null;
            return null;
        });
    }

    /**
     * Puts a dead record back to work after a fix. It is mapped again with the current mappings; with
     * {@code refetch} (or when it was never fetched) it is first fetched again from the marketplace.
     * NetSuite writes are upserts by external id, so a replay never creates a duplicate.
     *
     * @return false when the record is not dead (nothing to replay)
     */
    public boolean replay(long id, boolean refetch) {
        boolean replayed = tx.inTransaction(c -> {
            Optional<Row> found = selectForUpdate(c, id);
            if (found.isEmpty() || found.get().state != RecordState.DEAD) {
                return false;
            }
            Row row = found.get();
            Instant now = clock.instant();
            row.state = RecordState.RECEIVED;
            row.mapped = null;
            row.fetchPending = refetch || row.payload == null;
            row.attempts = 0;
            row.reason = null;
            row.lastError = null;
            row.nextAttemptAt = null;
            row.updatedAt = now;
            update(c, row);
            outbox.append(c, SyncEvent.of(row.toRecord(), RecordState.DEAD, "replay", now), now);
            return true;
        });
        if (replayed) {
            workArrived();
        }
        return replayed;
    }

    /** Replays every dead record matching the filter (null = any); returns how many. */
    public int replayDead(String marketplace, String store, String reason, boolean refetch) {
        LedgerQuery query = new LedgerQuery(marketplace, store, null, RecordState.DEAD, reason, null, 10_000, 0);
        int replayed = 0;
        for (LedgerRecord r : list(query)) {
            if (replay(r.id(), refetch)) {
                replayed++;
            }
        }
        return replayed;
    }

    private static void clearFailure(Row row) {
        row.attempts = 0;
        row.reason = null;
        row.lastError = null;
        row.nextAttemptAt = null;
    }

    @FunctionalInterface
    private interface Mutation<T> {
        T apply(Row row);
    }

    /** What a transition does in its transaction after the row is written, e.g. release records held for it. */
    @FunctionalInterface
    private interface AfterWrite {
        void run(Connection c, Row row) throws SQLException;
    }

    private <T> T transition(long id, String lease, String claimedHash, String step, Mutation<T> mutation) {
        return transition(id, lease, claimedHash, step, mutation, row -> null, (c, row) -> { });
    }

    /**
     * Applies a change to a leased row, releases the lease and appends the state-change event, in one
     * transaction. A lost lease (another worker took over) leaves the row untouched. Work on a version
     * the marketplace has replaced meanwhile (the claimed hash differs) applies only {@code superseded},
     * and the row stays ready for its new version.
     */
    private <T> T transition(long id, String lease, String claimedHash, String step, Mutation<T> mutation,
                             Mutation<?> superseded, AfterWrite afterWrite) {
        return tx.inTransaction(c -> transition(c, id, lease, claimedHash, step, mutation, superseded, afterWrite));
    }

    private <T> T transition(Connection c, long id, String lease, String claimedHash, String step, Mutation<T> mutation,
                             Mutation<?> superseded, AfterWrite afterWrite) throws SQLException {
        Row row = selectForUpdate(c, id).orElseThrow(() -> new IllegalStateException("No ledger record " + id));
        if (lease != null && !lease.equals(row.leaseOwner)) {
            LOG.warn("Ledger record {} ({}): lease lost before '{}', another worker owns it now; change dropped",
                    id, row.key, step);
            return null;
        }
        RecordState before = row.state;
        T result = null;
        if (claimedHash != null && !claimedHash.equals(row.payloadHash)) {
            LOG.info("Ledger record {} ({}): a newer version arrived during '{}'; it is processed next", id, row.key, step);
            superseded.apply(row);
        } else {
            result = mutation.apply(row);
        }
        Instant now = clock.instant();
        row.leaseOwner = null;
        row.leaseUntil = null;
        row.updatedAt = now;
        update(c, row);
        if (row.state != before) {
            outbox.append(c, SyncEvent.of(row.toRecord(), before, step, now), now);
        }
        afterWrite.run(c, row);
        return result;
    }

    // ---------------------------------------------------------------- queries

    public Optional<LedgerRecord> find(long id) {
        return tx.inTransaction(c -> selectOne(c, "SELECT " + COLUMNS + " FROM sync_record WHERE id = ?", ps -> ps.setLong(1, id)))
                .map(Row::toRecord);
    }

    public Optional<LedgerRecord> find(RecordKey key) {
        return tx.inTransaction(c -> selectOne(c, "SELECT " + COLUMNS + " FROM sync_record WHERE marketplace = ? AND store = ?"
                + " AND record_type = ? AND external_id = ?", ps -> bindKey(ps, key))).map(Row::toRecord);
    }

    /** The records of these ids of one store and type (without payloads), by external id. */
    public Map<String, LedgerRecord> findAll(String marketplace, String store, String recordType, Collection<String> externalIds) {
        Map<String, LedgerRecord> out = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(externalIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + SUMMARY_COLUMNS + " FROM sync_record WHERE marketplace = ?"
                        + " AND store = ? AND record_type = ? AND external_id IN (" + placeholders(chunk.size()) + ")")) {
                    int i = 1;
                    ps.setString(i++, marketplace);
                    ps.setString(i++, store);
                    ps.setString(i++, recordType);
                    for (String id : chunk) {
                        ps.setString(i++, id);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            LedgerRecord r = Row.read(rs).toRecord();
                            out.put(r.key().externalId(), r);
                        }
                    }
                }
                return null;
            });
        }
        return out;
    }

    /** The record of this type that NetSuite knows by this internal id (e.g. the order of a Sales Order), with its payload. */
    public Optional<LedgerRecord> findByNetSuiteId(String recordType, String netsuiteId) {
        return tx.inTransaction(c -> selectOne(c, "SELECT " + COLUMNS + " FROM sync_record WHERE netsuite_id = ? AND record_type = ?"
                + " ORDER BY id", ps -> {
                    ps.setString(1, netsuiteId);
                    ps.setString(2, recordType);
                })).map(Row::toRecord);
    }

    /** Lists records (without payloads), newest change first. */
    public List<LedgerRecord> list(LedgerQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + SUMMARY_COLUMNS + " FROM sync_record WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        addFilter(sql, args, "marketplace", q.marketplace());
        addFilter(sql, args, "store", q.store());
        addFilter(sql, args, "record_type", q.recordType());
        addFilter(sql, args, "state", q.state() == null ? null : q.state().name());
        addFilter(sql, args, "reason", q.reason());
        addFilter(sql, args, "external_id", q.externalId());
        sql.append(" ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<LedgerRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Row.read(rs).toRecord());
                    }
                }
                return out;
            }
        });
    }

    public Map<RecordState, Long> countByState(String marketplace) {
        return tx.inTransaction(c -> {
            Map<RecordState, Long> counts = new EnumMap<>(RecordState.class);
            for (RecordState s : RecordState.values()) {
                counts.put(s, 0L);
            }
            String sql = "SELECT state, COUNT(*) FROM sync_record" + (marketplace == null ? "" : " WHERE marketplace = ?")
                    + " GROUP BY state";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (marketplace != null) {
                    ps.setString(1, marketplace);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(RecordState.valueOf(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    /**
     * Every record counted by store, record type, state, reason and the stage it waits for, in one
     * query (a scan of the ledger: callers cache it).
     */
    public List<LedgerTally> tally() {
        StringBuilder stage = new StringBuilder("CASE");
        for (Stage s : Stage.values()) {
            // a DEAD, DELIVERED, SKIPPED or HELD record with a fetch pending waits for it as well
            stage.append(" WHEN ").append(s.predicate()).append(" THEN '").append(s.name()).append('\'');
        }
        stage.append(" END");
        String sql = "SELECT marketplace, store, record_type, state, reason, " + stage + " AS waiting_for, COUNT(*)"
                + " FROM sync_record GROUP BY marketplace, store, record_type, state, reason, " + stage;
        return tx.inTransaction(c -> {
            List<LedgerTally> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String waiting = rs.getString(6);
                    out.add(new LedgerTally(rs.getString(1), rs.getString(2), rs.getString(3), RecordState.valueOf(rs.getString(4)),
                            rs.getString(5), waiting == null ? null : Stage.valueOf(waiting), rs.getLong(7)));
                }
            }
            return out;
        });
    }

    private static void addFilter(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    // ---------------------------------------------------------------- SQL plumbing

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static Optional<Row> selectOne(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Row.read(rs)) : Optional.empty();
            }
        }
    }

    private static Optional<Row> selectForUpdate(Connection c, RecordKey key) throws SQLException {
        return selectOne(c, "SELECT " + COLUMNS + " FROM sync_record WHERE marketplace = ? AND store = ? AND record_type = ?"
                + " AND external_id = ? FOR UPDATE", ps -> bindKey(ps, key));
    }

    private static Optional<Row> selectForUpdate(Connection c, long id) throws SQLException {
        return selectOne(c, "SELECT " + COLUMNS + " FROM sync_record WHERE id = ? FOR UPDATE", ps -> ps.setLong(1, id));
    }

    private static void bindKey(PreparedStatement ps, RecordKey key) throws SQLException {
        ps.setString(1, key.marketplace());
        ps.setString(2, key.store());
        ps.setString(3, key.recordType());
        ps.setString(4, key.externalId());
    }

    private static void insert(Connection c, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_record (marketplace, store, record_type, external_id,"
                + " state, fetch_pending, attempts, source_modified_at, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            bindKey(ps, row.key);
            ps.setString(5, row.state.name());
            ps.setBoolean(6, row.fetchPending);
            ps.setInt(7, row.attempts);
            setInstant(ps, 8, row.sourceModifiedAt);
            ps.setTimestamp(9, Timestamp.from(row.createdAt));
            ps.setTimestamp(10, Timestamp.from(row.updatedAt));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                row.id = keys.getLong(1);
            }
        }
    }

    /**
     * An error as PostgreSQL's text stores it: errors name what the marketplace sent (a SKU, an e-mail), which
     * may hold a NUL character no text column takes; it is written as the JSON escape {@code \\u0000}.
     */
    static String storable(String error) {
        return error == null ? null : error.replace("\u0000", "\\u0000");
    }

    private static void update(Connection c, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_record SET state = ?, fetch_pending = ?, payload = ?,"
                + " payload_hash = ?, delivered_hash = ?, delivered_mapping_hash = ?, mapped = ?, reason = ?, last_error = ?, attempts = ?,"
                + " netsuite_type = ?, netsuite_id = ?, netsuite_external_id = ?, held_for = ?, next_attempt_at = ?, lease_owner = ?,"
                + " lease_until = ?, fetched_at = ?, source_modified_at = ?, updated_at = ?"
                + " WHERE id = ?")) {
            int i = 1;
            ps.setString(i++, row.state.name());
            ps.setBoolean(i++, row.fetchPending);
            ps.setString(i++, row.payload);
            ps.setString(i++, row.payloadHash);
            ps.setString(i++, row.deliveredHash);
            ps.setString(i++, row.deliveredMappingHash);
            ps.setString(i++, row.mapped);
            ps.setString(i++, row.reason);
            ps.setString(i++, storable(row.lastError));
            ps.setInt(i++, row.attempts);
            ps.setString(i++, row.netsuiteType);
            ps.setString(i++, row.netsuiteId);
            ps.setString(i++, row.netsuiteExternalId);
            ps.setString(i++, row.heldFor);
            setInstant(ps, i++, row.nextAttemptAt);
            ps.setString(i++, row.leaseOwner);
            setInstant(ps, i++, row.leaseUntil);
            setInstant(ps, i++, row.fetchedAt);
            setInstant(ps, i++, row.sourceModifiedAt);
            setInstant(ps, i++, row.updatedAt);
            ps.setLong(i, row.id);
            ps.executeUpdate();
        }
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(value));
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** The SHA-256 of a payload or mapped record, as the ledger compares versions. */
    public static String hash(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A mutable copy of a row, changed by a transition and written back whole. */
    private static final class Row {
        long id;
        RecordKey key;
        RecordState state;
        boolean fetchPending;
        String payload;
        String payloadHash;
        String deliveredHash;
        String deliveredMappingHash;
        String mapped;
        String reason;
        String lastError;
        int attempts;
        String netsuiteType;
        String netsuiteId;
        String netsuiteExternalId;
        String heldFor;
        Instant nextAttemptAt;
        String leaseOwner;
        Instant leaseUntil;
        Instant fetchedAt;
        Instant sourceModifiedAt;
        Instant createdAt;
        Instant updatedAt;

        static Row fresh(RecordKey key, Instant now) {
            Row row = new Row();
            row.key = key;
            row.state = RecordState.RECEIVED;
            row.fetchPending = true;
            row.createdAt = now;
            row.updatedAt = now;
            return row;
        }

        static Row read(ResultSet rs) throws SQLException {
            Row row = new Row();
            row.id = rs.getLong("id");
            row.key = new RecordKey(rs.getString("marketplace"), rs.getString("store"), rs.getString("record_type"),
                    rs.getString("external_id"));
            row.state = RecordState.valueOf(rs.getString("state"));
            row.fetchPending = rs.getBoolean("fetch_pending");
            row.payload = rs.getString("payload");
            row.payloadHash = rs.getString("payload_hash");
            row.deliveredHash = rs.getString("delivered_hash");
            row.deliveredMappingHash = rs.getString("delivered_mapping_hash");
            row.mapped = rs.getString("mapped");
            row.reason = rs.getString("reason");
            row.lastError = rs.getString("last_error");
            row.attempts = rs.getInt("attempts");
            row.netsuiteType = rs.getString("netsuite_type");
            row.netsuiteId = rs.getString("netsuite_id");
            row.netsuiteExternalId = rs.getString("netsuite_external_id");
            row.heldFor = rs.getString("held_for");
            row.nextAttemptAt = instant(rs, "next_attempt_at");
            row.leaseOwner = rs.getString("lease_owner");
            row.leaseUntil = instant(rs, "lease_until");
            row.fetchedAt = instant(rs, "fetched_at");
            row.sourceModifiedAt = instant(rs, "source_modified_at");
            row.createdAt = instant(rs, "created_at");
            row.updatedAt = instant(rs, "updated_at");
            return row;
        }

        private static Instant instant(ResultSet rs, String column) throws SQLException {
            Timestamp ts = rs.getTimestamp(column);
            return ts == null ? null : ts.toInstant();
        }

        LedgerRecord toRecord() {
            return new LedgerRecord(id, key, state, fetchPending, payload, payloadHash, deliveredHash, mapped, reason,
                    lastError, attempts, netsuiteType, netsuiteId, netsuiteExternalId, heldFor, nextAttemptAt, leaseOwner,
                    fetchedAt, sourceModifiedAt, createdAt, updatedAt);
        }
    }
}
