package io.slidestream.launcher.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository as the launcher module's tests see them (they run in launcher/). */
final class ProjectFiles {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path K8S = DEPLOY.resolve("k8s");
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path DOCKER = DEPLOY.resolve("docker");
    static final Path CREATE_TOPICS = K8S.resolve("base/create-topics.sh");

    private ProjectFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
