package io.slidestream.inference;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.Topics;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.slide.Slide;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.inference.service.PatchModel;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.LevelLayout;
import io.slidestream.trainer.DemoModel;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = DemoModelResource.class, scope = TestResourceScope.GLOBAL)
class InferenceServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TopicProbe kafka;
    /** The slide as events name it: relative to the test's slide root target/inference-test. */
    private static final String SLIDE_REF = "slide.tiff";
    private static Path slide;
    private static GroundTruth truth;

    @BeforeAll
    static void generateSlide() throws Exception {
        kafka = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        Path dir = Files.createDirectories(Path.of("target", "inference-test"));
        slide = dir.resolve("slide.tiff").toAbsolutePath();
        truth = SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(777), slide);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** The tiler's grid for the generated slide and the demo model: 64 px at level 1, context at level 3. */
    private static GridGeometry grid() {
        return grid(slide);
    }

    private static GridGeometry grid(Path file) {
        return DemoGrids.of(file);
    }

    private static String batch(String slideId, int index, GridGeometry grid, Priority priority, List<PatchRef> patches) {
        return EventJson.write(new PatchBatch(Contract.SCHEMA_VERSION, slideId, SLIDE_REF, index, grid, priority, patches));
    }

    private static List<PatchRef> cells(GridGeometry grid, boolean tumour, int max) {
        List<PatchRef> found = new ArrayList<>();
        for (int row = 0; row < grid.rows() && found.size() < max; row++) {
            for (int col = 0; col < grid.cols() && found.size() < max; col++) {
                long x = grid.originX(col);
                long y = grid.originY(row);
                double t = truth.tumourFraction(x, y, 128, 128);
                boolean tissue = truth.tissueFraction(x, y, 128, 128) > 0.9;
                if (tissue && (tumour ? t == 1.0 : t == 0.0)) {
                    found.add(new PatchRef(col, row, x, y));
                }
            }
        }
        return found;
    }

    @Test
    void tumourPatchesScoreHighAndNormalPatchesLowAndScoresAreKeyedBySlide() {
        GridGeometry grid = grid();
        List<PatchRef> tumour = cells(grid, true, 8);
        List<PatchRef> normal = cells(grid, false, 8);
        assertTrue(tumour.size() >= 4 && normal.size() >= 4, "test slide has tumour and normal tissue");
        List<PatchRef> patches = new ArrayList<>(tumour);
        patches.addAll(normal);
        String slideId = "inference-scores-1";
        kafka.send(Topics.PATCH_BATCHES, slideId, batch(slideId, 0, grid, Priority.ROUTINE, patches));

        List<String> records = kafka.readValues(Topics.SCORE_BATCHES, slideId, 1, WAIT);
        assertEquals(1, records.size(), "one score batch, keyed by the slide id");
        ScoreBatch scores = EventJson.read(records.getFirst(), ScoreBatch.class);
        assertEquals(patches.size(), scores.scores().size());
        assertEquals(DemoModel.metadata().id(), scores.modelId());
        double threshold = ModelMetadata.read(DemoModelResource.modelDir()).threshold();
        assertEquals(threshold, scores.threshold(), "the package's threshold travels with the scores");
        for (int i = 0; i < patches.size(); i++) {
            ScoreBatch.PatchScore score = scores.scores().get(i);
            assertEquals(patches.get(i).col(), score.col());
            boolean isTumour = i < tumour.size();
            assertTrue(isTumour ? score.score() >= threshold : score.score() < threshold,
                    (isTumour ? "tumour" : "normal") + " patch scored " + score.score());
        }
    }

    @Test
    void patchesThatCannotBeReadArePublishedAsFailedWithTheReasonAndNeverScored() {
        String slideId = "inference-unreadable-1";
        // unreadable.svs is 16x16 px: a grid for the demo model's inputs read from its only level.
        GridGeometry grid = new GridGeometry("slidestream-demo", 64, 1, 1, List.of(
                new InputGeometry("patch", InputRole.PATCH, 64, 1.0, 1, 0, 1, 64),
                new InputGeometry("context", InputRole.CONTEXT, 64, 4.0, 4, 0, 1, 256)));
        kafka.send(Topics.PATCH_BATCHES, slideId, EventJson.write(new PatchBatch(Contract.SCHEMA_VERSION, slideId,
                "unreadable.svs", 0, grid, Priority.ROUTINE, List.of(new PatchRef(0, 0, 0, 0)))));

        List<String> records = kafka.readValues(Topics.SCORE_BATCHES, slideId, 1, WAIT);
        assertEquals(1, records.size());
        ScoreBatch batch = EventJson.read(records.getFirst(), ScoreBatch.class);
        assertEquals(List.of(), batch.scores(), "no score from a failed read");
        assertEquals(1, batch.failed().size());
        String reason = batch.failed().getFirst().reason();
        assertTrue(reason.contains("Bogus marker length") && reason.contains("unreadable.svs"), reason);
        assertFalse(reason.contains(System.getProperty("slidestream.testdata")),
                "the reason names the slide reference, not where this worker mounts it: " + reason);
    }

    /**
     * Every tissue patch of a slide read at exact levels (2x pyramid) and of one whose inputs must be
     * resampled (4x pyramid: 1 µm/px from 0.5, 4 µm/px from 2), sent in the tiler's 8x8 blocks: each published
     * score equals the model's score for that patch read on its own with OpenSlide.
     */
    @Test
    void everyPublishedScoreEqualsTheModelsScoreForThePatchReadOnItsOwn() throws Exception {
        Path fourX = slide.resolveSibling("four-x.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(778).withLevels(LevelLayout.FOUR_X), fourX);
        try (PatchModel model = PatchModel.load(DemoModelResource.modelDir(), 1)) {
            for (Path file : List.of(slide, fourX)) {
                GridGeometry grid = grid(file);
                assertEquals(file == fourX, grid.patchInput().resampled(), "resampling of " + file.getFileName());
                String slideId = "inference-fidelity-" + file.getFileName();
                List<List<PatchRef>> blocks = tissueBlocks(grid, GroundTruth.load(file));
                for (int b = 0; b < blocks.size(); b++) {
                    kafka.send(Topics.PATCH_BATCHES, slideId, EventJson.write(new PatchBatch(Contract.SCHEMA_VERSION,
                            slideId, file.getFileName().toString(), b, grid, Priority.ROUTINE, blocks.get(b))));
                }
                Map<Integer, Float> published = new HashMap<>();
                for (String record : kafka.readValues(Topics.SCORE_BATCHES, slideId, blocks.size(), WAIT)) {
                    ScoreBatch scores = EventJson.read(record, ScoreBatch.class);
                    assertEquals(List.of(), scores.failed());
                    scores.scores().forEach(s -> published.put(grid.cellIndex(s.col(), s.row()), s.score()));
                }
                List<PatchRef> all = blocks.stream().flatMap(List::stream).toList();
                assertEquals(all.size(), published.size(), "every patch of " + file.getFileName() + " scored once");
                try (Slide open = Slide.openThroughOpenSlide(file)) {
                    float[] alone = LonePatchScores.of(model, open, grid, all);
                    for (int i = 0; i < all.size(); i++) {
                        PatchRef cell = all.get(i);
                        assertEquals(alone[i], published.get(grid.cellIndex(cell.col(), cell.row())), 1e-5,
                                file.getFileName() + " cell " + cell);
                    }
                }
            }
        }
    }

    /** The tissue cells of a grid in 8x8 blocks, as the tiler batches them. */
    private static List<List<PatchRef>> tissueBlocks(GridGeometry grid, GroundTruth truth) {
        List<List<PatchRef>> blocks = new ArrayList<>();
        long edge = Math.round(grid.cellSize());
        for (int by = 0; by < grid.rows(); by += 8) {
            for (int bx = 0; bx < grid.cols(); bx += 8) {
                List<PatchRef> block = new ArrayList<>();
                for (int row = by; row < Math.min(by + 8, grid.rows()); row++) {
                    for (int col = bx; col < Math.min(bx + 8, grid.cols()); col++) {
                        if (truth.tissueFraction(grid.originX(col), grid.originY(row), edge, edge) > 0.5) {
                            block.add(new PatchRef(col, row, grid.originX(col), grid.originY(row)));
                        }
                    }
                }
                if (!block.isEmpty()) {
                    blocks.add(block);
                }
            }
        }
        return blocks;
    }

    @Test
    void malformedPatchBatchGoesToTheDeadLetterTopicAndLaterBatchesAreScored() {
        kafka.send(Topics.PATCH_BATCHES, "inference-poison-1", "[1, 2, 3]");
        String slideId = "inference-after-poison-1";
        GridGeometry grid = grid();
        kafka.send(Topics.PATCH_BATCHES, slideId, batch(slideId, 0, grid, Priority.ROUTINE, cells(grid, false, 2)));

        assertEquals(List.of("[1, 2, 3]"),
                kafka.readValues(Topics.deadLetter(Topics.PATCH_BATCHES), "inference-poison-1", 1, WAIT));
        assertEquals(1, kafka.readValues(Topics.SCORE_BATCHES, slideId, 1, WAIT).size());
    }

    @Test
    void batchPlannedForAnotherModelsProfileEndsTheSlideFailedAndIsNotScored() {
        AnalysisProfile pcam = new AnalysisProfile("pcam", List.of(new ModelInput("patch", InputRole.PATCH, 96, 0.97)));
        GridGeometry pcamGrid = DemoGrids.of(slide, pcam);
        String slideId = "inference-other-profile-1";
        kafka.send(Topics.PATCH_BATCHES, slideId, batch(slideId, 0, pcamGrid, Priority.ROUTINE,
                List.of(new PatchRef(1, 1, pcamGrid.originX(1), pcamGrid.originY(1)))));

        SlideStatus status = failure(slideId);
        assertTrue(status.reason().contains("profile pcam") && status.reason().contains("does not match model "
                + DemoModel.metadata().id()), status.reason());
        assertTrue(kafka.readValues(Topics.SCORE_BATCHES, slideId, 1, Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void slideWhoseFileVanishedEndsFailedNamingItsReference() {
        String slideId = "inference-vanished-1";
        kafka.send(Topics.PATCH_BATCHES, slideId, EventJson.write(new PatchBatch(Contract.SCHEMA_VERSION, slideId,
                "gone/never-there.svs", 0, grid(), Priority.ROUTINE, List.of(new PatchRef(0, 0, 0, 0)))));
        SlideStatus status = failure(slideId);
        assertTrue(status.reason().contains("gone/never-there.svs is not in the slide roots"), status.reason());
    }

    @Test
    void urgentBatchesAreScoredAheadOfARoutineBacklog() {
        GridGeometry grid = grid();
        List<PatchRef> patches = cells(grid, false, 64); // a full batch: tens of milliseconds to score
        String routine = "inference-routine-backlog-1";
        String urgent = "inference-urgent-1";
        int routineBatches = 200;
        int urgentBatches = 60;
        for (int i = 0; i < routineBatches; i++) {
            kafka.send(Topics.PATCH_BATCHES, routine, batch(routine, i, grid, Priority.ROUTINE, patches));
        }
        // The urgent slide arrives while the routine backlog is being worked through.
        assertFalse(kafka.readValues(Topics.SCORE_BATCHES, routine, 1, WAIT).isEmpty());
        for (int i = 0; i < urgentBatches; i++) {
            kafka.send(Topics.PATCH_BATCHES_URGENT, urgent, batch(urgent, i, grid, Priority.URGENT, patches));
        }
        // The scores in the order they were published (the two slides' records may sit in different
        // partitions, so by their timestamps): while urgent batches are in hand, routine ones only trickle
        // out of what was already fetched; interleaved fairly, about as many routine as urgent would appear.
        Set<String> keys = Set.of(routine, urgent);
        List<String> order = kafka.read(Topics.SCORE_BATCHES, r -> keys.contains(r.key()), routineBatches + urgentBatches,
                Duration.ofSeconds(120)).stream().sorted(Comparator.comparingLong(ConsumerRecord::timestamp))
                .map(ConsumerRecord::key).toList();
        assertEquals(routineBatches + urgentBatches, order.size());
        int firstUrgent = order.indexOf(urgent);
        int lastUrgent = order.lastIndexOf(urgent);
        long routineMeanwhile = order.subList(firstUrgent, lastUrgent + 1).stream().filter(routine::equals).count();
        assertTrue(routineMeanwhile <= 40, routineMeanwhile + " routine batches scored among the "
                + urgentBatches + " urgent ones");
        assertTrue(lastUrgent < order.size() - 40, "the urgent slide finished well before the routine backlog: "
                + lastUrgent + " of " + order.size());
    }

    @Test
    void healthWithTheModelAndTheKafkaConnectionAndMetricsAreServed() {
        GridGeometry grid = grid();
        String slideId = "inference-observed-1";
        kafka.send(Topics.PATCH_BATCHES, slideId, batch(slideId, 0, grid, Priority.ROUTINE, cells(grid, false, 2)));
        assertEquals(1, kafka.readValues(Topics.SCORE_BATCHES, slideId, 1, WAIT).size());
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'model' }.data.model", is(DemoModel.metadata().id()))
                .body("checks.find { it.name == 'Kafka connection health check' }.status", is("UP"));
        String metrics = given().when().get("/q/metrics").asString();
        assertTrue(metrics.contains("slidestream_inference_patches_scored_total"), "patches scored");
        assertTrue(metrics.contains("slidestream_inference_batches_total{outcome=\"scored\""), "batches by outcome");
        assertTrue(metrics.contains("slidestream_inference_batch_seconds_count"), "seconds per batch");
        assertTrue(metrics.contains("slidestream_inference_read_seconds_count"), "read time");
        assertTrue(metrics.contains("slidestream_inference_model_call_seconds_count{device=\"cpu()\""),
                "model call time per device");
        assertTrue(metrics.contains("slidestream_inference_model_batch_size_count{device=\"cpu()\""), "model batch size");
        assertTrue(metrics.contains("slidestream_inference_queue_patches "), "read patches queued");
        assertTrue(metrics.contains("slidestream_inference_queue_batches "), "batches waiting for a reader");
        given().when().get("/q/openapi").then().statusCode(200);
    }

    private static SlideStatus failure(String slideId) {
        List<String> statuses = kafka.readValues(Topics.SLIDE_STATUS, slideId, 1, WAIT);
        assertEquals(1, statuses.size());
        SlideStatus status = EventJson.read(statuses.getFirst(), SlideStatus.class);
        assertEquals(SlideState.FAILED, status.state());
        return status;
    }
}
