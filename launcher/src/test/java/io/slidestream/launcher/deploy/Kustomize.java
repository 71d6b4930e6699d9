package io.slidestream.launcher.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize}, the same code path as {@code kubectl apply -k}: a
 * renderer written here would check what that renderer makes of components, patches and generators, not
 * what a cluster gets. kubectl is therefore required, not optional: without it this fails, naming how to
 * get it ({@code ./slidestream test} checks for it first).
 */
final class Kustomize {
    private Kustomize() {
    }

    static Manifests render(String dir) {
        return render(ProjectFiles.K8S.resolve(dir));
    }

    /** The base with the given components only (e.g. "keda"), as an overlay that names them would render it. */
    static Manifests renderBaseWith(List<String> components) {
        try {
            Path dir = Files.createTempDirectory("kustomization");
            try {
                StringBuilder yaml = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")
                        .append("resources:\n  - ").append(dir.relativize(ProjectFiles.K8S.resolve("base"))).append("\ncomponents:\n");
                for (String component : components) {
                    yaml.append("  - ").append(dir.relativize(ProjectFiles.K8S.resolve("components").resolve(component))).append('\n');
                }
                Files.writeString(dir.resolve("kustomization.yaml"), yaml);
                return render(dir);
            } finally {
                Files.deleteIfExists(dir.resolve("kustomization.yaml"));
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("a kustomization with " + components, e);
        }
    }

    private static Manifests render(Path kustomization) {
        String dir = kustomization.toString();
        if (!onPath("kubectl")) {
            throw new IllegalStateException("kubectl is not on PATH: the deploy tests render " + kustomization
                    + " with `kubectl kustomize` (kubectl 1.27+, https://kubernetes.io/docs/tasks/tools/)");
        }
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            try {
                Process kubectl = new ProcessBuilder("kubectl", "kustomize", dir)
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!kubectl.waitFor(60, TimeUnit.SECONDS)) {
                    kubectl.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 60 s");
                }
                String rendered = Files.readString(out);
                if (kubectl.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed:\n" + rendered);
                }
                return Manifests.parse(rendered);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(java.io.File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
