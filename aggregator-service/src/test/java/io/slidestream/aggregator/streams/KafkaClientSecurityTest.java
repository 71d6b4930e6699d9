package io.slidestream.aggregator.streams;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaClientSecurityTest {
    @Test
    void aSecuredBrokersLoginAndTrustSettingsReachTheStreamsClientsAndNothingElse() {
        Map<String, Object> kafka = Map.of(
                "bootstrap.servers", "slidestream-kafka-bootstrap:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a\" password=\"b\";",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/slidestream/kafka-ca/ca.crt",
                "auto.offset.reset", "earliest");
        assertEquals(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", kafka.get("sasl.jaas.config"),
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/slidestream/kafka-ca/ca.crt"), KafkaClientSecurity.of(kafka));
    }

    @Test
    void anUnsecuredBrokerAddsNothing() {
        assertEquals(Map.of(), KafkaClientSecurity.of(Map.of("bootstrap.servers", "localhost:9092")));
    }
}
