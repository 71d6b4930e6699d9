package io.slidestream.launcher;

import io.slidestream.kafka.KraftBrokerMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole system on one machine: an embedded KRaft broker and the three services, each in its own
 * JVM as in production. Under {@code <workDir>}: {@code logs/}, the broker's {@code kafka-data/}, the
 * aggregator's Kafka Streams {@code aggregator-state/} and its {@code results/} (the six output files of
 * each completed slide). Stopping stops them in reverse order.
 * <p>
 * The aggregator's state lives in changelogged stores on the broker, so a stack started with
 * {@link Start#KEEP_STATE} ({@code ./slidestream up}) comes back with every slide of earlier runs. A
 * {@link Start#FRESH} stack (an {@code analyze} run, a test) first deletes the broker's data and the
 * aggregator's local state, so it sees only the slides it submits itself; results already written stay.
 */
public final class LocalStack implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final StackPorts ports;
    private final List<ServiceProcess> processes;

    private LocalStack(StackPorts ports, List<ServiceProcess> processes) {
        this.ports = ports;
        this.processes = processes;
    }

    /** Whether a start keeps the broker's data and the aggregator's state of earlier starts in the same folder. */
    public enum Start {
        /** Broker data and aggregator state from earlier starts are deleted first. */
        FRESH,
        /** Earlier slides and results come back: what {@code up} does. */
        KEEP_STATE
    }

    /** A {@link Start#FRESH} stack. */
    public static LocalStack start(StackLayout layout, StackPorts ports, Path workDir, List<Path> slideRoots,
                                   Path modelDir) {
        return start(layout, ports, workDir, slideRoots, modelDir, Start.FRESH);
    }

    public static LocalStack start(StackLayout layout, StackPorts ports, Path workDir, List<Path> slideRoots,
                                   Path modelDir, Start mode) {
        layout.requireBuilt();
        List<ServiceProcess> started = new ArrayList<>();
        try {
            Path logs = workDir.resolve("logs");
            Path kafkaData = workDir.resolve("kafka-data");
            Path aggregatorState = workDir.resolve("aggregator-state");
            if (mode == Start.FRESH) {
                deleteRecursively(kafkaData);
                deleteRecursively(aggregatorState);
            }
            ServiceProcess broker = ServiceProcess.start("kafka", List.of(java(), "-Xmx256m", "-XX:+UseSerialGC",
                            "--sun-misc-unsafe-memory-access=allow", "-cp", layout.launcherJar().toString(),
                            KraftBrokerMain.class.getName(), "--port", Integer.toString(ports.kafka()),
                            "--dir", kafkaData.toString()),
                    Map.of(), logs.resolve("kafka.log"));
            started.add(broker);
            broker.awaitLogLine(KraftBrokerMain.READY_LINE, START_TIMEOUT);

            String roots = slideRoots.stream().map(Path::toString).collect(Collectors.joining(","));
            started.add(service(layout, "aggregator-service", ports.aggregator(), ports, logs, "-Xmx512m",
                    List.of("-Dslidestream.aggregator.state-dir=" + aggregatorState,
                            "-Dslidestream.aggregator.results-dir=" + workDir.resolve("results"),
                            "-Dslidestream.aggregator.tiler-url=http://127.0.0.1:" + ports.tiler())));
            started.add(service(layout, "tiler-service", ports.tiler(), ports, logs, "-Xmx512m",
                    List.of("-Dslidestream.tiler.slide-roots=" + roots, "-Dslidestream.tiler.model-dir=" + modelDir)));
            started.add(service(layout, "inference-service", ports.inference(), ports, logs, "-Xmx1g",
                    List.of("-Dslidestream.inference.slide-roots=" + roots,
                            "-Dslidestream.inference.model-dir=" + modelDir)));
            started.get(1).awaitReady(ports.aggregator(), START_TIMEOUT);
            started.get(2).awaitReady(ports.tiler(), START_TIMEOUT);
            started.get(3).awaitReady(ports.inference(), START_TIMEOUT);
            return new LocalStack(ports, started);
        } catch (IOException | RuntimeException e) {
            new LocalStack(ports, started).close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot start the stack", e);
        }
    }

    private static ServiceProcess service(StackLayout layout, String name, int port, StackPorts ports, Path logs,
                                          String heap, List<String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), heap, "--enable-native-access=ALL-UNNAMED",
                "-Djava.library.path=" + layout.tensorflowNatives(), "-Dai.djl.offline=true",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + ports.bootstrapServers()));
        command.addAll(settings);
        command.addAll(List.of("-jar", layout.serviceJar(name).toString()));
        return ServiceProcess.start(name, command,
                Map.of("TENSORFLOW_LIBRARY_PATH", layout.tensorflowNatives().toString()), logs.resolve(name + ".log"));
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The java of the JVM running the launcher: the same JDK runs the services. */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public StackPorts ports() {
        return ports;
    }

    public List<ServiceProcess> processes() {
        return processes;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
    }
}
