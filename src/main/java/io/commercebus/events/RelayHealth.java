package io.commercebus.events;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Says, at most once a minute, that Kafka is refusing the sync events, and how many wait in the
 * outbox: the relay retries every few hundred milliseconds and must not flood the log meanwhile.
 * Remembers how the relay's last attempt went, for the health check.
 */
public class RelayHealth {

    private static final Logger LOG = LoggerFactory.getLogger(RelayHealth.class);
    private static final Duration QUIET = Duration.ofMinutes(1);

    private final Outbox outbox;
    private Instant lastWarning = Instant.EPOCH;
    private volatile Instant lastPublished;
    private volatile Instant failingSince;
    private volatile String lastError;

    public RelayHealth(Outbox outbox) {
        this.outbox = outbox;
    }

    public synchronized void kafkaUnavailable(Exchange exchange) {
        Instant now = Instant.now();
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        lastError = e == null ? "unknown error" : e.getMessage();
        if (failingSince == null) {
            failingSince = now;
        }
        if (now.isAfter(lastWarning.plus(QUIET))) {
            lastWarning = now;
            LOG.warn("Kafka does not take sync events ({}); {} wait in the outbox and will be published when it does",
                    lastError, outbox.backlog());
        }
    }

    /** Kafka acknowledged a batch of events. */
    public void published() {
        lastPublished = Instant.now();
        failingSince = null;
        lastError = null;
    }

    /** Since when the relay's every attempt failed, or null while Kafka takes the events (or none were sent yet). */
    public Instant failingSince() {
        return failingSince;
    }

    public String lastError() {
        return lastError;
    }

    /** When Kafka last acknowledged events, or null if not since start. */
    public Instant lastPublished() {
        return lastPublished;
    }
}
