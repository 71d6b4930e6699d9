package io.slidestream.launcher.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parses each object into the typed model of its apiVersion and kind, strictly: fabric8's and Strimzi's
 * models keep unknown fields in an "additional properties" map (so that a client survives newer servers),
 * which would let {@code contaners:} or {@code lagTreshold:} through. Here that catch-all is removed from
 * every model, so an unknown field is an error, as are a value of the wrong type and a kind without a model.
 */
final class StrictModels {
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", KedaModels.ScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", KedaModels.TriggerAuthentication.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PrometheusModels.PodMonitor.class));

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "8" where the API wants 8 is refused by the API server: refuse it here too.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // Quantities are int-or-string in the API (nvidia.com/gpu: 1, cpu: "2"): both are allowed there.
            .addModule(new SimpleModule().addDeserializer(Quantity.class, new StdScalarDeserializer<>(Quantity.class) {
                @Override
                public Quantity deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                    if (parser.currentToken().isScalarValue() && !parser.currentToken().isBoolean()) {
                        return new Quantity(parser.getText());
                    }
                    return (Quantity) context.handleUnexpectedToken(Quantity.class, parser);
                }
            }).setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                                                             BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    builder.setIgnoreUnknownProperties(false);
                    return builder;
                }
            }))
            .build();

    private StrictModels() {
    }

    /** The typed object, or an {@link IllegalArgumentException} saying which field is wrong. */
    static Object parse(Map<String, Object> doc) {
        return parse(doc, modelOf(doc));
    }

    static <T> T parse(Object tree, Class<T> model) {
        try {
            return MAPPER.convertValue(tree, model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(explain(e), e);
        }
    }

    static Class<?> modelOf(Map<String, Object> doc) {
        String key = doc.get("apiVersion") + "/" + doc.get("kind");
        Class<?> model = MODELS.get(key);
        if (model == null) {
            throw new IllegalArgumentException("no model for " + key + " (known: " + MODELS.keySet() + ")");
        }
        return model;
    }

    /** Jackson's message, first line only, with the field's path in the object. */
    private static String explain(IllegalArgumentException e) {
        if (e.getCause() instanceof JsonMappingException mapping) {
            String path = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return mapping.getOriginalMessage().lines().findFirst().orElse("") + " at " + path;
        }
        return e.getMessage();
    }
}
