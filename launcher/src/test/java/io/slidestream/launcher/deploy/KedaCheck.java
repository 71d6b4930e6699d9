package io.slidestream.launcher.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;

/**
 * A ScaledObject scales its target on the lag of the target service's own consumer group over the topics it
 * consumes (all of them: a topic without a trigger could pile up unseen), at the Kafka the services use, and
 * never to more replicas than the smallest of those topics has partitions (a consumer beyond that idles).
 */
final class KedaCheck implements ManifestCheck {
    @Override
    public List<String> findings(Manifests manifests) {
        List<String> findings = new ArrayList<>();
        Map<String, Integer> partitions = TopicPartitions.of(manifests);
        for (Map<String, Object> scaled : manifests.ofKind("ScaledObject")) {
            String where = Manifests.describe(scaled);
            String target = (String) at(scaled, "spec", "scaleTargetRef", "name");
            Optional<ServiceContainers> service = ServiceContainers.in(manifests).stream()
                    .filter(c -> c.pod().workloadKind().equals("Deployment") && c.pod().workloadName().equals(target))
                    .findFirst();
            if (service.isEmpty()) {
                findings.add(where + ": scaleTargetRef " + target + " is no Deployment of a SlideStream service");
                continue;
            }
            ServiceConfig config = service.get().config();
            Set<String> triggered = new TreeSet<>();
            Object bootstrap = manifests.find("ConfigMap", "slidestream-config")
                    .map(c -> map(c.get("data")).get("KAFKA_BOOTSTRAP_SERVERS")).orElse(null);
            for (Map<String, Object> trigger : maps(at(scaled, "spec", "triggers"))) {
                if (!"kafka".equals(trigger.get("type"))) {
                    continue;
                }
                Map<String, Object> metadata = map(trigger.get("metadata"));
                String topic = (String) metadata.get("topic");
                triggered.add(topic);
                Optional<ServiceConfig.Incoming> channel = config.incoming().stream()
                        .filter(in -> in.topic().equals(topic)).findFirst();
                if (channel.isEmpty()) {
                    findings.add(where + ": topic " + topic + " is not consumed by " + config.name());
                } else if (!channel.get().groupId().equals(metadata.get("consumerGroup"))) {
                    findings.add(where + ": consumerGroup " + metadata.get("consumerGroup") + " on " + topic
                            + " differs from group.id " + channel.get().groupId() + " of " + config.name()
                            + "'s channel " + channel.get().channel());
                }
                if (!metadata.get("bootstrapServers").equals(bootstrap)) {
                    findings.add(where + ": bootstrapServers " + metadata.get("bootstrapServers")
                            + " differs from KAFKA_BOOTSTRAP_SERVERS " + bootstrap);
                }
                Object max = at(scaled, "spec", "maxReplicaCount");
                Integer count = partitions.get(topic);
                if (count == null) {
                    findings.add(where + ": topic " + topic + " is not created");
                } else if (max instanceof Integer m && m > count) {
                    findings.add(where + ": maxReplicaCount " + m + " exceeds the " + count + " partitions of " + topic);
                }
            }
            for (ServiceConfig.Incoming in : config.incoming()) {
                if (!triggered.contains(in.topic())) {
                    findings.add(where + ": no trigger on " + in.topic() + ", which " + config.name() + " consumes");
                }
            }
        }
        return findings;
    }
}
