package io.slidestream.launcher;

import io.slidestream.core.events.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The deploy files create exactly the topics the code uses (names live in {@link Topics}), and their DLQs. */
class DeployTopicsTest {
    private static final Path CREATE_TOPICS = Path.of("..", "deploy", "k8s", "base", "create-topics.sh");

    @Test
    void topicScriptCreatesEveryTopicOfTheContractsAndItsDeadLetterTopic() throws IOException, IllegalAccessException {
        List<String> expected = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().equals("DEAD_LETTER_SUFFIX")) {
                String topic = (String) field.get(null);
                expected.add(topic);
                expected.add(Topics.deadLetter(topic));
            }
        }
        Matcher created = Pattern.compile("(?m)^create (\\S+) \\d+$").matcher(Files.readString(CREATE_TOPICS));
        List<String> actual = new ArrayList<>();
        while (created.find()) {
            actual.add(created.group(1));
        }
        assertEquals(Set.copyOf(expected), Set.copyOf(actual),
                "topics in " + CREATE_TOPICS + " vs Topics: " + actual.stream().sorted().collect(Collectors.joining(", ")));
    }
}
