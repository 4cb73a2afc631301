package io.commercebus.observe;

import io.commercebus.events.Outbox;
import io.commercebus.events.RelayHealth;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Instant;
import java.util.Map;

/**
 * Whether Kafka takes the sync events. Neither liveness nor readiness: while Kafka is down the events
 * wait in the outbox and the bus syncs on, so an instance is not taken out of service for it; the
 * check is DOWN in {@code /observe/health} with how many events wait, for a person to look at.
 */
public class KafkaRelayCheck extends AbstractHealthCheck {

    private final RelayHealth relay;
    private final Outbox outbox;

    public KafkaRelayCheck(RelayHealth relay, Outbox outbox) {
        super("commerce-bus", "kafka");
        this.relay = relay;
        this.outbox = outbox;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String waiting;
        try {
            waiting = Long.toString(outbox.backlog());
        } catch (RuntimeException e) {
            waiting = "an unknown number of";
        }
        builder.detail("outbox.events", waiting);
        Instant published = relay.lastPublished();
        if (published != null) {
            builder.detail("last.published", published.toString());
        }
        Instant failing = relay.failingSince();
        if (failing == null) {
            builder.message(waiting + " events await Kafka").up();
        } else {
            builder.detail("failing.since", failing.toString());
            builder.message("Kafka refuses sync events since " + failing + " (" + relay.lastError() + "); " + waiting
                    + " wait in the outbox, none lost").down();
        }
    }

    @Override
    public boolean isReadiness() {
        return false;
    }
}
