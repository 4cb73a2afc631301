package io.commercebus.ledger;

import java.util.Objects;

/** The identity of a marketplace record, unique in the ledger. */
public record RecordKey(String marketplace, String store, String recordType, String externalId) {

    public RecordKey {
        Objects.requireNonNull(marketplace, "marketplace");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(externalId, "externalId");
    }

    /** Stable text form, used as the Kafka message key so all events of one record share a partition. */
    @Override
    public String toString() {
        return marketplace + "/" + store + "/" + recordType + "/" + externalId;
    }
}
