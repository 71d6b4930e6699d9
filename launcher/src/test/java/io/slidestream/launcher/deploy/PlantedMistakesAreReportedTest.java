package io.slidestream.launcher.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.list;
import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each check fails on its mistake: a mistake is planted in a copy of the rendered prod overlay (which has every
 * component and passes every check as rendered) and the check must report it, naming what is wrong.
 */
class PlantedMistakesAreReportedTest {
    private static final ServiceConfig TILER = ServiceConfig.of("tiler-service");
    private static final ServiceConfig INFERENCE = ServiceConfig.of("inference-service");
    private static Manifests prod;

    @BeforeAll
    static void renderProd() {
        prod = Kustomize.render("overlays/prod");
        assertEquals(List.of(), ManifestCheck.runAll(prod), "prod as rendered");
    }

    // Unknown fields (typed models, strict).

    @Test
    void aTypoInADeploymentFieldIsReported() {
        assertReported(new SchemaCheck(), m -> rename(container(m, "Deployment", "tiler-service"), "imagePullPolicy", "imagePulPolicy"),
                "Deployment tiler-service: Unrecognized field \"imagePulPolicy\"", "containers[0].imagePulPolicy");
    }

    @Test
    void aTypoInAStrimziKafkaUserFieldIsReported() {
        assertReported(new SchemaCheck(), m -> rename(maps(at(m.get("KafkaUser", "inference-service"), "spec", "authorization", "acls")).getFirst(),
                "operations", "operation"), "KafkaUser inference-service: Unrecognized field \"operation\"");
    }

    @Test
    void aTypoInAKedaScaledObjectFieldIsReported() {
        assertReported(new SchemaCheck(), m -> rename(map(at(m.get("ScaledObject", "inference-service"), "spec")),
                "maxReplicaCount", "maxReplicasCount"), "ScaledObject inference-service: Unrecognized field \"maxReplicasCount\"");
    }

    @Test
    void aTypoInAKedaKafkaTriggersMetadataIsReported() {
        assertReported(new SchemaCheck(), m -> rename(map(at(m.get("ScaledObject", "inference-service"), "spec", "triggers", 0, "metadata")),
                "lagThreshold", "lagTreshold"), "Unrecognized field \"lagTreshold\"");
    }

    @Test
    void aTypoInAPodMonitorFieldIsReported() {
        assertReported(new SchemaCheck(), m -> rename(map(m.get("PodMonitor", "slidestream").get("spec")),
                "podMetricsEndpoints", "podMetricEndpoints"), "PodMonitor slidestream: Unrecognized field \"podMetricEndpoints\"");
    }

    @Test
    void aNumberWrittenAsAStringIsReported() {
        assertReported(new SchemaCheck(), m -> map(m.get("KafkaTopic", "patch-batches").get("spec")).put("partitions", "8"),
                "KafkaTopic patch-batches:", "spec.partitions");
    }

    // Ports.

    @Test
    void aContainerPortOtherThanTheServicesHttpPortIsReported() {
        assertReported(new PortCheck(), m -> maps(container(m, "Deployment", "inference-service").get("ports")).getFirst()
                .put("containerPort", INFERENCE.httpPort() + 1), "container inference-service: containerPort "
                + (INFERENCE.httpPort() + 1) + " is not quarkus.http.port " + INFERENCE.httpPort());
    }

    @Test
    void aServicePortOtherThanTheServicesHttpPortIsReported() {
        assertReported(new PortCheck(), m -> maps(at(m.get("Service", "tiler-service"), "spec", "ports")).getFirst().put("port", 80),
                "Service tiler-service: port 80 is not tiler-service's quarkus.http.port " + TILER.httpPort());
    }

    @Test
    void aServiceTargetingAPortTheContainerDoesNotHaveIsReported() {
        assertReported(new PortCheck(), m -> maps(at(m.get("Service", "aggregator-service"), "spec", "ports")).getFirst()
                .put("targetPort", "metrics"), "Service aggregator-service: targetPort metrics");
    }

    // Probes.

