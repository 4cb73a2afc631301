package io.commercebus.ledger;

/**
 * Not a failure: the record needs another record in NetSuite first (a refund needs its order's Sales
 * Order). The ledger marks it HELD with the reason and the record it waits for, and puts it back to
 * work as soon as that record is delivered; no retry is spent meanwhile.
 */
public class RecordHeld extends RuntimeException {

    private final String reason;
    private final RecordKey waitingFor;

    public RecordHeld(String reason, RecordKey waitingFor, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.waitingFor = waitingFor;
    }

    public String reason() {
        return reason;
    }

    public RecordKey waitingFor() {
        return waitingFor;
    }
}
