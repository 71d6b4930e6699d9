package io.slidestream.launcher;

import io.slidestream.core.events.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deploy files create exactly the topics the code uses: those of {@link Topics} and their DLQs, plus the
 * aggregator's own (its progress topic), read from the aggregator's source, which this module does not have on
 * its classpath. The aggregator's Kafka Streams internal topics are left to Kafka Streams.
 */
class DeployTopicsTest {
    private static final Path CREATE_TOPICS = Path.of("..", "deploy", "k8s", "base", "create-topics.sh");
    private static final Path AGGREGATOR = Path.of("..", "aggregator-service", "src", "main");
    private static final Path SLIDE_TOPOLOGY =
            AGGREGATOR.resolve("java/io/slidestream/aggregator/streams/SlideTopology.java");
    private static final Path AGGREGATOR_PROPERTIES = AGGREGATOR.resolve("resources/application.properties");

    @Test
    void topicScriptCreatesEveryTopicOfTheContractsAndItsDeadLetterTopicAndTheAggregatorsTopics() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (String topic : contractTopics().values()) {
            expected.add(topic);
            expected.add(Topics.deadLetter(topic));
        }
        expected.addAll(aggregatorTopics());
        Set<String> actual = new TreeSet<>(createdTopics().keySet());
        assertEquals(expected, actual, "topics in " + CREATE_TOPICS + " vs Topics and the aggregator: " + String.join(", ", actual));
    }

    @Test
    void everyTopicTheAggregatorUsesIsCreated() throws IOException {
        Set<String> used = aggregatorTopics();
        // What its one SmallRye channel reads, too (channel name = topic unless .topic says otherwise).
        Matcher channel = Pattern.compile("(?m)^mp\\.messaging\\.(?:incoming|outgoing)\\.([\\w-]+)\\.connector=")
                .matcher(Files.readString(AGGREGATOR_PROPERTIES));
        while (channel.find()) {
            Matcher topic = Pattern.compile("(?m)^mp\\.messaging\\.(?:incoming|outgoing)\\." + Pattern.quote(channel.group(1))
                    + "\\.topic=(\\S+)").matcher(Files.readString(AGGREGATOR_PROPERTIES));
            used.add(topic.find() ? topic.group(1) : channel.group(1));
        }
        assertTrue(used.contains("slide-progress"), "the aggregator's topics as read from its source: " + used);
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(createdTopics().keySet());
        assertEquals(Set.of(), missing, "topics the aggregator uses that " + CREATE_TOPICS + " does not create");
        assertFalse(createdTopics().keySet().stream().anyMatch(t -> t.endsWith("-changelog") || t.endsWith("-repartition")),
                "Kafka Streams creates its internal topics itself");
    }

    /**
     * The aggregator's inputs feed one Kafka Streams sub-topology: task N reads partition N of each, so a slide's
     * manifest, scores and status meet in one state store only when the three topics have as many partitions.
     */
    @Test
    void aggregatorInputsAreCoPartitioned() throws IOException {
        Map<String, Integer> created = createdTopics();
        Map<String, Integer> inputs = new LinkedHashMap<>();
        for (String input : aggregatorInputs()) {
            inputs.put(input, created.get(input));
        }
        assertEquals(1, Set.copyOf(inputs.values()).size(), "partitions of the aggregator's inputs: " + inputs);
    }

    /** Topic name → partitions, from the {@code create <topic> <partitions>} lines. */
    private static Map<String, Integer> createdTopics() throws IOException {
        Matcher created = Pattern.compile("(?m)^create (\\S+) (\\d+)$").matcher(Files.readString(CREATE_TOPICS));
        Map<String, Integer> topics = new LinkedHashMap<>();
        while (created.find()) {
            topics.put(created.group(1), Integer.parseInt(created.group(2)));
        }
        return topics;
    }

    /** Constant name → topic, of {@link Topics}. */
    private static Map<String, String> contractTopics() {
        Map<String, String> topics = new LinkedHashMap<>();
        try {
            for (Field field : Topics.class.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                        && !field.getName().equals("DEAD_LETTER_SUFFIX")) {
                    topics.put(field.getName(), (String) field.get(null));
                }
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return topics;
    }

    /** SlideTopology.INPUTS, written there as {@code List.of(Topics.A, Topics.B, ...)}. */
    private static List<String> aggregatorInputs() throws IOException {
        Matcher inputs = Pattern.compile("INPUTS\\s*=\\s*List\\.of\\(([^)]*)\\)").matcher(Files.readString(SLIDE_TOPOLOGY));
        assertTrue(inputs.find(), "INPUTS = List.of(...) in " + SLIDE_TOPOLOGY);
        Map<String, String> contract = contractTopics();
        List<String> topics = new ArrayList<>();
        for (String constant : inputs.group(1).split(",")) {
            String name = constant.strip().replaceFirst("^Topics\\.", "");
            assertTrue(contract.containsKey(name), "SlideTopology input " + constant.strip() + " is a Topics constant");
            topics.add(contract.get(name));
        }
        return topics;
    }

    /** Inputs, their dead-letter topics, and the topics SlideTopology names itself ({@code _TOPIC = "..."}). */
    private static Set<String> aggregatorTopics() throws IOException {
        Set<String> topics = new TreeSet<>();
        for (String input : aggregatorInputs()) {
            topics.add(input);
            topics.add(Topics.deadLetter(input));
        }
        Matcher own = Pattern.compile("_TOPIC\\s*=\\s*\"([^\"]+)\"").matcher(Files.readString(SLIDE_TOPOLOGY));
        while (own.find()) {
            topics.add(own.group(1));
        }
        return topics.stream().collect(Collectors.toCollection(TreeSet::new));
    }
}
