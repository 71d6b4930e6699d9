package io.slidestream.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where things are in a built checkout: the service jars, the launcher jar, the TensorFlow natives, and
 * the folder local runs write to ({@code .slidestream/}).
 */
public record StackLayout(Path home) {
    /** The checkout, from {@code -Dslidestream.home} (the launcher script and the build set it). */
    public static StackLayout fromSystemProperty() {
        String home = System.getProperty("slidestream.home");
        if (home == null) {
            throw new IllegalStateException("system property slidestream.home (the checkout) is not set");
        }
        return new StackLayout(Path.of(home).toAbsolutePath().normalize());
    }

    public Path serviceJar(String service) {
        return home.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The launcher's jar: its manifest class path holds the broker (embedded-kafka) and its logging. */
    public Path launcherJar() {
        return home.resolve("launcher/target/launcher.jar");
    }

    public Path tensorflowNatives() {
        return home.resolve(".build/tf-natives");
    }

    public Path runDir() {
        return home.resolve(".slidestream");
    }

    /** The demo model, trained once on generated slides and kept. */
    public Path demoModelDir() {
        return runDir().resolve("models/slidestream-demo");
    }

    /** Fails with what to run when something the stack needs was not built. */
    public void requireBuilt() {
        List<Path> needed = List.of(serviceJar("tiler-service"), serviceJar("inference-service"),
                serviceJar("aggregator-service"), launcherJar(), tensorflowNatives());
        for (Path path : needed) {
            if (!Files.exists(path)) {
                throw new IllegalStateException(path + " is missing: build first with ./mvnw -DskipTests install");
            }
        }
    }
}
