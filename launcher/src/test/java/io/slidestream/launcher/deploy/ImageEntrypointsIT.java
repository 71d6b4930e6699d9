package io.slidestream.launcher.deploy;

import io.slidestream.launcher.ServiceProcess;
import io.slidestream.kafka.KraftBroker;
import io.slidestream.launcher.StackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What can be checked of the images without a Docker engine, against the artifacts the Maven build made:
 * every file the Dockerfiles COPY from the build context exists, and each image's exact command line (its
 * ENTRYPOINT, run by sh, with the image's ENV: JVM flags, library paths, settings) starts its service from
 * those artifacts here, with the image's paths mapped onto them (/deployments to the service's quarkus-app,
 * /opt/tf-natives to .build/tf-natives, the JDK to this one's), against an embedded broker: readiness includes
 * the Kafka connection, and without a broker /q/health/ready does not answer within a minute (the Kafka
 * client's API timeout), which a probe reads as not ready. What is checked is the command line and the health
 * and metrics endpoints the probes, HEALTHCHECKs and scrapes use, not the pipeline (EndToEndIT). The GPU image's
 * command line runs on the CPU natives this machine has.
 */
class ImageEntrypointsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static KraftBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KraftBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of(Dockerfiles.JVM, "tiler-service", "tiler-service"),
                Arguments.of(Dockerfiles.JVM, "inference-service", "inference-service"),
                Arguments.of(Dockerfiles.JVM, "aggregator-service", "aggregator-service"),
                Arguments.of(Dockerfiles.INFERENCE_GPU, "inference-service-gpu", "inference-service"));
    }

    @Test
    void everyFileTheDockerfilesCopyExistsAfterTheBuild() throws IOException {
        for (Path file : List.of(Dockerfiles.JVM, Dockerfiles.INFERENCE_GPU)) {
            Dockerfiles dockerfile = Dockerfiles.read(file);
            for (Dockerfiles.Stage stage : dockerfile.stages()) {
                for (Dockerfiles.Copy copy : stage.copies()) {
                    if (copy.from() != null) {
                        continue; // from another image or stage, not from the build context
                    }
                    for (String source : copy.sources()) {
                        // Dockerfile.jvm's final stage copies ${SERVICE}/...: every service's.
                        List<String> expanded = source.contains("${SERVICE}")
                                ? ServiceConfig.SERVICES.stream().map(s -> source.replace("${SERVICE}", s)).toList()
                                : List.of(source);
                        for (String path : expanded) {
                            assertFalse(matches(path).isEmpty(), file.getFileName() + ": COPY " + path
                                    + " matches nothing after the Maven build");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("images")
    void imageCommandLineStartsTheServiceAndServesItsProbesAndMetrics(Path file, String stageName, String service,
                                                                     @TempDir Path scratch) throws Exception {
        Dockerfiles dockerfile = Dockerfiles.read(file);
        Dockerfiles.Stage stage = dockerfile.stage(stageName);
        ServiceConfig config = ServiceConfig.of(service);
        Path app = ProjectFiles.ROOT.resolve(service).resolve("target/quarkus-app");
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("/deployments", app.toString());
        paths.put("/opt/tf-natives", ProjectFiles.ROOT.resolve(".build/tf-natives").toString());
        paths.put("/opt/java/openjdk", System.getProperty("java.home"));
        paths.put("/var/lib/slidestream", scratch.resolve("var-lib").toString());
        paths.put("/tmp/javacpp-cache", scratch.resolve("javacpp-cache").toString());

        Map<String, String> env = new LinkedHashMap<>();
        dockerfile.env(stage).forEach((k, v) -> env.put(k, mapPaths(v, paths)));
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", System.getenv("PATH")));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        // The one change to the image's settings: a free port, since this machine may run other stacks.
        int port = StackPorts.freePort();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("SLIDESTREAM_MODEL_DIR", scratch.resolve("models/none").toString());
        env.put("SLIDESTREAM_SLIDE_ROOTS", scratch.toString());
        List<String> command = new ArrayList<>(stage.entrypoint().isEmpty()
                ? Dockerfiles.read(Dockerfiles.JVM).stages().getLast().entrypoint() : stage.entrypoint());
        command.replaceAll(arg -> mapPaths(arg, paths));
        assertEquals(List.of("sh", "-c"), command.subList(0, 2), "the entrypoint is a shell command line");

        ServiceProcess process = ServiceProcess.start(stageName, command, env, scratch.resolve(stageName + ".log"));
        try {
            // Quarkus logs "<name> ... started in" once it serves HTTP; this fails at once if the JVM exits.
            process.awaitLogLine(" started in ", Duration.ofSeconds(90));
            awaitStatus(process, port, "/q/health/live", 200, Duration.ofSeconds(30));
            for (String path : config.healthPaths()) {
                int status = get(port, path);
                // 503: served, reporting DOWN (readiness without a model); 404 would be a path it does not serve.
                assertTrue(status == 200 || status == 503, stageName + " " + path + " answered " + status);
            }
            assertEquals(200, get(port, config.metricsPath()), stageName + " " + config.metricsPath());
            // sh exec'd java in its place: the JVM's own command line holds every flag of the image's JAVA_OPTS.
            List<String> jvm = List.of(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).split("\0"));
            List<String> flags = List.of(env.get("JAVA_OPTS").trim().split("\\s+"));
            assertTrue(flags.size() > 1 && jvm.containsAll(flags), stageName + " runs with " + flags + ": " + jvm);
        } finally {
            process.stop();
        }
        List<String> healthcheck = healthcheckOf(dockerfile, stage);
        Matcher url = Pattern.compile("http://localhost:(\\d+)(/\\S+)").matcher(String.join(" ", healthcheck));
        assertTrue(url.find(), stageName + " has a HEALTHCHECK with a URL: " + healthcheck);
        assertEquals(String.valueOf(config.httpPort()), url.group(1), stageName + " HEALTHCHECK port");
        assertTrue(config.healthPaths().contains(url.group(2)), stageName + " HEALTHCHECK path " + url.group(2));
    }

    private static List<String> healthcheckOf(Dockerfiles dockerfile, Dockerfiles.Stage stage) {
        for (Dockerfiles.Stage s = stage; s != null; s = dockerfile.parent(s)) {
            if (!s.healthcheck().isEmpty()) {
                return s.healthcheck();
            }
        }
        return List.of();
    }

    private static String mapPaths(String value, Map<String, String> paths) {
        String mapped = value;
        for (Map.Entry<String, String> path : paths.entrySet()) {
            mapped = mapped.replace(path.getKey(), path.getValue());
        }
        return mapped;
    }

    /** Files a COPY source names, relative to the build context (the repo root); {@code *} in the last part. */
    private static List<Path> matches(String source) throws IOException {
        Path path = ProjectFiles.ROOT.resolve(source);
        if (!source.contains("*")) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        if (!Files.isDirectory(path.getParent())) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path.getParent(), path.getFileName().toString())) {
            files.forEach(found::add);
        }
        return found;
    }

    private static void awaitStatus(ServiceProcess process, int port, String path, int expected, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int status = -1;
        while (Instant.now().isBefore(deadline)) {
            status = get(port, path);
            if (status == expected) {
                return;
            }
            sleep();
        }
        throw new AssertionError(process.name() + " " + path + " answered " + status + ", not " + expected
                + " within " + timeout + "; its log:\n" + process.tail());
    }

    private static int get(int port, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
