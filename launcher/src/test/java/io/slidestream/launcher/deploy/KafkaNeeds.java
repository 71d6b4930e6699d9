package io.slidestream.launcher.deploy;

import io.slidestream.core.events.Topics;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Kafka operations a service performs, derived from its configuration: what an ACL for it must allow.
 * Consumers need Read on their topic and group; producers Write on their topic, dead-letter topics included.
 * The aggregator's Kafka Streams application also needs its group, its transactional ids (exactly-once) and
 * its internal topics, all named after its application id.
 */
final class KafkaNeeds {
    /** One operation on one resource; {@code prefix}: any resource whose name starts with {@code name}. */
    record Need(String resourceType, String name, boolean prefix, String operation) {
        @Override
        public String toString() {
            return operation + " on " + resourceType + " " + name + (prefix ? "*" : "");
        }
    }

    private KafkaNeeds() {
    }

    static Set<Need> of(ServiceConfig service) {
        Set<Need> needs = new LinkedHashSet<>();
        for (ServiceConfig.Incoming in : service.incoming()) {
            needs.add(new Need("topic", in.topic(), false, "Read"));
            // No group.id: SmallRye makes one up per instance, so only an ACL on any group ("*") covers it.
            needs.add(new Need("group", in.groupId() == null ? "*" : in.groupId(), false, "Read"));
            if (in.deadLetterTopic() != null) {
                needs.add(new Need("topic", in.deadLetterTopic(), false, "Write"));
            }
        }
        for (String topic : service.outgoingTopics()) {
            needs.add(new Need("topic", topic, false, "Write"));
        }
        if (service.name().equals("aggregator-service")) {
            needs.addAll(streamsNeeds(service.properties().getProperty("slidestream.aggregator.application-id")));
        }
        return needs;
    }

    private static Set<Need> streamsNeeds(String applicationId) {
        Set<Need> needs = new LinkedHashSet<>();
        for (String input : AggregatorTopology.inputs()) {
            needs.add(new Need("topic", input, false, "Read"));
            needs.add(new Need("topic", Topics.deadLetter(input), false, "Write"));
        }
        for (String own : AggregatorTopology.ownTopics()) {
            needs.add(new Need("topic", own, false, "Write"));
        }
        needs.add(new Need("group", applicationId, false, "Read"));
        needs.add(new Need("transactionalId", applicationId, true, "Write"));
        for (String operation : new String[] {"Create", "Read", "Write"}) {
            needs.add(new Need("topic", applicationId + "-", true, operation));
        }
        return needs;
    }
}
