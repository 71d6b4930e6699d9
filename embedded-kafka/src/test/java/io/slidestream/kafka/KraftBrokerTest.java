package io.slidestream.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KraftBrokerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void records_sent_to_a_new_topic_are_read_back_from_its_auto_created_partitions() throws Exception {
        try (KraftBroker broker = KraftBroker.start(); TopicProbe probe = new TopicProbe(broker.bootstrapServers())) {
            // One key: the records share a partition, so they come back in order.
            for (String value : List.of("a", "b", "c")) {
                probe.send("auto-created", "key", value);
            }

            assertEquals(List.of("a", "b", "c"), probe.readValues("auto-created", "key", 3, PATIENCE));
            assertEquals(KraftBroker.DEFAULT_PARTITIONS, partitionCount(broker, "auto-created"));
        }
    }

    @Test
    void a_closed_broker_deletes_its_temporary_dir_and_a_new_one_starts_on_another_port() {
        KraftBroker first = KraftBroker.start();
        Path firstDir = first.logDir();
        int firstPort = first.port();
        try (TopicProbe probe = new TopicProbe(first.bootstrapServers())) {
            probe.send("restart", "key", "before");
        }
        first.close();
        assertFalse(Files.exists(firstDir));

        try (KraftBroker second = KraftBroker.start(); TopicProbe probe = new TopicProbe(second.bootstrapServers())) {
            assertNotEquals(firstPort, second.port());
            probe.send("restart", "key", "after");
            assertEquals(List.of("after"), probe.readValues("restart", "key", 1, PATIENCE));
        }
    }

    @Test
    void a_broker_restarted_on_its_own_dir_keeps_its_records(@TempDir Path parent) throws Exception {
        Path dir = parent.resolve("kafka-data");
        try (KraftBroker broker = KraftBroker.start(0, dir, 2); TopicProbe probe = new TopicProbe(broker.bootstrapServers())) {
            probe.send("kept", "x", "x");
            probe.send("kept", "y", "y");
        }

        try (KraftBroker restarted = KraftBroker.start(0, dir, 2);
             TopicProbe probe = new TopicProbe(restarted.bootstrapServers())) {
            assertEquals(2, probe.read("kept", record -> true, 2, PATIENCE).size());
            assertEquals(2, partitionCount(restarted, "kept"));
        }
        assertTrue(Files.exists(dir.resolve("meta.properties")));
    }

    private static int partitionCount(KraftBroker broker, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        }
    }
}
