package io.commercebus.ledger;

/**
 * A failure that retrying cannot fix: the record goes to the dead-letter channel with this reason
 * code and waits for a person to fix the cause and replay it.
 */
public class PermanentFailure extends RuntimeException {

    private final String reason;

    public PermanentFailure(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PermanentFailure(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
