package io.slidestream.launcher.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;

/** The containers of SlideStream's services in rendered manifests, each with its service's configuration. */
record ServiceContainers(Manifests.PodTemplate pod, Map<String, Object> container, ServiceConfig config) {

    static List<ServiceContainers> in(Manifests manifests) {
        List<ServiceContainers> found = new ArrayList<>();
        for (Manifests.PodTemplate pod : manifests.podTemplates()) {
            for (Map<String, Object> container : maps(pod.spec().get("containers"))) {
                String name = (String) container.get("name");
                if (ServiceConfig.SERVICES.contains(name)) {
                    found.add(new ServiceContainers(pod, container, ServiceConfig.of(name)));
                }
            }
        }
        return found;
    }

    String where() {
        return pod.workloadKind() + " " + pod.workloadName() + " container " + container.get("name");
    }

    /** The container port a port reference (a name or a number) stands for, if the container has it. */
    Optional<Integer> resolvePort(Object reference) {
        for (Map<String, Object> port : maps(container.get("ports"))) {
            if (reference.equals(port.get("name")) || reference.equals(port.get("containerPort"))) {
                return Optional.of((Integer) port.get("containerPort"));
            }
        }
        return reference instanceof Integer number ? Optional.of(number) : Optional.empty();
    }

    /** The annotations of the pod template (none: empty). */
    static Map<String, Object> annotations(Manifests manifests, Manifests.PodTemplate pod) {
        Map<String, Object> workload = manifests.get(pod.workloadKind(), pod.workloadName());
        Object annotations = map(at(workload, "spec", "template", "metadata")).get("annotations");
        return annotations == null ? Map.of() : map(annotations);
    }
}
