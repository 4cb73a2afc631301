package io.commercebus.ledger;

/**
 * How many ledger records share a store, record type, state, reason and the stage they wait for
 * (null when they wait for none): one row of {@link Ledger#tally()}, what metrics and the status
 * page count from.
 */
public record LedgerTally(String marketplace, String store, String recordType, RecordState state, String reason,
                          Stage waitingFor, long count) {
}
