package io.commercebus.ledger;

/** Filters for listing ledger records; null fields match anything. */
public record LedgerQuery(String marketplace, String store, String recordType, RecordState state, String reason,
                          String externalId, int limit, int offset) {

    public static final int MAX_LIMIT = 10_000;

    public LedgerQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
    }
}
