package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.Topics;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole system as it runs in production, on one machine: a real KRaft broker and the three packaged
 * services in their own JVMs, OpenSlide reading a generated slide, the demo model scoring it through
 * DJL's TensorFlow engine. A scanner's slide-ready event goes in on Kafka; the test reads the topics and
 * the aggregator's REST API like any outside client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
    private static final Duration SLIDE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private LocalStack stack;
    private TopicProbe kafka;
    private SlideStreamClient client;
    private Path slides;
    private GroundTruth truth;

    @BeforeAll
    void startStack() throws Exception {
        StackLayout layout = StackLayout.fromSystemProperty();
        Path model = DemoModel.ensure(Path.of(System.getProperty("slidestream.cache"), "demo-model"));
        Path work = Files.createDirectories(layout.home().resolve("launcher/target/e2e"));
        slides = Files.createDirectories(work.resolve("slides"));
        truth = SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(4242), slides.resolve("e2e-slide.tiff"));
        Path fixtures = Path.of(System.getProperty("slidestream.testdata"), "slides").toAbsolutePath();
        stack = LocalStack.start(layout, StackPorts.free(), work, List.of(slides, fixtures), model);
        kafka = new TopicProbe(stack.ports().bootstrapServers());
        client = new SlideStreamClient(stack.ports());
    }

    @AfterAll
    void stopStack() {
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void scannerSlideIsTiledScoredOnceEachAndStitchedIntoAMaskThatMatchesTheGroundTruth() {
        String slideId = "e2e-scanner-slide";
        kafka.send(Topics.SLIDE_READY, slideId, EventJson.write(
                SlideReady.of(slideId, slides.resolve("e2e-slide.tiff").toString(), "e2e-scanner")));

        long start = System.nanoTime();
        JsonNode status = client.awaitFinal(slideId, SLIDE_TIMEOUT, s -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("COMPLETE", status.path("status").asText(), status.toString());

        // Every tissue patch the tiler published was scored exactly once.
        int total = status.path("patchesTotal").asInt();
        List<PatchBatch> batches = kafka.readValues(Topics.PATCH_BATCHES, slideId, Integer.MAX_VALUE, READ_TIMEOUT)
                .stream().map(json -> EventJson.read(json, PatchBatch.class)).toList();
        Map<Long, Integer> scoresPerCell = new HashMap<>();
        batches.forEach(b -> b.patches().forEach(p -> scoresPerCell.put(cell(p.col(), p.row()), 0)));
        assertEquals(total, scoresPerCell.size(), "distinct patches published vs manifest");
        assertTrue(total > 100, "a 4k test slide has hundreds of tissue patches: " + total);
        List<ScoreBatch> scores = kafka.readValues(Topics.SCORE_BATCHES, slideId, batches.size(), READ_TIMEOUT)
                .stream().map(json -> EventJson.read(json, ScoreBatch.class)).toList();
        assertEquals(batches.size(), scores.size(), "one score batch per patch batch");
        for (ScoreBatch batch : scores) {
            for (ScoreBatch.PatchScore score : batch.scores()) {
                Integer seen = scoresPerCell.computeIfPresent(cell(score.col(), score.row()), (k, v) -> v + 1);
                assertTrue(seen != null, "score for a cell that was never published: " + score);
                assertTrue(score.score() >= 0 && score.score() <= 1, "probability " + score.score());
            }
        }
        Map<Integer, Long> histogram = scoresPerCell.values().stream()
                .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        assertEquals(Map.of(1, (long) total), histogram, "cells by number of scores: each patch scored exactly once");
        assertEquals(total, status.path("patchesScored").asInt());
        assertEquals(0, status.path("duplicateScores").asInt());

        // The stitched mask has the grid's size and agrees with the generator's ground truth.
        SlideOutputs outputs = SlideOutputs.fetch(client, slideId);
        BufferedImage mask = outputs.mask();
        assertEquals(status.path("grid").path("cols").asInt(), mask.getWidth());
        assertEquals(status.path("grid").path("rows").asInt(), mask.getHeight());
        GridAgreement agreement = GridAgreement.of(truth, mask, outputs.scoredCells(), outputs.cellSize());
        System.out.printf("end-to-end: %d patches in %.1f s (%.1f patches/s); %s%n", total, seconds,
                total / seconds, agreement);
        assertTrue(agreement.truePositives() > 0, agreement.toString());
        assertTrue(agreement.kappa() >= 0.6, "agreement with ground truth far above chance (kappa 0): " + agreement);
        assertTrue(agreement.dice() >= 0.6, agreement.toString());
    }

    @Test
    void unreadableSlideEndsFailedWithOpenSlidesReasonOnTheAggregator() {
        String slideId = "e2e-unreadable";
        Path unreadable = Path.of(System.getProperty("slidestream.testdata"), "slides", "unreadable.svs").toAbsolutePath();
        kafka.send(Topics.SLIDE_READY, slideId, EventJson.write(SlideReady.of(slideId, unreadable.toString(), "e2e")));
        JsonNode status = client.awaitFinal(slideId, Duration.ofMinutes(2), s -> { });
        assertEquals("FAILED", status.path("status").asText());
        assertTrue(status.path("reason").asText().contains("unreadable.svs"), status.toString());
    }

    @Test
    void slideSubmittedOverRestIsAcceptedAndFollowedToItsEnd() {
        String slideId = client.submit(Path.of(System.getProperty("slidestream.testdata"), "slides", "boxes.tiff")
                .toAbsolutePath().toString());
        assertTrue(slideId.startsWith("boxes-"), slideId);
        JsonNode status = client.awaitFinal(slideId, Duration.ofMinutes(2), s -> { });
        // boxes.tiff is a real generic TIFF of 300x250: a 2x1 grid at level 1.
        assertEquals("COMPLETE", status.path("status").asText(), status.toString());
        assertEquals(2, status.path("grid").path("cols").asInt());
        assertEquals(status.path("patchesTotal").asInt(), status.path("patchesScored").asInt());
    }

    private static long cell(int col, int row) {
        return ((long) row << 32) | col;
    }
}
