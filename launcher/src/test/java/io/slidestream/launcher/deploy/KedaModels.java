package io.slidestream.launcher.deploy;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;
import java.util.Map;

/**
 * KEDA has no Java model on Maven Central: these records hold the fields of its CRDs (keda.sh/v1alpha1) that
 * SlideStream uses, after KEDA's reference (keda.sh/docs, "ScaledObject specification", "Apache Kafka"
 * scaler, "TriggerAuthentication"). Parsed strictly, any other field is reported: a field SlideStream starts
 * to use is added here on purpose, a typo is caught.
 */
final class KedaModels {
    private KedaModels() {
    }

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {
    }

    record ScaledObjectSpec(ScaleTargetRef scaleTargetRef, Integer minReplicaCount, Integer maxReplicaCount,
                            Integer idleReplicaCount, Integer pollingInterval, Integer cooldownPeriod,
                            List<Trigger> triggers) {
    }

    record ScaleTargetRef(String name, String kind, String apiVersion) {
    }

    record Trigger(String type, String name, Map<String, String> metadata, AuthenticationRef authenticationRef) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    /** The kafka scaler's metadata keys; its values are strings in the CRD. */
    record KafkaTriggerMetadata(String bootstrapServers, String consumerGroup, String topic, String lagThreshold,
                                String activationLagThreshold, String offsetResetPolicy, String allowIdleConsumers,
                                String scaleToZeroOnInvalidOffset, String excludePersistentLag,
                                String limitToPartitionsWithLag, String partitionLimitation, String sasl, String tls,
                                String version) {
    }

    record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {
    }

    record TriggerAuthenticationSpec(List<SecretTargetRef> secretTargetRef) {
    }

    record SecretTargetRef(String parameter, String name, String key) {
    }
}
