package io.slidestream.launcher.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the deployed aggregator needs, checked offline in deploy/'s files: a StatefulSet whose pods advertise
 * their own URL through a headless Service, its state and results directories on volumes, the tiler's URL,
 * and API keys (on in deploy/) from a Secret that nothing in the repository holds. The kustomize base is read
 * file by file, and every overlay as {@code kubectl kustomize} renders it. docker-compose.yml is checked for the
 * same things.
 */
class AggregatorDeploymentTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path BASE = DEPLOY.resolve("k8s/base");
    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    private static final Path DOCKERFILE = DEPLOY.resolve("docker/Dockerfile.jvm");
    private static final String AGGREGATOR = "aggregator-service";
    private static final String TILER = "tiler-service";

    @Test
    void kustomizeBase() throws IOException {
        Map<String, Object> kustomization = yaml(Files.readString(BASE.resolve("kustomization.yaml"))).getFirst();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object resource : list(kustomization.get("resources"))) {
            docs.addAll(yaml(Files.readString(BASE.resolve((String) resource))));
        }
        assertNull(kustomization.get("secretGenerator"), "no API key is committed: the Secret is created by hand");
        checkDeployed(docs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void renderedOverlays(String dir) throws IOException {
        checkDeployed(Kustomize.render(dir).docs());
    }

    @Test
    void dockerCompose() throws IOException {
        Map<String, Object> compose = yaml(Files.readString(COMPOSE)).getFirst();
        Map<String, Object> services = map(compose.get("services"));
        Map<String, Object> aggregator = map(services.get(AGGREGATOR));
        Map<String, Object> env = map(aggregator.get("environment"));

        // Keys from a variable the user must set (no default key); the tiler accepts the one the aggregator sends.
        String keys = requiredVariable(env, "SLIDESTREAM_SECURITY_API_KEYS");
        assertEquals(keys, requiredVariable(env, "SLIDESTREAM_AGGREGATOR_TILER_API_KEY"));
        assertEquals(keys, requiredVariable(map(map(services.get(TILER)).get("environment")), "SLIDESTREAM_SECURITY_API_KEYS"));
        assertEquals("http://" + TILER + ":8081", env.get("SLIDESTREAM_AGGREGATOR_TILER_URL"));

        // State and results dirs (set by the aggregator image, unless compose overrides them) on named volumes.
        String dockerfile = Files.readString(DOCKERFILE);
        Map<String, Object> volumes = map(compose.get("volumes"));
        List<String> mounts = list(aggregator.get("volumes")).stream().map(String.class::cast).toList();
        for (String setting : List.of("SLIDESTREAM_AGGREGATOR_STATE_DIR", "SLIDESTREAM_AGGREGATOR_RESULTS_DIR")) {
            String dir = env.containsKey(setting) ? (String) env.get(setting) : imageEnv(dockerfile, setting);
            String mount = mounts.stream().filter(m -> m.split(":")[1].equals(dir)).findFirst()
                    .orElseThrow(() -> new AssertionError(setting + "=" + dir + " is not a mount of " + AGGREGATOR + ": " + mounts));
            assertTrue(volumes.containsKey(mount.split(":")[0]), mount + " is a named volume");
        }
    }

    /** The assertions on one deployed configuration: every Kubernetes object it applies. */
    private static void checkDeployed(List<Map<String, Object>> docs) throws IOException {
        assertTrue(find(docs, "Deployment", AGGREGATOR).isEmpty(), "the aggregator is no longer a Deployment");
        Map<String, Object> sts = find(docs, "StatefulSet", AGGREGATOR)
                .orElseThrow(() -> new AssertionError("a StatefulSet " + AGGREGATOR));
        Map<String, Object> spec = map(sts.get("spec"));

        // The headless Service that gives the pods their names, also while they are not ready (rebalancing).
        String serviceName = (String) spec.get("serviceName");
        Map<String, Object> headless = map(find(docs, "Service", serviceName)
                .orElseThrow(() -> new AssertionError("the StatefulSet's Service " + serviceName)).get("spec"));
        assertEquals("None", headless.get("clusterIP"));
        assertEquals(true, headless.get("publishNotReadyAddresses"));
        assertEquals(map(spec.get("selector")).get("matchLabels"), headless.get("selector"));

        Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
        Map<String, Object> container = container(pod, AGGREGATOR);
        List<Map<String, Object>> env = list(container.get("env")).stream().map(AggregatorDeploymentTest::map).toList();
        int port = ((Number) map(list(container.get("ports")).getFirst()).get("containerPort")).intValue();

        // instance-url: this pod's name under the headless Service, on the container's port.
        String url = (String) value(env, "SLIDESTREAM_AGGREGATOR_INSTANCE_URL");
        assertNotNull(url, "SLIDESTREAM_AGGREGATOR_INSTANCE_URL is set");
        assertTrue(url.matches("http://\\$\\(POD_NAME\\)\\." + Pattern.quote(serviceName) + "\\.[^/]*:" + port),
                "instance URL " + url);
        assertEquals("metadata.name", fieldRef(env, "POD_NAME"));
        if (url.contains("$(POD_NAMESPACE)")) {
            assertEquals("metadata.namespace", fieldRef(env, "POD_NAMESPACE"));
        }
        assertTrue(indexOf(env, "POD_NAME") < indexOf(env, "SLIDESTREAM_AGGREGATOR_INSTANCE_URL"),
                "POD_NAME is defined before the URL that refers to it");

        // Results on a PersistentVolumeClaim of this configuration; state on the pod's own claim.
        String results = mountedVolume(container, (String) value(env, "SLIDESTREAM_AGGREGATOR_RESULTS_DIR"));
        Map<String, Object> resultsVolume = list(pod.get("volumes")).stream().map(AggregatorDeploymentTest::map)
                .filter(v -> results.equals(v.get("name"))).findFirst().orElseThrow();
        String claim = (String) map(resultsVolume.get("persistentVolumeClaim")).get("claimName");
        assertTrue(find(docs, "PersistentVolumeClaim", claim).isPresent(), "the results PVC " + claim);
        String state = mountedVolume(container, (String) value(env, "SLIDESTREAM_AGGREGATOR_STATE_DIR"));
        assertTrue(list(spec.get("volumeClaimTemplates")).stream().map(AggregatorDeploymentTest::map)
                .anyMatch(t -> state.equals(map(t.get("metadata")).get("name"))), "the state dir is on a volumeClaimTemplate");
        assertNotNull(map(pod.get("securityContext")).get("fsGroup"), "the volumes are writable by the service's user");

        // The tiler URL names the tiler's Service and port.
        Map<String, Object> tilerService = map(find(docs, "Service", TILER).orElseThrow().get("spec"));
        int tilerPort = ((Number) map(list(tilerService.get("ports")).getFirst()).get("port")).intValue();
        assertEquals("http://" + TILER + ":" + tilerPort, setting(docs, container, env, "SLIDESTREAM_AGGREGATOR_TILER_URL"));

        // API keys: on, from one Secret (not in the repository); probes need none.
        Map<String, Object> tilerPod = map(map(map(find(docs, "Deployment", TILER).orElseThrow().get("spec")).get("template")).get("spec"));
        Map<String, Object> tiler = container(tilerPod, TILER);
        Map<String, Object> keys = secretKeyRef(env, "SLIDESTREAM_SECURITY_API_KEYS");
        assertEquals(keys, secretKeyRef(list(tiler.get("env")).stream().map(AggregatorDeploymentTest::map).toList(),
                "SLIDESTREAM_SECURITY_API_KEYS"), "tiler and aggregator accept the same keys");
        Map<String, Object> tilerKey = secretKeyRef(env, "SLIDESTREAM_AGGREGATOR_TILER_API_KEY");
        assertEquals(keys.get("name"), tilerKey.get("name"));
        String secret = (String) keys.get("name");
        assertTrue(docs.stream().noneMatch(d -> "Secret".equals(d.get("kind"))), "no Secret (no key) is committed");
        for (Map<String, Object> doc : docs) {
            if ("ConfigMap".equals(doc.get("kind")) && doc.get("data") != null) {
                assertTrue(map(doc.get("data")).keySet().stream().noneMatch(k -> k.contains("API_KEY")),
                        "no API key in ConfigMap " + map(doc.get("metadata")).get("name"));
            }
        }
        String readme = Files.readString(DEPLOY.resolve("README.md"));
        for (Object key : List.of(keys.get("key"), tilerKey.get("key"))) {
            assertTrue(readme.contains("create secret generic " + secret) && readme.contains("--from-literal=" + key + "="),
                    "deploy/README.md shows how to create Secret " + secret + " with key " + key);
        }
        for (Map<String, Object> c : List.of(container, tiler)) {
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = (String) map(map(c.get(probe)).get("httpGet")).get("path");
                assertTrue(path.startsWith("/q/health/"), c.get("name") + " " + probe + " " + path + " needs no key");
            }
        }
    }

    private static String requiredVariable(Map<String, Object> env, String name) {
        String value = String.valueOf(env.get(name));
        Matcher variable = Pattern.compile("\\$\\{(\\w+):\\?[^}]*}").matcher(value);
        assertTrue(variable.matches(), name + " comes from a variable compose requires (no default key): " + value);
        return variable.group(1);
    }

    private static String imageEnv(String dockerfile, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\S+)").matcher(dockerfile);
        assertTrue(m.find(), name + " in " + DOCKERFILE);
        return m.group(1);
    }

    /** The name of the volume mounted exactly at dir. */
    private static String mountedVolume(Map<String, Object> container, String dir) {
        assertNotNull(dir, "directory setting");
        return list(container.get("volumeMounts")).stream().map(AggregatorDeploymentTest::map)
                .filter(m -> dir.equals(m.get("mountPath"))).map(m -> (String) m.get("name")).findFirst()
                .orElseThrow(() -> new AssertionError(dir + " is not a mount of " + container.get("name")));
    }

    /** An env value, or the value a ConfigMap of envFrom gives it. */
    private static Object setting(List<Map<String, Object>> docs, Map<String, Object> container,
                                  List<Map<String, Object>> env, String name) {
        if (indexOf(env, name) >= 0) {
            return value(env, name);
        }
        for (Object from : list(container.get("envFrom"))) {
            Object ref = map(from).get("configMapRef");
            if (ref != null) {
                Map<String, Object> configMap = find(docs, "ConfigMap", (String) map(ref).get("name")).orElseThrow();
                Object value = map(configMap.get("data")).get(name);
                if (value != null) {
                    return value;
                }
            }
        }
        return fail(name + " is not set for " + container.get("name"));
    }

    private static Map<String, Object> secretKeyRef(List<Map<String, Object>> env, String name) {
        Map<String, Object> var = env.stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is set"));
        assertNull(var.get("value"), name + " has no literal value");
        Map<String, Object> ref = map(map(var.get("valueFrom")).get("secretKeyRef"));
        assertNotEquals(true, ref.get("optional"), name + ": without the Secret the pod must not start with keys off");
        return Map.of("name", ref.get("name"), "key", ref.get("key"));
    }

    private static Object fieldRef(List<Map<String, Object>> env, String name) {
        return map(map(env.get(indexOf(env, name)).get("valueFrom")).get("fieldRef")).get("fieldPath");
    }

    private static Object value(List<Map<String, Object>> env, String name) {
        int i = indexOf(env, name);
        return i < 0 ? null : env.get(i).get("value");
    }

    private static int indexOf(List<Map<String, Object>> env, String name) {
        for (int i = 0; i < env.size(); i++) {
            if (name.equals(env.get(i).get("name"))) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Object> container(Map<String, Object> pod, String name) {
        return list(pod.get("containers")).stream().map(AggregatorDeploymentTest::map)
                .filter(c -> name.equals(c.get("name"))).findFirst().orElseThrow(() -> new AssertionError("container " + name));
    }

    private static java.util.Optional<Map<String, Object>> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(map(d.get("metadata")).get("name"))).findFirst();
    }

    private static List<Map<String, Object>> yaml(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(text)) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) Objects.requireNonNull(o, "missing YAML mapping");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
