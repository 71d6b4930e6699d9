package io.slidestream.launcher.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;

/**
 * Ports agree with each service's {@code quarkus.http.port}: its container port, the Prometheus annotation,
 * and every Service in front of it (port and target port), since URLs elsewhere (the aggregator's tiler URL,
 * compose) are written with that one port.
 */
final class PortCheck implements ManifestCheck {
    @Override
    public List<String> findings(Manifests manifests) {
        List<String> findings = new ArrayList<>();
        for (ServiceContainers c : ServiceContainers.in(manifests)) {
            int http = c.config().httpPort();
            List<Map<String, Object>> ports = maps(c.container().get("ports"));
            if (ports.isEmpty()) {
                findings.add(c.where() + ": no container port (quarkus.http.port is " + http + ")");
            }
            for (Map<String, Object> port : ports) {
                if (!Integer.valueOf(http).equals(port.get("containerPort"))) {
                    findings.add(c.where() + ": containerPort " + port.get("containerPort")
                            + " is not quarkus.http.port " + http);
                }
            }
            Object annotated = ServiceContainers.annotations(manifests, c.pod()).get("prometheus.io/port");
            if (annotated != null && !String.valueOf(http).equals(annotated)) {
                findings.add(c.where() + ": prometheus.io/port " + annotated + " is not quarkus.http.port " + http);
            }
        }
        for (Map<String, Object> service : manifests.ofKind("Service")) {
            Map<String, Object> selector = map(at(service, "spec", "selector"));
            for (ServiceContainers c : ServiceContainers.in(manifests)) {
                if (!LabelSelectors.mapMatches(selector, c.pod().labels())) {
                    continue;
                }
                int http = c.config().httpPort();
                for (Map<String, Object> port : maps(at(service, "spec", "ports"))) {
                    Object target = port.getOrDefault("targetPort", port.get("port"));
                    Optional<Integer> resolved = c.resolvePort(target);
                    if (resolved.isEmpty() || resolved.get() != http) {
                        findings.add(Manifests.describe(service) + ": targetPort " + target + " is not "
                                + c.where() + "'s quarkus.http.port " + http);
                    }
                    if (!Integer.valueOf(http).equals(port.get("port"))) {
                        findings.add(Manifests.describe(service) + ": port " + port.get("port") + " is not "
                                + c.config().name() + "'s quarkus.http.port " + http);
                    }
                }
            }
        }
        return findings;
    }
}
