package io.commercebus.ledger;

/** Reason codes of the dead-letter channel that the bus itself assigns (mappings add UNMAPPED_* codes). */
public final class DeadLetterReason {

    /** A line's SKU matches no NetSuite item; replay once the item exists. */
    public static final String UNKNOWN_SKU = "UNKNOWN_SKU";
    /** The mapped total differs from the marketplace's charged total by more than the threshold. */
    public static final String TOTAL_DRIFT = "TOTAL_DRIFT";
    /** The mapping could not produce a valid record from the payload. */
    public static final String MAPPING_ERROR = "MAPPING_ERROR";
    /** NetSuite refused the record (a 4xx other than throttling); its error detail is kept. */
    public static final String NETSUITE_REJECTED = "NETSUITE_REJECTED";
    /** The marketplace no longer has the record. */
    public static final String SOURCE_NOT_FOUND = "SOURCE_NOT_FOUND";
    /** A product would take a SKU that another product of the store already has; fix the SKU and replay. */
    public static final String SKU_DRIFT = "SKU_DRIFT";
    /** NetSuite's item cannot be listed as it is (e.g. two variants with one SKU, a variant lacking an option). */
    public static final String CATALOG_INVALID = "CATALOG_INVALID";
    /** The marketplace refused a product or price the bus sent (its error detail is kept). */
    public static final String MARKETPLACE_REJECTED = "MARKETPLACE_REJECTED";
    /** Transient failures went on past the retry policy. */
    public static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";

    private DeadLetterReason() {
    }
}
