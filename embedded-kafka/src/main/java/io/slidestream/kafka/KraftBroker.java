package io.slidestream.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) built from Apache Kafka's
 * own jars, listening on 127.0.0.1. Topics are created on first use with {@code partitions} partitions and
 * replication 1. Starts in a few seconds; {@link #close()} shuts it down and deletes a temporary log dir.
 */
public final class KraftBroker implements RunningKafka {
    public static final int DEFAULT_PARTITIONS = 4;

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDir;
    private final boolean temporaryLogDir;
    private boolean closed;

    private KraftBroker(KafkaRaftServer server, int port, Path logDir, boolean temporaryLogDir) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
        this.temporaryLogDir = temporaryLogDir;
    }

    /** A broker on a free port with a temporary log dir and {@value #DEFAULT_PARTITIONS} partitions per topic. */
    public static KraftBroker start() {
        return start(0, null, DEFAULT_PARTITIONS);
    }

    /**
     * @param port       client port, 0 for a free one
     * @param logDir     data directory, kept after close (a formatted one is reused); null for a temporary one
     * @param partitions partitions of auto-created topics
     */
    public static KraftBroker start(int port, Path logDir, int partitions) {
        boolean temporary = logDir == null;
        Path dir = temporary ? createTempDir() : logDir.toAbsolutePath();
        int clientPort = port == 0 ? freePort() : port;
        Properties config = config(clientPort, freePort(), dir, partitions);
        KraftBroker broker;
        try {
            format(dir);
            broker = new KraftBroker(new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM),
                    clientPort, dir, temporary);
        } catch (Exception e) {
            if (temporary) {
                deleteRecursively(dir);
            }
            throw new IllegalStateException("cannot set up a Kafka broker in " + dir, e);
        }
        try {
            broker.server.startup();
            broker.awaitReady();
            return broker;
        } catch (Exception e) {
            broker.close();
            throw new IllegalStateException("Kafka broker did not start on " + HOST + ":" + clientPort, e);
        }
    }

    @Override
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    /** Blocks until the broker has shut down (after {@link #close()}, from another thread). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (temporaryLogDir) {
            deleteRecursively(logDir);
        }
    }

    private static Properties config(int clientPort, int controllerPort, Path dir, int partitions) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", dir.toString()),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("num.partitions", String.valueOf(partitions)),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                // Internal topics: one replica, and few partitions so the first consumer group starts fast.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", String.valueOf(partitions)),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", String.valueOf(partitions)),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // Heap and threads: the default cleaner buffer alone takes 128 MiB.
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024)),
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "2"),
                Map.entry("num.recovery.threads.per.data.dir", "1"),
                Map.entry("background.threads", "2"),
                Map.entry("log.segment.bytes", String.valueOf(64 * 1024 * 1024))));
        return p;
    }

    /** KRaft needs formatted storage; an already formatted dir keeps its data and cluster id. */
    private static void format(Path dir) throws Exception {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        Files.createDirectories(dir);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dir.toString()))
                .setMetadataLogDirectory(dir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    /** Startup returns once the broker is unfenced; a client round trip proves it serves requests. */
    private void awaitReady() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()))) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("kraft-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log dir for the Kafka broker", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the broker's log dir " + dir, e);
        }
    }
}
