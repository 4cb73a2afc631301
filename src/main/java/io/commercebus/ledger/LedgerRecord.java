package io.commercebus.ledger;

import java.time.Instant;

/** One row of the sync ledger as read from the database. */
public record LedgerRecord(
        long id,
        RecordKey key,
        RecordState state,
        boolean fetchPending,
        String payload,
        String payloadHash,
        String deliveredHash,
        String mapped,
        String reason,
        String lastError,
        int attempts,
        String netsuiteType,
        String netsuiteId,
        String netsuiteExternalId,
        String heldFor,
        Instant nextAttemptAt,
        String leaseOwner,
        Instant fetchedAt,
        Instant sourceModifiedAt,
        Instant createdAt,
        Instant updatedAt) {

    /** The step this record waits for; a FAILED record retries the step that failed. */
    public Stage pendingStage() {
        if (fetchPending) {
            return Stage.FETCH;
        }
        if (state == RecordState.DEAD || state == RecordState.DELIVERED || state == RecordState.SKIPPED
                || state == RecordState.HELD) {
            return null;
        }
        return mapped == null ? Stage.MAP : Stage.DELIVER;
    }
}
