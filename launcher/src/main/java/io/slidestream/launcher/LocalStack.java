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
 * JVM as in production, with logs under {@code <workDir>/logs}. Stopping stops them in reverse order.
 * Every start begins with an empty broker, and the aggregator with an empty local copy of its stores (under
 * {@code <workDir>/aggregator-state}): RocksDB state checkpointed against an earlier broker's changelogs
 * does not belong to the new one.
 */
public final class LocalStack implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final StackPorts ports;
    private final List<ServiceProcess> processes;

    private LocalStack(StackPorts ports, List<ServiceProcess> processes) {
        this.ports = ports;
        this.processes = processes;
    }

    public static LocalStack start(StackLayout layout, StackPorts ports, Path workDir, List<Path> slideRoots,
                                   Path modelDir) {
        layout.requireBuilt();
        List<ServiceProcess> started = new ArrayList<>();
        try {
            Path logs = workDir.resolve("logs");
            Path kafkaData = workDir.resolve("kafka-data");
            deleteRecursively(kafkaData);
            // The aggregator's local stores belong to this broker's changelogs: a fresh broker, a fresh copy.
            Path aggregatorState = workDir.resolve("aggregator-state");
            deleteRecursively(aggregatorState);
            ServiceProcess broker = ServiceProcess.start("kafka", List.of(java(), "-Xmx256m", "-XX:+UseSerialGC",
                            "--sun-misc-unsafe-memory-access=allow", "-cp", layout.launcherJar().toString(),
                            KraftBrokerMain.class.getName(), "--port", Integer.toString(ports.kafka()),
                            "--dir", kafkaData.toString()),
                    Map.of(), logs.resolve("kafka.log"));
            started.add(broker);
            broker.awaitLogLine(KraftBrokerMain.READY_LINE, START_TIMEOUT);

            String roots = slideRoots.stream().map(Path::toString).collect(Collectors.joining(","));
            started.add(service(layout, "aggregator-service", ports.aggregator(), ports, logs, "-Xmx512m",
                    List.of("-Dslidestream.aggregator.state-dir=" + aggregatorState)));
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

    private static void deleteRecursively(Path dir) throws IOException {
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
