package io.slidestream.kafka;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka in Docker through Testcontainers, the opt-in alternative to {@link KraftBroker}. Same Kafka version
 * and partition count as the embedded broker. Kept in its own class so Testcontainers is only loaded when
 * chosen.
 */
final class TestcontainersKafka implements RunningKafka {
    /** The image of the kafka-clients version on the classpath. */
    private static final String IMAGE = "apache/kafka:" + AppInfoParser.getVersion();

    private final KafkaContainer container;

    private TestcontainersKafka(KafkaContainer container) {
        this.container = container;
    }

    static TestcontainersKafka start() {
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(KraftBroker.DEFAULT_PARTITIONS));
        container.start();
        return new TestcontainersKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
