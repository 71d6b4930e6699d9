package io.slidestream.launcher.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;

/**
 * Every selector selects some pod of this configuration: Services, PodDisruptionBudgets, NetworkPolicies
 * (their own pods and same-namespace peers), PodMonitors, and the workloads' own selectors against their
 * templates. A selector that matches nothing is silent in a cluster: no endpoints, no budget, no policy.
 */
final class SelectorCheck implements ManifestCheck {
    @Override
    public List<String> findings(Manifests manifests) {
        List<String> findings = new ArrayList<>();
        List<Manifests.PodTemplate> pods = manifests.podTemplates();
        for (Map<String, Object> service : manifests.ofKind("Service")) {
            Map<String, Object> selector = map(at(service, "spec", "selector"));
            expect(findings, pods, Manifests.describe(service), p -> LabelSelectors.mapMatches(selector, p.labels()));
        }
        for (Map<String, Object> pdb : manifests.ofKind("PodDisruptionBudget")) {
            expect(findings, pods, Manifests.describe(pdb), selects(map(at(pdb, "spec", "selector"))));
        }
        for (Map<String, Object> monitor : manifests.ofKind("PodMonitor")) {
            expect(findings, pods, Manifests.describe(monitor), selects(map(at(monitor, "spec", "selector"))));
        }
        for (Map<String, Object> policy : manifests.ofKind("NetworkPolicy")) {
            expect(findings, pods, Manifests.describe(policy), selects(map(at(policy, "spec", "podSelector"))));
            for (Map<String, Object> rule : maps(at(policy, "spec", "ingress"))) {
                for (Map<String, Object> peer : maps(rule.get("from"))) {
                    // Peers with a namespaceSelector may be in other namespaces, which this configuration does not hold.
                    if (peer.get("podSelector") != null && peer.get("namespaceSelector") == null) {
                        expect(findings, pods, Manifests.describe(policy) + " ingress peer",
                                selects(map(peer.get("podSelector"))));
                    }
                }
            }
        }
        for (String kind : List.of("Deployment", "StatefulSet")) {
            for (Map<String, Object> workload : manifests.ofKind(kind)) {
                Map<String, Object> labels = map(at(workload, "spec", "template", "metadata", "labels"));
                if (!LabelSelectors.matches(map(at(workload, "spec", "selector")), labels)) {
                    findings.add(Manifests.describe(workload) + ": selector does not match its own pod template " + labels);
                }
            }
        }
        return findings;
    }

    private static Predicate<Manifests.PodTemplate> selects(Map<String, Object> selector) {
        return p -> LabelSelectors.matches(selector, p.labels());
    }

    private static void expect(List<String> findings, List<Manifests.PodTemplate> pods, String what,
                               Predicate<Manifests.PodTemplate> selects) {
        if (pods.stream().noneMatch(selects)) {
            findings.add(what + ": selector matches no pod");
        }
    }
}
