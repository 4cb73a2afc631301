package io.commercebus.events;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Says, at most once a minute, that Kafka is refusing the sync events, and how many wait in the
 * outbox: the relay retries every few hundred milliseconds and must not flood the log meanwhile.
 */
public class RelayHealth {

    private static final Logger LOG = LoggerFactory.getLogger(RelayHealth.class);
    private static final Duration QUIET = Duration.ofMinutes(1);

    private final Outbox outbox;
    private Instant lastWarning = Instant.EPOCH;

    public RelayHealth(Outbox outbox) {
        this.outbox = outbox;
    }

    public synchronized void kafkaUnavailable(Exchange exchange) {
        Instant now = Instant.now();
        if (now.isAfter(lastWarning.plus(QUIET))) {
            lastWarning = now;
            Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            LOG.warn("Kafka does not take sync events ({}); {} wait in the outbox and will be published when it does",
                    e == null ? "unknown error" : e.getMessage(), outbox.backlog());
        }
    }
}
