package io.slidestream.launcher.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rendered Kubernetes objects as plain YAML trees, with the look-ups the checks share. The trees are
 * mutable copies, so that a test can plant a mistake in one and see a check report it.
 */
record Manifests(List<Map<String, Object>> docs) {
    /** A pod template and the workload (Deployment, StatefulSet, Job) it belongs to. */
    record PodTemplate(String workloadKind, String workloadName, Map<String, Object> labels, Map<String, Object> spec) {
    }

    static Manifests parse(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return new Manifests(docs);
    }

    /** A deep copy, to plant a mistake in. */
    Manifests copy() {
        return new Manifests(docs.stream().map(d -> map(deepCopy(d))).toList());
    }

    List<Map<String, Object>> ofKind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(name(d))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new IllegalStateException("no " + kind + " " + name));
    }

    List<PodTemplate> podTemplates() {
        List<PodTemplate> templates = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            if (List.of("Deployment", "StatefulSet", "Job").contains(doc.get("kind"))) {
                Map<String, Object> template = map(map(doc.get("spec")).get("template"));
                Object labels = map(template.getOrDefault("metadata", Map.of())).get("labels");
                templates.add(new PodTemplate((String) doc.get("kind"), name(doc),
                        labels == null ? Map.of() : map(labels), map(template.get("spec"))));
            }
        }
        return templates;
    }

    static String name(Map<String, Object> doc) {
        return (String) map(doc.get("metadata")).get("name");
    }

    static String describe(Map<String, Object> doc) {
        return doc.get("kind") + " " + name(doc);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) Objects.requireNonNull(o, "missing YAML mapping");
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    static List<Map<String, Object>> maps(Object o) {
        return list(o).stream().map(Manifests::map).toList();
    }

    /** The value at a path of keys and list indexes, e.g. {@code at(doc, "spec", "template", "spec")}. */
    static Object at(Object tree, Object... path) {
        Object node = tree;
        for (Object step : path) {
            node = step instanceof Integer i ? list(node).get(i) : map(node).get(step);
        }
        return node;
    }

    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, deepCopy(v)));
            return copy;
        }
        if (o instanceof List<?> l) {
            return new ArrayList<>(l.stream().map(Manifests::deepCopy).toList());
        }
        return o;
    }
}
