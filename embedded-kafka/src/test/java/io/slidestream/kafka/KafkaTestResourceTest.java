package io.slidestream.kafka;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaTestResourceTest {

    @Test
    void every_application_start_gets_the_same_running_broker() {
        Map<String, String> first = new KafkaTestResource().start();
        Map<String, String> second = new KafkaTestResource().start();

        String bootstrap = first.get("kafka.bootstrap.servers");
        assertEquals(first, second);
        assertEquals(bootstrap, first.get("mp.messaging.connector.smallrye-kafka.bootstrap.servers"));
        try (TopicProbe probe = new TopicProbe(bootstrap)) {
            probe.send("resource-topic", "key", "v");
            assertEquals(List.of("v"), probe.readValues("resource-topic", "key", 1, Duration.ofSeconds(30)));
        }
    }
}
