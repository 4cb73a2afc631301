package io.commercebus.events;

import io.commercebus.config.BusProperties;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka client properties for an external cluster, passed to the event relay's producer as they are:
 * {@code bus.kafka.client.<Kafka property>} ({@code bus.kafka.client.security.protocol = SASL_SSL}). The
 * security properties a managed cluster asks for are read from the environment too
 * ({@code BUS_KAFKA_CLIENT_SASL_JAAS_CONFIG}) without being named in a file; any other Kafka producer
 * property is passed on when a settings file names it.
 */
public final class KafkaClientSettings {

    public static final String PREFIX = "bus.kafka.client.";

    /** SASL and TLS: what Confluent Cloud, MSK, Aiven or a self-run cluster with authentication need. */
    public static final List<String> SECURITY = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
            "sasl.client.callback.handler.class", "sasl.login.callback.handler.class", "sasl.oauthbearer.token.endpoint.url",
            "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.type", "ssl.keystore.location",
            "ssl.keystore.password", "ssl.keystore.type", "ssl.key.password", "ssl.endpoint.identification.algorithm");

    private KafkaClientSettings() {
    }

    /** The Kafka client properties configured, by Kafka's names; empty on a plain cluster. */
    public static Map<String, Object> of(BusProperties props) {
        Map<String, Object> client = new TreeMap<>();
        for (String name : SECURITY) {
            props.get(PREFIX + name).ifPresent(value -> client.put(name, value.trim()));
        }
        props.under(PREFIX).forEach((name, value) -> {
            if (!value.isBlank()) {
                client.put(name, value.trim());
            }
        });
        return client;
    }
}
