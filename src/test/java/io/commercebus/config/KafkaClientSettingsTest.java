package io.commercebus.config;

import io.commercebus.events.KafkaClientSettings;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** A managed Kafka cluster's SASL/TLS settings reach the relay's producer, from the environment or a settings file. */
class KafkaClientSettingsTest {

    @Test
    void saslSslFromTheEnvironmentWinsOverCamelsPlaintextDefault() throws Exception {
        Map<String, String> env = Map.of(
                "BUS_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "BUS_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "BUS_KAFKA_CLIENT_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"bus\" password=\"s3cret\";",
                "BUS_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "/run/secrets/kafka-truststore.p12",
                "BUS_KAFKA_CLIENT_SSL_TRUSTSTORE_PASSWORD", "changeit");

        Properties producer = producerProperties(Map.of(), env);

        assertThat(producer).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/run/secrets/kafka-truststore.p12")
                .containsEntry("ssl.truststore.password", "changeit");
        assertThat(producer.getProperty("sasl.jaas.config")).contains("ScramLoginModule", "username=\"bus\"");
    }

    @Test
    void anyProducerPropertyASettingsFileNamesIsPassedOnAndABlankOneIsLeftOut() throws Exception {
        Map<String, String> file = Map.of("bus.kafka.client.compression.type", "zstd",
                "bus.kafka.client.client.dns.lookup", "use_all_dns_ips", "bus.kafka.client.sasl.kerberos.service.name", " ");

        assertThat(producerProperties(file, Map.of())).containsEntry("compression.type", "zstd")
                .containsEntry("client.dns.lookup", "use_all_dns_ips");
        assertThat(settings(file, Map.of())).doesNotContainKey("sasl.kerberos.service.name");
    }

    @Test
    void aPlainClusterNeedsNothing() throws Exception {
        assertThat(settings(Map.of(), Map.of())).isEmpty();
        assertThat(producerProperties(Map.of(), Map.of())).containsEntry("security.protocol", "PLAINTEXT");
    }

    private static Properties producerProperties(Map<String, String> file, Map<String, String> env) throws Exception {
        KafkaConfiguration kafka = new KafkaConfiguration();
        kafka.setBrokers("kafka-1:9093");
        kafka.setAdditionalProperties(new LinkedHashMap<>(settings(file, env)));
        return kafka.createProducerProperties();
    }

    private static Map<String, Object> settings(Map<String, String> file, Map<String, String> env) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties initial = new Properties();
            initial.putAll(file);
            camel.getPropertiesComponent().setInitialProperties(initial);
            return KafkaClientSettings.of(new BusProperties(camel.getPropertiesComponent(), env));
        }
    }
}
