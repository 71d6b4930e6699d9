package io.slidestream.launcher.deploy;

import io.slidestream.core.events.Topics;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topics of the aggregator's Kafka Streams application, read from its source (this module does not have
 * the aggregator on its classpath): SlideTopology's inputs, their dead-letter topics, and the topics it names
 * itself ({@code _TOPIC = "..."}). Its SmallRye channel is in its application.properties ({@link ServiceConfig}).
 */
final class AggregatorTopology {
    private static final Path SLIDE_TOPOLOGY = ProjectFiles.ROOT.resolve(
            "aggregator-service/src/main/java/io/slidestream/aggregator/streams/SlideTopology.java");

    private AggregatorTopology() {
    }

    /** SlideTopology.INPUTS, written there as {@code List.of(Topics.A, Topics.B, ...)}. */
    static List<String> inputs() {
        Matcher inputs = Pattern.compile("INPUTS\\s*=\\s*List\\.of\\(([^)]*)\\)").matcher(ProjectFiles.read(SLIDE_TOPOLOGY));
        if (!inputs.find()) {
            throw new IllegalStateException("no INPUTS = List.of(...) in " + SLIDE_TOPOLOGY);
        }
        Map<String, String> contract = contractTopics();
        List<String> topics = new ArrayList<>();
        for (String constant : inputs.group(1).split(",")) {
            String name = constant.strip().replaceFirst("^Topics\\.", "");
            if (!contract.containsKey(name)) {
                throw new IllegalStateException("SlideTopology input " + constant.strip() + " is not a Topics constant");
            }
            topics.add(contract.get(name));
        }
        return topics;
    }

    /** Topics SlideTopology writes besides its inputs' dead-letter topics (its {@code _TOPIC} constants). */
    static Set<String> ownTopics() {
        Set<String> topics = new TreeSet<>();
        Matcher own = Pattern.compile("_TOPIC\\s*=\\s*\"([^\"]+)\"").matcher(ProjectFiles.read(SLIDE_TOPOLOGY));
        while (own.find()) {
            topics.add(own.group(1));
        }
        return topics;
    }

    /** Inputs, their dead-letter topics and its own topics. */
    static Set<String> allTopics() {
        Set<String> topics = new TreeSet<>(ownTopics());
        for (String input : inputs()) {
            topics.add(input);
            topics.add(Topics.deadLetter(input));
        }
        return topics;
    }

    /** Constant name → topic, of {@link Topics}. */
    static Map<String, String> contractTopics() {
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
}
