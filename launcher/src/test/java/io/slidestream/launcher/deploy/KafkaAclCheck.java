package io.slidestream.launcher.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.list;
import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;

/**
 * With Kafka users in the configuration (components/security), each service logs in as its own KafkaUser,
 * from the Secret Strimzi makes for that user, and the user's ACLs allow every operation the service's
 * configuration implies ({@link KafkaNeeds}): a missing one is a service that fails at its first poll.
 */
final class KafkaAclCheck implements ManifestCheck {
    @Override
    public List<String> findings(Manifests manifests) {
        List<String> findings = new ArrayList<>();
        if (manifests.ofKind("KafkaUser").isEmpty()) {
            return findings;
        }
        for (ServiceContainers c : ServiceContainers.in(manifests)) {
            String service = c.config().name();
            Optional<Map<String, Object>> user = manifests.find("KafkaUser", service);
            if (user.isEmpty()) {
                findings.add(c.where() + ": no KafkaUser " + service);
                continue;
            }
            String secret = maps(c.container().get("env")).stream()
                    .filter(e -> "KAFKA_SASL_JAAS_CONFIG".equals(e.get("name")))
                    .map(e -> (String) at(e, "valueFrom", "secretKeyRef", "name")).findFirst().orElse(null);
            if (!service.equals(secret)) {
                findings.add(c.where() + ": KAFKA_SASL_JAAS_CONFIG comes from Secret " + secret
                        + ", not from KafkaUser " + service + "'s");
            }
            List<Map<String, Object>> acls = maps(at(user.get(), "spec", "authorization", "acls"));
            for (KafkaNeeds.Need need : KafkaNeeds.of(c.config())) {
                if (acls.stream().noneMatch(acl -> covers(acl, need))) {
                    findings.add("KafkaUser " + service + ": no ACL allows " + need);
                }
            }
        }
        return findings;
    }

    private static boolean covers(Map<String, Object> acl, KafkaNeeds.Need need) {
        Map<String, Object> resource = map(acl.get("resource"));
        List<Object> operations = list(acl.get("operations"));
        if (!need.resourceType().equals(resource.get("type"))
                || !(operations.contains(need.operation()) || operations.contains("All"))) {
            return false;
        }
        String name = (String) resource.get("name");
        if ("prefix".equals(resource.get("patternType"))) {
            return need.name().startsWith(name);
        }
        return "*".equals(name) || (!need.prefix() && need.name().equals(name));
    }
}
