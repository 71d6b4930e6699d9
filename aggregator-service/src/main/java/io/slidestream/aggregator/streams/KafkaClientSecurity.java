package io.slidestream.aggregator.streams;

import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka client settings that say how to reach a secured broker (TLS, SASL logins), taken from the
 * service's Kafka configuration (Quarkus' "default-kafka-broker": every {@code kafka.*} property and
 * {@code KAFKA_*} variable), for the clients this service builds itself: the Kafka Streams application and the
 * admin client that creates missing topics. The SmallRye channel gets them from Quarkus already; without
 * these, the Streams clients would reach a SASL listener unauthenticated and be refused.
 */
final class KafkaClientSecurity {
    private KafkaClientSecurity() {
    }

    static Map<String, Object> of(Map<String, Object> kafkaConfig) {
        Map<String, Object> security = new TreeMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                security.put(key, value);
            }
        });
        return security;
    }
}
