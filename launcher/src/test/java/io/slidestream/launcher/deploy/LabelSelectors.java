package io.slidestream.launcher.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.slidestream.launcher.deploy.Manifests.list;
import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;

/** Kubernetes label selectors: a plain map (Service) or matchLabels + matchExpressions (the rest). */
final class LabelSelectors {
    private LabelSelectors() {
    }

    static boolean mapMatches(Map<String, Object> selector, Map<String, Object> labels) {
        return selector.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(e.getValue()),
                labels.get(e.getKey()) == null ? null : String.valueOf(labels.get(e.getKey()))));
    }

    static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        Object matchLabels = selector.get("matchLabels");
        if (matchLabels != null && !mapMatches(map(matchLabels), labels)) {
            return false;
        }
        for (Map<String, Object> expression : maps(selector.get("matchExpressions"))) {
            String key = (String) expression.get("key");
            List<String> values = list(expression.get("values")).stream().map(String::valueOf).toList();
            Object label = labels.get(key);
            boolean ok = switch ((String) expression.get("operator")) {
                case "In" -> label != null && values.contains(String.valueOf(label));
                case "NotIn" -> label == null || !values.contains(String.valueOf(label));
                case "Exists" -> label != null;
                case "DoesNotExist" -> label == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
