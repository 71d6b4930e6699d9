package io.slidestream.launcher.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.slidestream.launcher.deploy.Manifests.at;

/** Partition counts of the topics: as create-topics.sh creates them, or as a configuration's KafkaTopics do. */
final class TopicPartitions {
    private TopicPartitions() {
    }

    /** Topic name → partitions, from create-topics.sh's {@code create <topic> <partitions>} lines. */
    static Map<String, Integer> fromScript() {
        Matcher created = Pattern.compile("(?m)^create (\\S+) (\\d+)$").matcher(ProjectFiles.read(ProjectFiles.CREATE_TOPICS));
        Map<String, Integer> topics = new LinkedHashMap<>();
        while (created.find()) {
            topics.put(created.group(1), Integer.parseInt(created.group(2)));
        }
        return topics;
    }

    /** The KafkaTopics' counts where the configuration has KafkaTopics (components/strimzi), else the script's. */
    static Map<String, Integer> of(Manifests manifests) {
        if (manifests.ofKind("KafkaTopic").isEmpty()) {
            return fromScript();
        }
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Map<String, Object> topic : manifests.ofKind("KafkaTopic")) {
            Object topicName = Manifests.map(at(topic, "spec")).get("topicName");
            topics.put(topicName != null ? (String) topicName : Manifests.name(topic),
                    Integer.valueOf(String.valueOf(at(topic, "spec", "partitions"))));
        }
        return topics;
    }
}
