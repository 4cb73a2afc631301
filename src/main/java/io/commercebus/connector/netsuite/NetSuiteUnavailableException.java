package io.commercebus.connector.netsuite;

/**
 * NetSuite could not answer now (5xx, timeout, record lock, throttling that outlasted the wait, a
 * login failure): the record is retried later with backoff.
 */
public class NetSuiteUnavailableException extends RuntimeException {

    public NetSuiteUnavailableException(String message) {
        super(message);
    }

    public NetSuiteUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
