package io.commercebus.ledger;

/**
 * Where a marketplace record stands. The happy path is RECEIVED → MAPPED → DELIVERED;
 * FAILED waits for a retry at {@code next_attempt_at}; DEAD waits for a person to fix and replay;
 * SKIPPED is a record its mapping leaves out on purpose (a pending or cancelled order), until a new
 * version of it arrives; HELD waits for another record to reach NetSuite (a refund for its order)
 * and goes back to work the moment that record is delivered.
 */
public enum RecordState {
    RECEIVED, MAPPED, DELIVERED, FAILED, DEAD, SKIPPED, HELD;

    /** The event kind published when a record enters this state, also the Kafka topic suffix. */
    public String eventKind() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
