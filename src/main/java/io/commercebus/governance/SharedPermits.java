package io.commercebus.governance;

import io.commercebus.db.DataAccessException;
import io.commercebus.db.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The permit slots of one NetSuite account in the database, shared by every instance of the bus: a
 * slot (1..limit) is taken by a conditional UPDATE that matches only a free or expired slot, so two
 * instances never hold the same slot, whatever the database (the UPDATE re-checks its condition after
 * waiting for a competing writer on H2 and PostgreSQL alike). Each slot is leased: the slots of an
 * instance that crashed come back when their lease ends. Lease times are the database's clock.
 *
 * <p>Waiters poll with a short, growing, jittered pause, one caller of an instance at a time (the
 * others of that instance need no connection for it). Within one instance, a slot given back while a
 * local caller waits goes straight to that caller, without a database round trip, as long as more than
 * half of its lease is left and it has not gone round locally {@value #MAX_LOCAL_HANDOFFS} times in a
 * row: then it goes back to the database, so that busy instances share the slots with the others.
 */
public class SharedPermits {

    private static final Logger LOG = LoggerFactory.getLogger(SharedPermits.class);
    private static final long MIN_PAUSE_MS = 5;
    private static final long MAX_PAUSE_MS = 100;
    static final int MAX_LOCAL_HANDOFFS = 8;

    private final Transactions tx;
    private final String account;
    private final String holder;
    private final Duration lease;
    /** Hands a given-back slot to a local caller waiting in {@link #take}; offer succeeds only if one waits. */
    private final SynchronousQueue<Integer> handoff = new SynchronousQueue<>();
    /** When this instance's lease of each slot it holds ends (by this JVM's clock, conservatively). */
    private final Map<Integer, Long> leasedUntilNanos = new ConcurrentHashMap<>();
    /** How many times in a row each slot went from one local caller to the next. */
    private final Map<Integer, Integer> localHandoffs = new ConcurrentHashMap<>();
    /** One caller of this instance polls the database at a time. */
    private final Semaphore polling = new Semaphore(1);

    /**
     * @param holder who takes slots (the instance's node id, unique per governor)
     * @param lease  how long a slot stays taken without being given back; longer than any request
     */
    public SharedPermits(Transactions tx, String account, String holder, Duration lease) {
        this.tx = tx;
        this.account = account;
        this.holder = holder;
        this.lease = lease;
    }

    /** Makes sure slots 1..limit exist (another instance may be adding them at the same moment). */
    public void ensureSlots(int limit) {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.inTransaction(c -> {
                    List<Integer> existing = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT slot FROM netsuite_permit WHERE account = ?")) {
                        ps.setString(1, account);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                existing.add(rs.getInt(1));
                            }
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO netsuite_permit (account, slot) VALUES (?, ?)")) {
                        for (int slot = 1; slot <= limit; slot++) {
                            if (!existing.contains(slot)) {
                                ps.setString(1, account);
                                ps.setInt(2, slot);
                                ps.addBatch();
                            }
                        }
                        ps.executeBatch();
                    }
                    return null;
                });
                return;
            } catch (DataAccessException e) {
                if (!e.isUniqueViolation() || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Blocks until one of the slots 1..maxSlot is this instance's; returns its number. */
    public int take(int maxSlot) throws InterruptedException {
        long pause = MIN_PAUSE_MS;
        while (true) {
            if (polling.tryAcquire()) {
                Integer slot;
                try {
                    slot = tryTake(maxSlot);
                } finally {
                    polling.release();
                }
                if (slot != null) {
                    return slot;
                }
            }
            // wait for a slot given back in this instance, or poll again
            Integer handed = handoff.poll(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1), TimeUnit.MILLISECONDS);
            if (handed != null) {
                if (handed <= maxSlot && keepLeased(handed)) {
                    return handed;
                }
                release(handed);
            }
            pause = Math.min(MAX_PAUSE_MS, pause * 2);
        }
    }

    /** Gives a slot back: to a local caller waiting for one, else to every instance. */
    public void give(int slot) {
        int streak = localHandoffs.getOrDefault(slot, 0);
        if (streak < MAX_LOCAL_HANDOFFS && handoff.offer(slot)) {
            localHandoffs.put(slot, streak + 1);
            return;
        }
        release(slot);
    }

    /**
     * Keeps a slot taken for {@code hold} from now (a request that timed out may still run in NetSuite);
     * afterwards its lease ends and any instance may take it.
     */
    public void hold(int slot, Duration hold) {
        leasedUntilNanos.remove(slot);
        try {
            tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE netsuite_permit SET lease_until = CURRENT_TIMESTAMP"
                        + " + CAST(? AS INTEGER) * INTERVAL '0.001' SECOND WHERE account = ? AND slot = ? AND holder = ?")) {
                    ps.setLong(1, hold.toMillis());
                    ps.setString(2, account);
                    ps.setInt(3, slot);
                    ps.setString(4, holder);
                    return ps.executeUpdate();
                }
            });
        } catch (DataAccessException e) {
            // the slot's lease runs out by itself
            LOG.warn("NetSuite account {}: could not hold permit slot {} after a timeout ({}); its lease ends it", account, slot,
                    e.getMessage());
        }
    }

    /** Slots taken now by any instance (lease not expired). */
    public int inUse() {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM netsuite_permit WHERE account = ?"
                    + " AND holder IS NOT NULL AND lease_until >= CURRENT_TIMESTAMP")) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Frees every slot of the account, whoever holds it: for a single instance starting after a crash. */
    public int releaseAll() {
        leasedUntilNanos.clear();
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE netsuite_permit SET holder = NULL, lease_until = NULL WHERE account = ? AND holder IS NOT NULL")) {
                ps.setString(1, account);
                return ps.executeUpdate();
            }
        });
    }

    public String holder() {
        return holder;
    }

    /** One attempt: a free or expired slot, trying them in random order so that instances rarely collide. */
    private Integer tryTake(int maxSlot) {
        long sent = System.nanoTime();
        return tx.inTransaction(c -> {
            List<Integer> free = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT slot FROM netsuite_permit WHERE account = ? AND slot <= ?"
                    + " AND (holder IS NULL OR lease_until < CURRENT_TIMESTAMP)")) {
                ps.setString(1, account);
                ps.setInt(2, maxSlot);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        free.add(rs.getInt(1));
                    }
                }
            }
            Collections.shuffle(free);
            try (PreparedStatement ps = c.prepareStatement("UPDATE netsuite_permit SET holder = ?, lease_until = CURRENT_TIMESTAMP"
                    + " + CAST(? AS INTEGER) * INTERVAL '0.001' SECOND WHERE account = ? AND slot = ?"
                    + " AND (holder IS NULL OR lease_until < CURRENT_TIMESTAMP)")) {
                for (Integer slot : free) {
                    ps.setString(1, holder);
                    ps.setLong(2, lease.toMillis());
                    ps.setString(3, account);
                    ps.setInt(4, slot);
                    if (ps.executeUpdate() == 1) {
                        // committed right after; the lease started no earlier than this statement was sent
                        leasedUntilNanos.put(slot, sent + lease.toNanos());
                        localHandoffs.remove(slot);
                        return slot;
                    }
                }
            }
            return null;
        });
    }

    /** A slot handed over locally keeps serving while more than half its lease is left, else its lease is renewed. */
    private boolean keepLeased(int slot) {
        Long until = leasedUntilNanos.get(slot);
        long now = System.nanoTime();
        if (until != null && until - now > lease.toNanos() / 2) {
            return true;
        }
        int renewed = tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE netsuite_permit SET lease_until = CURRENT_TIMESTAMP"
                    + " + CAST(? AS INTEGER) * INTERVAL '0.001' SECOND WHERE account = ? AND slot = ? AND holder = ?"
                    + " AND lease_until >= CURRENT_TIMESTAMP")) {
                ps.setLong(1, lease.toMillis());
                ps.setString(2, account);
                ps.setInt(3, slot);
                ps.setString(4, holder);
                return ps.executeUpdate();
            }
        });
        if (renewed == 1) {
            leasedUntilNanos.put(slot, now + lease.toNanos());
            return true;
        }
        leasedUntilNanos.remove(slot);
        return false;
    }

    private void release(int slot) {
        leasedUntilNanos.remove(slot);
        try {
            tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE netsuite_permit SET holder = NULL, lease_until = NULL"
                        + " WHERE account = ? AND slot = ? AND holder = ?")) {
                    ps.setString(1, account);
                    ps.setInt(2, slot);
                    ps.setString(3, holder);
                    return ps.executeUpdate();
                }
            });
        } catch (DataAccessException e) {
            // the slot's lease ends by itself; until then it counts as taken, which errs on the safe side
            LOG.warn("NetSuite account {}: could not give back permit slot {} ({}); its lease ends it", account, slot,
                    e.getMessage());
        }
    }
}
