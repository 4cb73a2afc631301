package io.commercebus.ledger.camel;

/** Exchange headers the ledger component reads and writes. */
public final class LedgerHeaders {

    public static final String RECORD_ID = "CommerceBusRecordId";
    public static final String LEASE = "CommerceBusLease";
    public static final String MARKETPLACE = "CommerceBusMarketplace";
    public static final String STORE = "CommerceBusStore";
    public static final String RECORD_TYPE = "CommerceBusRecordType";
    public static final String EXTERNAL_ID = "CommerceBusExternalId";
    public static final String ATTEMPTS = "CommerceBusAttempts";
    /** The version of the record the route works on; an outcome for a replaced version is not applied. */
    public static final String PAYLOAD_HASH = "CommerceBusPayloadHash";
    /** The version of the mapped record a delivery sends, remembered once NetSuite accepts it. */
    public static final String MAPPING_HASH = "CommerceBusMappingHash";
    /** When the marketplace says the record changed (Instant, epoch seconds or ISO-8601 text). */
    public static final String CHANGED_AT = "CommerceBusChangedAt";
    /** The outcome of an intake: STAGED, REFETCH, ALREADY_PENDING, UP_TO_DATE, UPDATED, UNCHANGED or STALE. */
    public static final String INTAKE = "CommerceBusIntake";
    /** Whether a fetch found a new version of the record. */
    public static final String PAYLOAD_CHANGED = "CommerceBusPayloadChanged";
    public static final String NETSUITE_TYPE = "CommerceBusNetSuiteType";
    /** The NetSuite internal id the record was delivered as; set by the ledger consumer once delivered. */
    public static final String NETSUITE_ID = "CommerceBusNetSuiteId";
    public static final String NETSUITE_EXTERNAL_ID = "CommerceBusNetSuiteExternalId";

    private LedgerHeaders() {
    }
}
