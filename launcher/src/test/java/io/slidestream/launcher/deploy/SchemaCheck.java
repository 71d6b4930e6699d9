package io.slidestream.launcher.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;

/** Every object parses into its typed model with no unknown field; so do the KEDA kafka triggers' metadata. */
final class SchemaCheck implements ManifestCheck {
    @Override
    public List<String> findings(Manifests manifests) {
        List<String> findings = new ArrayList<>();
        for (Map<String, Object> doc : manifests.docs()) {
            try {
                StrictModels.parse(doc);
                if ("ScaledObject".equals(doc.get("kind"))) {
                    for (Map<String, Object> trigger : maps(at(doc, "spec", "triggers"))) {
                        if ("kafka".equals(trigger.get("type"))) {
                            StrictModels.parse(map(trigger.get("metadata")), KedaModels.KafkaTriggerMetadata.class);
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                findings.add(Manifests.describe(doc) + ": " + e.getMessage());
            }
        }
        return findings;
    }
}
