package io.slidestream.inference.pipeline;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideException;
import io.slidestream.core.slide.SlidePathException;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.inference.LonePatchScores;
import io.slidestream.inference.service.BatchRefusedException;
import io.slidestream.inference.DemoGrids;
import io.slidestream.inference.ModelPackages;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.synth.DamagedTiles;
import io.slidestream.inference.service.PatchModel;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scoring pipeline on a generated slide with the demo model, without Kafka. */
class ScoringPipelineTest {
    private static final Path DIR = Path.of("target", "pipeline-test").toAbsolutePath();
    private static Path modelDir;
    private static GridGeometry grid;
    private static PatchModel lone;

    @BeforeAll
    static void slideAndModel() throws Exception {
        Files.createDirectories(DIR);
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(41), DIR.resolve("slide.tiff"));
        modelDir = DemoModel.ensure(Path.of(System.getProperty("slidestream.cache"), "demo-model"));
        lone = PatchModel.load(modelDir, 1);
        grid = DemoGrids.of(DIR.resolve("slide.tiff"));
    }

    @AfterAll
    static void close() {
        lone.close();
    }

    @Test
    void smallBatchesAreScoredTogetherInFullerModelBatchesWithTheScoresOfPatchesReadAlone() throws Exception {
        PipelineSettings settings = new PipelineSettings(2, 1, 64, Duration.ofMillis(200), 256, 4, ReadStrategy.REGION);
        List<List<PatchRef>> batches = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            batches.add(row(grid, 8 + b, 10, 6)); // six neighbouring cells per batch
        }
        List<CompletableFuture<ScoreBatch>> results = new ArrayList<>();
        PipelineStats stats;
        try (ScoringPipeline pipeline = ScoringPipeline.start(modelDir, new SlideRoots(List.of(DIR)), settings)) {
            for (int b = 0; b < batches.size(); b++) {
                results.add(pipeline.submit(batch("slide.tiff", b, Priority.ROUTINE, batches.get(b))));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            stats = pipeline.stats();
        }
        assertEquals(72, stats.patchesScored());
        assertTrue(stats.modelBatches() < batches.size(), stats.modelBatches() + " model calls for 12 patch batches");
        try (Slide slide = Slide.openThroughOpenSlide(DIR.resolve("slide.tiff"))) {
            for (int b = 0; b < batches.size(); b++) {
                ScoreBatch scores = results.get(b).get();
                assertEquals(b, scores.batchIndex());
                float[] expected = LonePatchScores.of(lone, slide, grid, batches.get(b));
                for (int p = 0; p < expected.length; p++) {
                    assertEquals(batches.get(b).get(p).col(), scores.scores().get(p).col());
                    assertEquals(expected[p], scores.scores().get(p).score(), 1e-5, "patch " + p + " of batch " + b);
                }
            }
        }
        assertTrue(stats.decodedPixels() >= stats.regionPixels() && stats.readCpuNanos() > 0, stats.toString());
        assertEquals(72L * 2 * 64 * 64, stats.scoredPixels());
    }

    @Test
    void urgentBatchesAreReadAheadOfARoutineBacklog() throws Exception {
        PipelineSettings settings = new PipelineSettings(1, 1, 64, Duration.ZERO, 64, 4, ReadStrategy.REGION);
        List<String> finished = new CopyOnWriteArrayList<>();
        List<CompletableFuture<ScoreBatch>> all = new ArrayList<>();
        try (ScoringPipeline pipeline = ScoringPipeline.start(modelDir, new SlideRoots(List.of(DIR)), settings)) {
            for (int b = 0; b < 40; b++) {
                all.add(pipeline.submit(batch("slide.tiff", b, Priority.ROUTINE, row(grid, 4 + b % 16, 8, 8)))
                        .whenComplete((s, e) -> finished.add("routine")));
            }
            for (int b = 0; b < 5; b++) {
                all.add(pipeline.submit(batch("slide.tiff", 100 + b, Priority.URGENT, row(grid, 4 + b, 16, 8)))
                        .whenComplete((s, e) -> finished.add("urgent")));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
        int lastUrgent = finished.lastIndexOf("urgent");
        assertTrue(lastUrgent < 15, "the 5 urgent batches were done by position " + lastUrgent + " of 45: " + finished);
    }

    @Test
    void aPatchInACorruptTileIsFailedAndTheRestOfItsBatchScored() throws Exception {
        Path dir = Files.createDirectories(DIR.resolve("damaged"));
        Path file = dir.resolve("damaged.tiff");
        Files.copy(DIR.resolve("slide.tiff"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int level = grid.patchInput().level();
        int tile;
        try (Slide slide = Slide.open(file)) {
            tile = slide.tileWidth(level);
        }
        int perTile = tile / grid.patchInput().readSize();
        // Two tiles' worth of cells of one row: columns 3·perTile.. lie in tile column 3 of the patch level.
        List<PatchRef> cells = row(grid, 3 * perTile, 2 * perTile, 2 * perTile);
        assertEquals(3L * tile, grid.inputLeft(0, 3 * perTile));
        DamagedTiles.breakTile(file, level, 3, (int) (grid.inputTop(0, 2 * perTile) / tile));
        ScoreBatch scores;
        try (ScoringPipeline pipeline = ScoringPipeline.start(modelDir, new SlideRoots(List.of(dir)),
                PipelineSettings.defaults())) {
            scores = pipeline.submit(batch("damaged.tiff", 0, Priority.ROUTINE, cells)).get(60, TimeUnit.SECONDS);
            assertEquals(perTile, pipeline.stats().patchesFailed());
        }
        assertEquals(perTile, scores.failed().size(), "the cells of the broken tile");
        assertEquals(perTile, scores.scores().size(), "the cells of the sound tile");
        assertTrue(scores.failed().stream().allMatch(f -> f.col() < 4 * perTile && f.reason().contains("damaged.tiff")),
                scores.failed().toString());
        assertTrue(scores.scores().stream().allMatch(s -> s.col() >= 4 * perTile), scores.scores().toString());
    }

    @Test
    void batchesThatCannotBeScoredFailTheirResultWithTheReason() throws Exception {
        try (ScoringPipeline pipeline = ScoringPipeline.start(modelDir, new SlideRoots(List.of(DIR)),
                PipelineSettings.defaults())) {
            ExecutionException gone = assertThrows(ExecutionException.class, () -> pipeline.submit(
                    batch("vanished.tiff", 0, Priority.ROUTINE, row(grid, 1, 1, 1))).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SlidePathException.class, gone.getCause(), gone.getCause().toString());

            Files.copy(DIR.resolve("slide.tiff"), DIR.resolve("removed.tiff"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path root = DIR.resolve("removed.tiff");
            Files.writeString(root, "no longer a slide");
            ExecutionException broken = assertThrows(ExecutionException.class, () -> pipeline.submit(
                    batch("removed.tiff", 0, Priority.ROUTINE, row(grid, 1, 1, 1))).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SlideException.class, broken.getCause(), broken.getCause().toString());

            AnalysisProfile other = new AnalysisProfile("pcam", List.of(new ModelInput("patch", InputRole.PATCH, 96, 0.97)));
            GridGeometry otherGrid = new GridGeometry("pcam", 96, 4, 4, List.of(grid.patchInput()));
            assertTrue(otherGrid.asProfile().mismatchWith(DemoModel.metadata()).isPresent(), other.toString());
            ExecutionException refused = assertThrows(ExecutionException.class, () -> pipeline.submit(new PatchBatch(
                    Contract.SCHEMA_VERSION, "s", "slide.tiff", 0, otherGrid, Priority.ROUTINE, row(grid, 1, 1, 1))).get());
            assertInstanceOf(BatchRefusedException.class, refused.getCause());
        }
    }

    /** A model call that fails (here: a package whose layout the model does not take) fails its batches, not the pipeline. */
    @Test
    void aModelThatFailsFailsItsBatchesWithTheModelsErrorAndTheWorkerGoesOn() throws Exception {
        Path broken = ModelPackages.copy(modelDir, DIR.resolve("channels-first-claim"),
                DemoModel.metadata().withLayout(ModelMetadata.LAYOUT_NCHW));
        try (ScoringPipeline pipeline = ScoringPipeline.start(broken, new SlideRoots(List.of(DIR)),
                PipelineSettings.defaults())) {
            for (int attempt = 0; attempt < 2; attempt++) {
                CompletableFuture<ScoreBatch> result = pipeline.submit(batch("slide.tiff", attempt, Priority.ROUTINE,
                        row(grid, 4, 4 + attempt, 4)));
                ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(60, TimeUnit.SECONDS));
                assertTrue(e.getCause().getMessage().contains("model " + DemoModel.metadata().id() + " failed on 4 patches"),
                        e.getCause().getMessage());
            }
            assertEquals(0, pipeline.stats().patchesScored());
        }
    }

    /** {@code count} cells of row {@code row} from column {@code first}. */
    private static List<PatchRef> row(GridGeometry grid, int first, int row, int count) {
        List<PatchRef> cells = new ArrayList<>();
        for (int col = first; col < first + count; col++) {
            cells.add(new PatchRef(col, row, grid.originX(col), grid.originY(row)));
        }
        return cells;
    }

    private static PatchBatch batch(String ref, int index, Priority priority, List<PatchRef> cells) {
        return new PatchBatch(Contract.SCHEMA_VERSION, "slide", ref, index, grid, priority, cells);
    }
}
