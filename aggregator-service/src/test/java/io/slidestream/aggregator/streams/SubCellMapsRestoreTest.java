package io.slidestream.aggregator.streams;

import com.fasterxml.jackson.databind.node.NullNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slidestream.aggregator.TestManifests;
import io.slidestream.aggregator.stitching.SlideCompletion;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.events.Topics;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The aggregator's topology on a real broker, stopped between a slide's two score batches and started again
 * on an empty local state directory, so that everything it knew comes back from the changelog topics: the
 * probability map of the first batch is still in the slide's sub-cells when the second completes it.
 */
class SubCellMapsRestoreTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path state;

    @Test
    void a_map_stored_before_a_restart_comes_back_from_the_changelog_and_is_stitched_at_completion() throws Exception {
        String bootstrap = KafkaTestResource.shared().bootstrapServers();
        String applicationId = "maps-restore-" + UUID.randomUUID();
        String slide = "maps-" + UUID.randomUUID();
        Map<String, float[]> subCellsAtCompletion = new ConcurrentHashMap<>();
        SlideCompletion completion = (record, scores, subCells) -> {
            if (record.slideId().equals(slide)) {
                subCellsAtCompletion.put(slide, subCells);
            }
            return NullNode.getInstance();
        };
        createInputTopics(bootstrap);
        int[] quarter = {255, 0, 0, 0}; // 2 x 2: tumour in the top-left sub-cell only
        try (TopicProbe probe = new TopicProbe(bootstrap)) {
            probe.send(Topics.SLIDE_MANIFESTS, slide, EventJson.write(TestManifests.manifest(slide, 2, 1, 2, Instant.now())));
            probe.send(Topics.SCORE_BATCHES, slide, EventJson.write(batch(slide, 0, new PatchScore(0, 0, 1.0f, quarter))));
            try (KafkaStreams first = start(bootstrap, applicationId, state.resolve("first"), completion)) {
                // Progress with the first score is published in the transaction that stores it.
                List<String> progress = probe.read(SlideTopology.PROGRESS_TOPIC, r -> slide.equals(r.key())
                        && r.value().contains("\"patchesScored\":1"), 1, PATIENCE).stream().map(r -> r.value()).toList();
                assertFalse(progress.isEmpty(), "the first batch was processed");
                first.close(Duration.ofSeconds(30));
            }
            assertFalse(subCellsAtCompletion.containsKey(slide));

            try (KafkaStreams second = start(bootstrap, applicationId, state.resolve("second"), completion)) {
                probe.send(Topics.SCORE_BATCHES, slide, EventJson.write(batch(slide, 1, new PatchScore(1, 0, 0.2f))));
                await().atMost(PATIENCE).until(() -> subCellsAtCompletion.containsKey(slide));
                second.close(Duration.ofSeconds(30));
            }
        }
        // 2 x 1 cells of 2 x 2 sub-cells: the first cell's map, the second cell's score in each of its sub-cells.
        assertArrayEquals(new float[] {1f, 0f, 0.2f, 0.2f, /* second row */ 0f, 0f, 0.2f, 0.2f},
                subCellsAtCompletion.get(slide));
    }

    private static KafkaStreams start(String bootstrap, String applicationId, Path stateDir, SlideCompletion completion) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        // Streams members do not leave their group on close: the second start waits out the first's session,
        // so keep it at the broker's least.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        KafkaStreams streams = new KafkaStreams(SlideTopology.build(0.5, completion, new SimpleMeterRegistry()), p);
        streams.start();
        await().atMost(PATIENCE).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    /** The topology's inputs must exist before it starts (the service creates them; here the test does). */
    private static void createInputTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = SlideTopology.INPUTS.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static ScoreBatch batch(String slide, int index, PatchScore... patches) {
        return new ScoreBatch(Contract.SCHEMA_VERSION, slide, index, "fcn:1", List.of(patches), List.of(), 0.5);
    }
}
