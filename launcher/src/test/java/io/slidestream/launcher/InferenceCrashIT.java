package io.slidestream.launcher;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.Topics;
import io.slidestream.core.grid.GridPlanner;
import io.slidestream.core.grid.SlideMpp;
import io.slidestream.core.slide.Slide;
import io.slidestream.kafka.KraftBroker;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing is lost and little is redone when a worker dies: an inference worker is killed with SIGKILL while
 * it works through a backlog of patch batches, and a new one takes over. Every batch ends with scores, and
 * the only batches scored twice are those whose offsets were not committed when the worker died: a batch
 * is committed only after its scores are published.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceCrashIT {
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final int COPIES = 12;

    private final List<ServiceProcess> processes = new ArrayList<>();
    private StackLayout layout;
    private Path work;
    private KraftBroker broker;
    private TopicProbe kafka;

    @BeforeAll
    void startBroker() throws IOException {
        layout = StackLayout.fromSystemProperty();
        layout.requireBuilt();
        work = layout.home().resolve("launcher/target/inference-crash-it");
        LocalStack.deleteRecursively(work);
        Files.createDirectories(work.resolve("slides"));
        broker = KraftBroker.start(0, work.resolve("kafka"), KraftBroker.DEFAULT_PARTITIONS);
        kafka = new TopicProbe(broker.bootstrapServers());
    }

    @AfterAll
    void stopAll() {
        processes.forEach(ServiceProcess::stop);
        if (kafka != null) {
            kafka.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void a_killed_worker_loses_no_batch_and_its_successor_redoes_only_uncommitted_ones() throws Exception {
        Path slide = work.resolve("slides/slide.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(515), slide);
        GridGeometry grid;
        try (Slide open = Slide.open(slide)) {
            grid = GridPlanner.plan(SlideMpp.resolve(open.mppX(), open.mppY(), 0, false, null, 0).describe(open),
                    DemoModel.metadata().profile());
        }
        // Every cell in 8x8 blocks, sent for several slide ids: a backlog of some seconds of scoring.
        Map<String, RecordMetadata> sent = new HashMap<>();
        for (int copy = 0; copy < COPIES; copy++) {
            String slideId = "crash-" + copy;
            int index = 0;
            for (int top = 0; top < grid.rows(); top += 8) {
                for (int left = 0; left < grid.cols(); left += 8) {
                    List<PatchRef> block = new ArrayList<>();
                    for (int row = top; row < Math.min(top + 8, grid.rows()); row++) {
                        for (int col = left; col < Math.min(left + 8, grid.cols()); col++) {
                            block.add(new PatchRef(col, row, grid.originX(col), grid.originY(row)));
                        }
                    }
                    PatchBatch batch = new PatchBatch(Contract.SCHEMA_VERSION, slideId, "slide.tiff", index, grid,
                            Priority.ROUTINE, block);
                    sent.put(slideId + "#" + index++, kafka.send(Topics.PATCH_BATCHES, slideId, EventJson.write(batch)));
                }
            }
        }

        ServiceProcess first = worker("worker-1");
        awaitScoreBatches(sent.size() / 4);
        first.kill();
        Map<TopicPartition, Long> committed = committedOffsets();
        ServiceProcess second = worker("worker-2");

        Map<String, Integer> scored = awaitScoreBatches(sent.size());
        second.stop();
        assertEquals(sent.keySet(), scored.keySet(), "every patch batch has its scores");
        int redone = 0;
        for (Map.Entry<String, Integer> batch : scored.entrySet()) {
            if (batch.getValue() > 1) {
                redone++;
                RecordMetadata where = sent.get(batch.getKey());
                long committedOffset = committed.getOrDefault(new TopicPartition(where.topic(), where.partition()), 0L);
                assertTrue(where.offset() >= committedOffset, batch.getKey() + " at offset " + where.offset()
                        + " was scored again although offset " + committedOffset + " of its partition was committed");
            }
        }
        assertTrue(redone < sent.size() / 2, redone + " of " + sent.size() + " batches redone");
        System.out.printf("InferenceCrashIT: %d batches, %d scored twice after the kill (all uncommitted)%n",
                sent.size(), redone);
    }

    /** Score batches per "slideId#batchIndex" once at least {@code expected} distinct ones are published. */
    private Map<String, Integer> awaitScoreBatches(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<String, Integer> counts = new HashMap<>();
        while (System.nanoTime() < deadline) {
            counts.clear();
            for (ConsumerRecord<String, String> record : kafka.read(Topics.SCORE_BATCHES, r -> true, Integer.MAX_VALUE,
                    Duration.ofSeconds(2))) {
                ScoreBatch batch = EventJson.read(record.value(), ScoreBatch.class);
                counts.merge(batch.slideId() + "#" + batch.batchIndex(), 1, Integer::sum);
            }
            if (counts.size() >= expected) {
                return counts;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("only " + counts.size() + " of " + expected + " batches were scored");
    }

    private Map<TopicPartition, Long> committedOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("inference")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.forEach((partition, offset) -> committed.put(partition, offset == null ? 0L : offset.offset()));
            return committed;
        }
    }

    private ServiceProcess worker(String name) throws IOException {
        int port = StackPorts.freePort();
        Path natives = layout.tensorflowNatives();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-Djava.library.path=" + natives,
                "-Dai.djl.offline=true", "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dslidestream.inference.slide-roots=" + work.resolve("slides"),
                "-Dslidestream.inference.model-dir=" + DemoModel.ensure(layout.demoModelDir()),
                // The dead worker's partitions move to its successor within seconds, not the default 45.
                "-Dmp.messaging.incoming.patch-batches.session.timeout.ms=6000",
                "-jar", layout.serviceJar("inference-service").toString());
        ServiceProcess process = ServiceProcess.start(name, command, Map.of("TENSORFLOW_LIBRARY_PATH", natives.toString()),
                work.resolve("logs/" + name + ".log"));
        processes.add(process);
        process.awaitReady(port, PATIENCE);
        return process;
    }
}
