package io.commercebus.connector.netsuite;

import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;

/** NetSuite refused the request for a reason retrying cannot fix; the record is dead-lettered with NetSuite's detail. */
public class NetSuiteRejectedException extends PermanentFailure {

    private final NetSuiteError error;

    public NetSuiteRejectedException(String operation, NetSuiteError error) {
        super(DeadLetterReason.NETSUITE_REJECTED, "NetSuite refused " + operation + ": " + error);
        this.error = error;
    }

    public NetSuiteError error() {
        return error;
    }
}
