package io.slidestream.launcher.deploy;

import io.slidestream.core.events.Topics;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deploy files create exactly the topics the code uses: those of {@link Topics} and their DLQs, plus the
 * aggregator's own (its progress topic), read from the aggregator's source. The aggregator's Kafka Streams
 * internal topics are left to Kafka Streams. create-topics.sh (compose, the base's Job) and the Strimzi
 * KafkaTopics agree.
 */
class TopicsMatchTheContractsTest {
    @Test
    void topicScriptCreatesEveryTopicOfTheContractsAndItsDeadLetterTopicAndTheAggregatorsTopics() {
        Set<String> expected = new TreeSet<>();
        for (String topic : AggregatorTopology.contractTopics().values()) {
            expected.add(topic);
            expected.add(Topics.deadLetter(topic));
        }
        expected.addAll(AggregatorTopology.allTopics());
        Set<String> actual = new TreeSet<>(TopicPartitions.fromScript().keySet());
        assertEquals(expected, actual, "topics in " + ProjectFiles.CREATE_TOPICS + " vs Topics and the aggregator");
    }

    @Test
    void everyTopicAServiceUsesIsCreated() {
        Set<String> used = new TreeSet<>(AggregatorTopology.allTopics());
        for (ServiceConfig service : ServiceConfig.all()) {
            service.incoming().forEach(in -> used.add(in.topic()));
            service.incoming().stream().filter(in -> in.deadLetterTopic() != null).forEach(in -> used.add(in.deadLetterTopic()));
            used.addAll(service.outgoingTopics());
        }
        assertTrue(used.contains("slide-progress"), "the aggregator's topics as read from its source: " + used);
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(TopicPartitions.fromScript().keySet());
        assertEquals(Set.of(), missing, "topics the services use that " + ProjectFiles.CREATE_TOPICS + " does not create");
        assertFalse(TopicPartitions.fromScript().keySet().stream().anyMatch(t -> t.endsWith("-changelog") || t.endsWith("-repartition")),
                "Kafka Streams creates its internal topics itself");
    }

    /**
     * The aggregator's inputs feed one Kafka Streams sub-topology: task N reads partition N of each, so a slide's
     * manifest, scores and status meet in one state store only when the three topics have as many partitions.
     */
    @Test
    void aggregatorInputsAreCoPartitioned() {
        Map<String, Integer> created = TopicPartitions.fromScript();
        Map<String, Integer> inputs = new LinkedHashMap<>();
        for (String input : AggregatorTopology.inputs()) {
            inputs.put(input, created.get(input));
        }
        assertEquals(1, Set.copyOf(inputs.values()).size(), "partitions of the aggregator's inputs: " + inputs);
    }

    /** components/strimzi's KafkaTopics are the script's topics with the same partition counts, in every overlay. */
    @Test
    void strimziKafkaTopicsAreTheScriptsTopicsWithTheirPartitions() {
        for (String overlay : RenderedManifestsAreValidTest.STRIMZI_OVERLAYS) {
            Manifests rendered = Kustomize.render(overlay);
            assertFalse(rendered.ofKind("KafkaTopic").isEmpty(), overlay + " has KafkaTopics");
            assertEquals(TopicPartitions.fromScript(), TopicPartitions.of(rendered), "KafkaTopics of " + overlay);
        }
    }
}
