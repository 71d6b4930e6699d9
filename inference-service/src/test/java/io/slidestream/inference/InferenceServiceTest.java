package io.slidestream.inference;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = DemoModelResource.class, scope = TestResourceScope.GLOBAL)
class InferenceServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TopicProbe kafka;
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

    /** The tiler's grid for the generated slide: 64 px at level 1, context at level 3. */
    private static GridGeometry grid() {
        return new GridGeometry(1, 2, 64, 3, 8, truth.width() / 128, truth.height() / 128);
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
        kafka.send(Topics.PATCH_BATCHES, slideId, EventJson.write(
                new PatchBatch(Contract.SCHEMA_VERSION, slideId, slide.toString(), 0, grid, patches)));

        List<String> records = kafka.readValues(Topics.SCORE_BATCHES, slideId, 1, WAIT);
        assertEquals(1, records.size(), "one score batch, keyed by the slide id");
        ScoreBatch scores = EventJson.read(records.getFirst(), ScoreBatch.class);
        assertEquals(patches.size(), scores.scores().size());
        assertEquals("slidestream-demo:1", scores.modelId());
        for (int i = 0; i < patches.size(); i++) {
            ScoreBatch.PatchScore score = scores.scores().get(i);
            assertEquals(patches.get(i).col(), score.col());
            boolean isTumour = i < tumour.size();
            assertTrue(isTumour ? score.score() > 0.5 : score.score() < 0.5,
                    (isTumour ? "tumour" : "normal") + " patch scored " + score.score());
        }
    }

    @Test
    void unreadableSlideIsReportedFailedAndNeverScored() {
        Path unreadable = Path.of(System.getProperty("slidestream.testdata"), "slides", "unreadable.svs").toAbsolutePath();
        GridGeometry grid = new GridGeometry(0, 1, 64, 0, 1, 1, 1);
        String slideId = "inference-unreadable-1";
        kafka.send(Topics.PATCH_BATCHES, slideId, EventJson.write(new PatchBatch(Contract.SCHEMA_VERSION, slideId,
                unreadable.toString(), 0, grid, List.of(new PatchRef(0, 0, 0, 0)))));

        List<String> statuses = kafka.readValues(Topics.SLIDE_STATUS, slideId, 1, WAIT);
        assertEquals(1, statuses.size());
        SlideStatus status = EventJson.read(statuses.getFirst(), SlideStatus.class);
        assertEquals(SlideState.FAILED, status.state());
        assertTrue(status.reason().contains("Bogus marker length"), status.reason());
        assertTrue(kafka.readValues(Topics.SCORE_BATCHES, slideId, 1, Duration.ofSeconds(3)).isEmpty(),
                "no scores from a failed read");
    }

    @Test
    void malformedPatchBatchGoesToTheDeadLetterTopicAndLaterBatchesAreScored() {
        kafka.send(Topics.PATCH_BATCHES, "inference-poison-1", "[1, 2, 3]");
        String slideId = "inference-after-poison-1";
        GridGeometry grid = grid();
        kafka.send(Topics.PATCH_BATCHES, slideId, EventJson.write(new PatchBatch(Contract.SCHEMA_VERSION, slideId,
                slide.toString(), 0, grid, cells(grid, false, 2))));

        assertEquals(List.of("[1, 2, 3]"),
                kafka.readValues(Topics.deadLetter(Topics.PATCH_BATCHES), "inference-poison-1", 1, WAIT));
        assertEquals(1, kafka.readValues(Topics.SCORE_BATCHES, slideId, 1, WAIT).size());
    }
}