    @Test
    void aProbePathTheServiceDoesNotServeIsReported() {
        assertReported(new ProbeCheck(), m -> map(map(container(m, "StatefulSet", "aggregator-service").get("readinessProbe")).get("httpGet"))
                .put("path", "/health/ready"), "container aggregator-service: readinessProbe path /health/ready is not served");
    }

    @Test
    void aScrapePathTheServiceDoesNotServeIsReported() {
        assertReported(new ProbeCheck(), m -> maps(at(m.get("PodMonitor", "slidestream"), "spec", "podMetricsEndpoints")).getFirst()
                .put("path", "/metrics"), "PodMonitor slidestream: path /metrics is not");
    }

    // Selectors.

    @Test
    void aServiceSelectorMatchingNoPodIsReported() {
        assertReported(new SelectorCheck(), m -> map(at(m.get("Service", "tiler-service"), "spec", "selector"))
                .put("app.kubernetes.io/name", "tiler"), "Service tiler-service: selector matches no pod");
    }

    @Test
    void aPodDisruptionBudgetSelectorMatchingNoPodIsReported() {
        assertReported(new SelectorCheck(), m -> map(at(m.get("PodDisruptionBudget", "inference-service"), "spec", "selector", "matchLabels"))
                .put("app.kubernetes.io/name", "inference"), "PodDisruptionBudget inference-service: selector matches no pod");
    }

    @Test
    void aNetworkPolicyPeerMatchingNoPodIsReported() {
        assertReported(new SelectorCheck(), m -> map(at(m.get("NetworkPolicy", "tiler-service-ingress"), "spec", "ingress", 0, "from", 0,
                        "podSelector", "matchLabels")).put("app.kubernetes.io/name", "aggregator"),
                "NetworkPolicy tiler-service-ingress ingress peer: selector matches no pod");
    }

    // KEDA against inference-service's consumer.

    @Test
    void aKedaConsumerGroupOtherThanTheServicesGroupIdIsReported() {
        String group = INFERENCE.incoming().stream().filter(in -> in.topic().equals("patch-batches")).findFirst()
                .orElseThrow().groupId();
        assertReported(new KedaCheck(), m -> trigger(m, 0).put("consumerGroup", group + "-workers"),
                "consumerGroup " + group + "-workers on patch-batches differs from group.id " + group);
    }

    @Test
    void aKedaTopicTheServiceDoesNotConsumeIsReported() {
        assertReported(new KedaCheck(), m -> trigger(m, 1).put("topic", "patch-batch-urgent"),
                "topic patch-batch-urgent is not consumed by inference-service", "no trigger on patch-batches-urgent");
    }

    @Test
    void moreKedaReplicasThanPartitionsIsReported() {
        int partitions = TopicPartitions.of(prod).get("patch-batches");
        assertReported(new KedaCheck(), m -> map(at(m.get("ScaledObject", "inference-service"), "spec"))
                .put("maxReplicaCount", partitions + 1), "maxReplicaCount " + (partitions + 1) + " exceeds the "
                + partitions + " partitions of patch-batches");
    }

    @Test
    void aKedaBootstrapServerOtherThanTheServicesIsReported() {
        Object bootstrap = map(prod.get("ConfigMap", "slidestream-config").get("data")).get("KAFKA_BOOTSTRAP_SERVERS");
        assertReported(new KedaCheck(), m -> trigger(m, 0).put("bootstrapServers", "kafka.example:9092"),
                "bootstrapServers kafka.example:9092 differs from KAFKA_BOOTSTRAP_SERVERS " + bootstrap);
    }

    // Kafka ACLs against each service's channels.

    @Test
    void anAclMissingATopicTheServiceWritesIsReported() {
        assertReported(new KafkaAclCheck(), m -> list(at(m.get("KafkaUser", "inference-service"), "spec", "authorization", "acls"))
                .removeIf(acl -> "score-batches".equals(at(acl, "resource", "name"))),
                "KafkaUser inference-service: no ACL allows Write on topic score-batches");
    }

