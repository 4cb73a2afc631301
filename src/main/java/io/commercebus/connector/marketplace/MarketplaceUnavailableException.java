package io.commercebus.connector.marketplace;

/** The marketplace could not answer now (5xx, timeout, rate limit outlasting the wait): retried later. */
public class MarketplaceUnavailableException extends RuntimeException {

    public MarketplaceUnavailableException(String message) {
        super(message);
    }

    public MarketplaceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
