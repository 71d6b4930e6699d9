package io.slidestream.launcher.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;

/**
 * Probes and scrapes ask for paths the service serves, on its port: SmallRye Health's endpoints for the
 * probes and the Micrometer Prometheus endpoint for annotations and PodMonitors. ImageEntrypointsIT shows the started services answering on them.
 */
final class ProbeCheck implements ManifestCheck {
    private static final List<String> PROBES = List.of("startupProbe", "livenessProbe", "readinessProbe");

    @Override
    public List<String> findings(Manifests manifests) {
        List<String> findings = new ArrayList<>();
        for (ServiceContainers c : ServiceContainers.in(manifests)) {
            for (String probe : PROBES) {
                Object spec = c.container().get(probe);
                if (spec == null) {
                    findings.add(c.where() + ": no " + probe);
                    continue;
                }
                Map<String, Object> get = map(map(spec).get("httpGet"));
                String path = (String) get.get("path");
                if (!c.config().healthPaths().contains(path)) {
                    findings.add(c.where() + ": " + probe + " path " + path + " is not served (health: "
                            + c.config().healthPaths() + ")");
                }
                Optional<Integer> port = c.resolvePort(get.get("port"));
                if (port.isEmpty() || port.get() != c.config().httpPort()) {
                    findings.add(c.where() + ": " + probe + " port " + get.get("port") + " is not quarkus.http.port "
                            + c.config().httpPort());
                }
            }
            Object scrapePath = ServiceContainers.annotations(manifests, c.pod()).get("prometheus.io/path");
            if (scrapePath != null && !scrapePath.equals(c.config().metricsPath())) {
                findings.add(c.where() + ": prometheus.io/path " + scrapePath + " is not " + c.config().metricsPath());
            }
        }
        for (Map<String, Object> monitor : manifests.ofKind("PodMonitor")) {
            Map<String, Object> selector = map(at(monitor, "spec", "selector"));
            for (Map<String, Object> endpoint : maps(at(monitor, "spec", "podMetricsEndpoints"))) {
                for (ServiceContainers c : ServiceContainers.in(manifests)) {
                    if (!LabelSelectors.matches(selector, c.pod().labels())) {
                        continue;
                    }
                    if (!c.config().metricsPath().equals(endpoint.get("path"))) {
                        findings.add(Manifests.describe(monitor) + ": path " + endpoint.get("path") + " is not "
                                + c.config().name() + "'s " + c.config().metricsPath());
                    }
                    Optional<Integer> port = c.resolvePort(endpoint.get("port"));
                    if (port.isEmpty() || port.get() != c.config().httpPort()) {
                        findings.add(Manifests.describe(monitor) + ": port " + endpoint.get("port") + " is not "
                                + c.where() + "'s quarkus.http.port");
                    }
                }
            }
        }
        return findings;
    }
}