    @Test
    void anAclOnAnotherGroupThanTheServicesIsReported() {
        assertReported(new KafkaAclCheck(), m -> maps(at(m.get("KafkaUser", "tiler-service"), "spec", "authorization", "acls")).stream()
                .filter(acl -> "group".equals(at(acl, "resource", "type"))).forEach(acl -> map(acl.get("resource")).put("name", "other")),
                "KafkaUser tiler-service: no ACL allows Read on group " + TILER.incoming().getFirst().groupId());
    }

    @Test
    void anAggregatorWithoutItsTransactionalIdsIsReported() {
        assertReported(new KafkaAclCheck(), m -> list(at(m.get("KafkaUser", "aggregator-service"), "spec", "authorization", "acls"))
                .removeIf(acl -> "transactionalId".equals(at(acl, "resource", "type"))),
                "no ACL allows Write on transactionalId aggregator*");
    }

    @Test
    void aServiceLoggingInAsAnotherUserIsReported() {
        assertReported(new KafkaAclCheck(), m -> maps(container(m, "Deployment", "tiler-service").get("env")).stream()
                .filter(e -> "KAFKA_SASL_JAAS_CONFIG".equals(e.get("name")))
                .forEach(e -> map(at(e, "valueFrom", "secretKeyRef")).put("name", "inference-service")),
                "KAFKA_SASL_JAAS_CONFIG comes from Secret inference-service, not from KafkaUser tiler-service's");
    }

    // Settings.

    @Test
    void aMisspeltSettingInTheConfigMapIsReported() {
        assertReported(new EnvCheck(), m -> rename(map(m.get("ConfigMap", "slidestream-config").get("data")),
                "SLIDESTREAM_MODEL_DIR", "SLIDESTREAM_MODELS_DIR"), "SLIDESTREAM_MODELS_DIR is read by none of the containers");
    }

    @Test
    void aMisspeltKafkaClientSettingIsReported() {
        assertReported(new EnvCheck(), m -> maps(container(m, "Deployment", "inference-service").get("env")).stream()
                .filter(e -> "KAFKA_SASL_JAAS_CONFIG".equals(e.get("name"))).forEach(e -> e.put("name", "KAFKA_SASL_JAAS")),
                "KAFKA_SASL_JAAS is not a setting of inference-service");
    }

    // Read-only inputs.

    @Test
    void aWritableSlideMountIsReported() {
        assertReported(new ReadOnlyInputsCheck(), m -> maps(container(m, "Deployment", "inference-service").get("volumeMounts")).stream()
                .filter(v -> "/slides".equals(v.get("mountPath"))).forEach(v -> v.remove("readOnly")),
                "container inference-service: /slides (SLIDESTREAM_SLIDE_ROOTS) is mounted writable");
    }

    @Test
    void aModelFolderOnNoVolumeIsReported() {
        assertReported(new ReadOnlyInputsCheck(), m -> map(m.get("ConfigMap", "slidestream-config").get("data"))
                .put("SLIDESTREAM_MODEL_DIR", "/opt/models/slidestream-demo"),
                "container tiler-service: SLIDESTREAM_MODEL_DIR /opt/models/slidestream-demo is on no volume");
    }

    private static Map<String, Object> trigger(Manifests m, int index) {
        return map(at(m.get("ScaledObject", "inference-service"), "spec", "triggers", index, "metadata"));
    }

    private static Map<String, Object> container(Manifests m, String kind, String name) {
        return maps(at(m.get(kind, name), "spec", "template", "spec", "containers")).stream()
                .filter(c -> name.equals(c.get("name"))).findFirst().orElseThrow();
    }

    private static void rename(Map<String, Object> map, String from, String to) {
        assertTrue(map.containsKey(from), from + " is there to misspell");
        map.put(to, map.remove(from));
    }

    private static void assertReported(ManifestCheck check, Consumer<Manifests> mistake, String... expected) {
        Manifests planted = prod.copy();
        mistake.accept(planted);
        List<String> findings = check.findings(planted);
        for (String text : expected) {
            assertTrue(findings.stream().anyMatch(f -> f.contains(text)),
                    check.getClass().getSimpleName() + " reports '" + text + "'; it reported " + findings);
        }
    }
}
