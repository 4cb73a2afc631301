package io.commercebus.ledger;

/**
 * Where a marketplace record stands. The happy path is RECEIVED → MAPPED → DELIVERED;
 * FAILED waits for a retry at {@code next_attempt_at}; DEAD waits for a person to fix and replay.
 */
public enum RecordState {
    RECEIVED, MAPPED, DELIVERED, FAILED, DEAD;

    /** The event kind published when a record enters this state, also the Kafka topic suffix. */
    public String eventKind() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
