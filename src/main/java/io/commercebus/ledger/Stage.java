package io.commercebus.ledger;

/**
 * The steps a record goes through; each is served by its own route consuming from the ledger.
 * The SQL predicates partition the workable rows so that no two stages claim the same row.
 */
public enum Stage {
    /** Fetch the full record from the marketplace (webhooks and polls only announce ids). */
    FETCH("fetch_pending = TRUE"),
    /** Map the stored payload to a NetSuite record; FAILED rows without a mapping retry here. */
    MAP("fetch_pending = FALSE AND mapped IS NULL AND state IN ('RECEIVED', 'FAILED')"),
    /** Deliver the mapped record to NetSuite; FAILED rows with a mapping retry here. */
    DELIVER("fetch_pending = FALSE AND mapped IS NOT NULL AND state IN ('MAPPED', 'FAILED')");

    private final String predicate;

    Stage(String predicate) {
        this.predicate = predicate;
    }

    String predicate() {
        return predicate;
    }

    public static Stage of(String name) {
        for (Stage s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown ledger stage '" + name + "': use fetch, map or deliver");
    }
}
