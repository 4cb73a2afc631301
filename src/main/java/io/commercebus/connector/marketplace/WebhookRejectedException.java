package io.commercebus.connector.marketplace;

/**
 * A webhook delivery the bus refuses: answered with {@code status} and a body saying what was wrong
 * and what to do. Nothing is staged.
 */
public class WebhookRejectedException extends RuntimeException {

    private final int status;
    private final String hint;

    public WebhookRejectedException(int status, String message, String hint) {
        super(message);
        this.status = status;
        this.hint = hint;
    }

    public int getStatus() {
        return status;
    }

    public String getHint() {
        return hint;
    }
}
