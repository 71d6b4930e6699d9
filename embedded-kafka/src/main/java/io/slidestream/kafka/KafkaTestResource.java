package io.slidestream.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Locale;
import java.util.Map;

/**
 * Kafka for {@code @QuarkusTest}s: one broker per test JVM, shared by every test class and closed when the
 * JVM exits. Use with {@code scope = TestResourceScope.GLOBAL} so a restarted application finds it too.
 *
 * <p>By default an in-process {@link KraftBroker}. With {@code -Dslidestream.kafka=testcontainers} (or env
 * {@code SLIDESTREAM_KAFKA=testcontainers}) a Kafka container instead, for machines with a Docker engine.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    static final String SWITCH_PROPERTY = "slidestream.kafka";
    static final String SWITCH_ENV = "SLIDESTREAM_KAFKA";

    private static RunningKafka kafka;

    @Override
    public Map<String, String> start() {
        String bootstrap = shared().bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap);
    }

    /** The broker outlives each application start; the JVM's exit closes it. */
    @Override
    public void stop() {
    }

    /** The JVM's Kafka, started on first use; also for tests that need it without Quarkus. */
    public static synchronized RunningKafka shared() {
        if (kafka == null) {
            kafka = useTestcontainers() ? TestcontainersKafka.start() : KraftBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-shutdown"));
        }
        return kafka;
    }

    private static boolean useTestcontainers() {
        String choice = System.getProperty(SWITCH_PROPERTY, System.getenv(SWITCH_ENV));
        return choice != null && choice.toLowerCase(Locale.ROOT).equals("testcontainers");
    }
}
