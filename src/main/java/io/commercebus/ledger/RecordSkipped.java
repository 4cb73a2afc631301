package io.commercebus.ledger;

/**
 * Not a failure: the record is left out on purpose (its mapping's skip rule matched, e.g. a pending
 * order or one cancelled before import). The ledger marks it SKIPPED with the reason and logs it;
 * a new version of the record is considered again.
 */
public class RecordSkipped extends RuntimeException {

    private final String reason;

    public RecordSkipped(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
