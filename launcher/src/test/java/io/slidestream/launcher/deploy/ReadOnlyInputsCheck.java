package io.slidestream.launcher.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.slidestream.launcher.deploy.Manifests.map;
import static io.slidestream.launcher.deploy.Manifests.maps;

/**
 * Slides and models reach the services on read-only mounts, where their settings point: each folder of
 * SLIDESTREAM_SLIDE_ROOTS and SLIDESTREAM_MODEL_DIR (as the container's env or ConfigMap gives them) lies on a
 * volume mounted {@code readOnly}. SlideStream never writes them; a writable mount would let a bug or an
 * intruder in a pod alter the diagnostic material.
 */
final class ReadOnlyInputsCheck implements ManifestCheck {
    private static final List<String> INPUT_SETTINGS = List.of("SLIDESTREAM_SLIDE_ROOTS", "SLIDESTREAM_MODEL_DIR");

    @Override
    public List<String> findings(Manifests manifests) {
        List<String> findings = new ArrayList<>();
        for (ServiceContainers c : ServiceContainers.in(manifests)) {
            for (String setting : INPUT_SETTINGS) {
                if (!c.config().readsEnv(setting)) {
                    continue;
                }
                Optional<String> value = setting(manifests, c.container(), setting);
                if (value.isEmpty()) {
                    findings.add(c.where() + ": " + setting + " is not set");
                    continue;
                }
                for (String folder : value.get().split(",")) {
                    Optional<Map<String, Object>> mount = maps(c.container().get("volumeMounts")).stream()
                            .filter(m -> folder.equals(m.get("mountPath")) || folder.startsWith(m.get("mountPath") + "/"))
                            .findFirst();
                    if (mount.isEmpty()) {
                        findings.add(c.where() + ": " + setting + " " + folder + " is on no volume");
                    } else if (!Boolean.TRUE.equals(mount.get().get("readOnly"))) {
                        findings.add(c.where() + ": " + folder + " (" + setting + ") is mounted writable");
                    }
                }
            }
        }
        return findings;
    }

    /** A variable's value: the container's own env, else the first ConfigMap of its envFrom that has it. */
    private static Optional<String> setting(Manifests manifests, Map<String, Object> container, String name) {
        for (Map<String, Object> var : maps(container.get("env"))) {
            if (name.equals(var.get("name")) && var.get("value") != null) {
                return Optional.of(String.valueOf(var.get("value")));
            }
        }
        for (Map<String, Object> from : maps(container.get("envFrom"))) {
            Object ref = from.get("configMapRef");
            if (ref != null) {
                Optional<Object> value = manifests.find("ConfigMap", (String) map(ref).get("name"))
                        .map(c -> map(c.get("data")).get(name));
                if (value.isPresent()) {
                    return value.map(String::valueOf);
                }
            }
        }
        return Optional.empty();
    }
}
