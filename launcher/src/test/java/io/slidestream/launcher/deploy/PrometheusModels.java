package io.slidestream.launcher.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;

/**
 * The Prometheus Operator's PodMonitor (monitoring.coreos.com/v1), the fields SlideStream uses. fabric8 8.0.0
 * publishes no monitoring model on Maven Central (its BOM names openshift-model-monitoring 8.0.0, which is not
 * there), so, as for KEDA, records parsed strictly.
 */
final class PrometheusModels {
    private PrometheusModels() {
    }

    record PodMonitor(String apiVersion, String kind, ObjectMeta metadata, PodMonitorSpec spec) {
    }

    record PodMonitorSpec(LabelSelector selector, List<PodMetricsEndpoint> podMetricsEndpoints,
                          NamespaceSelector namespaceSelector, String jobLabel) {
    }

    record PodMetricsEndpoint(String port, String path, String interval, String scrapeTimeout, String scheme) {
    }

    record NamespaceSelector(Boolean any, List<String> matchNames) {
    }
}
