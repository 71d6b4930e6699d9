package io.slidestream.launcher.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;

/**
 * Every environment variable given to a service is one it reads (a misspelt setting is silently ignored by
 * MicroProfile Config): a setting of the service ({@link ServiceConfig#readsEnv}), one its image sets or its
 * entrypoint reads, or one that another variable of the container refers to as {@code $(NAME)}. A shared
 * ConfigMap's keys must each be read by one of the containers that take it (the topics Job reads what
 * create-topics.sh does).
 */
final class EnvCheck implements ManifestCheck {
    @Override
    public List<String> findings(Manifests manifests) {
        List<String> findings = new ArrayList<>();
        Set<String> image = Dockerfiles.imageVariables();
        Map<String, Set<String>> readersOfConfigMap = new java.util.TreeMap<>();
        for (Manifests.PodTemplate pod : manifests.podTemplates()) {
            for (Map<String, Object> container : maps(pod.spec().get("containers"))) {
                String name = (String) container.get("name");
                Set<String> reads = reads(name, container, image);
                for (Map<String, Object> var : maps(container.get("env"))) {
                    String variable = (String) var.get("name");
                    if (ServiceConfig.SERVICES.contains(name) && !reads.contains(variable)
                            && !ServiceConfig.of(name).readsEnv(variable)) {
                        findings.add(pod.workloadKind() + " " + pod.workloadName() + " container " + name + ": "
                                + variable + " is not a setting of " + name);
                    }
                }
                for (Map<String, Object> from : maps(container.get("envFrom"))) {
                    Object ref = from.get("configMapRef");
                    if (ref != null) {
                        String configMap = (String) map(ref).get("name");
                        Set<String> keys = readersOfConfigMap.computeIfAbsent(configMap, k -> new TreeSet<>());
                        keys.addAll(reads);
                        if (ServiceConfig.SERVICES.contains(name)) {
                            keys.addAll(ServiceConfig.of(name).settings());
                            manifests.find("ConfigMap", configMap).ifPresent(c -> map(c.get("data")).keySet().stream()
                                    .filter(ServiceConfig.of(name)::readsEnv).forEach(keys::add));
                        }
                    }
                }
            }
        }
        readersOfConfigMap.forEach((configMap, reads) -> manifests.find("ConfigMap", configMap).ifPresent(c -> {
            for (String key : map(c.get("data")).keySet()) {
                if (!reads.contains(key)) {
                    findings.add("ConfigMap " + configMap + ": " + key + " is read by none of the containers that take it");
                }
            }
        }));
        return findings;
    }

    /** What a container reads besides its service's settings: image variables, $(NAME) references, its script's. */
    private static Set<String> reads(String container, Map<String, Object> spec, Set<String> image) {
        Set<String> reads = new TreeSet<>(image);
        Matcher reference = Pattern.compile("\\$\\((\\w+)\\)").matcher(maps(spec.get("env")).stream()
                .map(e -> String.valueOf(e.get("value"))).reduce("", String::concat));
        while (reference.find()) {
            reads.add(reference.group(1));
        }
        if (String.valueOf(at(spec, "command")).contains("create-topics.sh")) {
            Matcher variable = Pattern.compile("\\$\\{(\\w+)").matcher(ProjectFiles.read(ProjectFiles.CREATE_TOPICS));
            while (variable.find()) {
                reads.add(variable.group(1));
            }
        }
        return reads;
    }
}
