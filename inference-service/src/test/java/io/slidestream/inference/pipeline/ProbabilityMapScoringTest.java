package io.slidestream.inference.pipeline;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.grid.ProbabilityMaps;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideCache;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.inference.DemoGrids;
import io.slidestream.inference.service.Dihedral;
import io.slidestream.inference.service.ModelInputs;
import io.slidestream.inference.service.PatchModel;
import io.slidestream.inference.service.PatchOutputs;
import io.slidestream.inference.service.PatchReader;
import io.slidestream.inference.service.PatchTensors;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.PixelColourFcn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A probability-map model (the pixel-colour FCN, whose map of any pixels is known exactly) scored through the
 * pipeline on a generated slide with DJL's TensorFlow engine: each patch's score comes with its map, reduced by
 * maximum to 8 × 8 sub-cells, and that map is the one of the patch's pixels read on their own.
 */
class ProbabilityMapScoringTest {
    private static final Path DIR = Path.of("target", "probability-maps").toAbsolutePath();
    private static final int EDGE = 8;
    /** Quantisation step, plus float noise between the engine and Java's arithmetic. */
    private static final float STEP = 1f / 255 + 1e-5f;
    private static Path fcn;
    private static GridGeometry grid;
    private static List<PatchRef> cells;
    private static PatchModel plain;
    private static PatchModel augmented;

    @BeforeAll
    static void slideAndModels() throws IOException {
        deleteTree(DIR);
        Files.createDirectories(DIR);
        GroundTruth truth = SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(2002), DIR.resolve("slide.tiff"));
        fcn = PixelColourFcn.export(DIR.resolve("fcn"), PixelColourFcn.metadata());
        grid = DemoGrids.of(DIR.resolve("slide.tiff"), PixelColourFcn.metadata().profile());
        cells = tissueCells(truth, 24);
        plain = PatchModel.load(fcn, 1);
        augmented = PatchModel.load(PixelColourFcn.export(DIR.resolve("fcn-dihedral8"),
                PixelColourFcn.metadata().withTestTimeAugmentation(ModelMetadata.TTA_DIHEDRAL8)), 1);
    }

    @AfterAll
    static void close() {
        Stream.of(plain, augmented).forEach(PatchModel::close);
    }

    @Test
    void eachPublishedMapIsTheMapOfItsPatchReadAloneReducedByMaximumAndItsScoreIsTheMapsMaximum() throws Exception {
        PipelineSettings settings = new PipelineSettings(1, 1, 16, Duration.ofMillis(50), 64, 2, ReadStrategy.REGION)
                .withMapEdge(EDGE);
        ScoreBatch published;
        try (ScoringPipeline pipeline = ScoringPipeline.start(fcn, new SlideRoots(List.of(DIR)), settings)) {
            published = pipeline.submit(new PatchBatch(Contract.SCHEMA_VERSION, "slide", "slide.tiff", 0, grid,
                    Priority.ROUTINE, cells)).get(60, TimeUnit.SECONDS);
        }
        assertEquals(cells.size(), published.scores().size());
        int tumourSubCells = 0;
        int mixedPatches = 0;
        try (Slide slide = Slide.openThroughOpenSlide(DIR.resolve("slide.tiff"))) {
            for (int p = 0; p < cells.size(); p++) {
                PatchScore score = published.scores().get(p);
                assertEquals(cells.get(p).col(), score.col());
                int[] map = score.map();
                assertEquals(EDGE * EDGE, map.length, "patch " + p);
                float[] expected = expectedMap(slide.read(grid.inputRegion(0, score.col(), score.row())));
                float max = 0;
                int tumour = 0;
                for (int i = 0; i < map.length; i++) {
                    assertEquals(expected[i], ProbabilityMaps.value(map[i]), STEP, "sub-cell " + i + " of patch " + p);
                    max = Math.max(max, expected[i]);
                    tumour += ProbabilityMaps.value(map[i]) >= published.threshold() ? 1 : 0;
                }
                assertEquals(max, score.score(), 1e-5, "the score is the maximum of patch " + p + "'s map");
                tumourSubCells += tumour;
                mixedPatches += tumour > 0 && tumour < map.length ? 1 : 0;
            }
        }
        assertTrue(mixedPatches >= 3 && tumourSubCells > 0, "the maps have tumour and normal sub-cells side by side: "
                + mixedPatches + " patches of both, " + tumourSubCells + " tumour sub-cells");
    }

    @Test
    void withDihedralAugmentationEachMapIsTurnedBackBeforeTheEightAreAveraged() throws IOException {
        PatchTensors patches = tensors(cells);
        PatchOutputs once = plain.outputs(patches);
        PatchOutputs eight = augmented.outputs(patches);
        assertEquals(64, eight.mapEdge());
        // The model is a per-pixel function, so each view's map turned back is the patch's own map.
        for (int i = 0; i < once.maps().length; i++) {
            assertEquals(once.maps()[i], eight.maps()[i], 1e-5, "map value " + i);
        }
        for (int p = 0; p < cells.size(); p++) {
            assertEquals(once.scores()[p], eight.scores()[p], 1e-5, "patch " + p);
        }
        // Not so for the views as the model returns them: a quarter turn moves the tissue under the map.
        float[][] turned = new float[1][64 * 64 * 3];
        Dihedral.apply(1, patches.inputs()[0], 0, turned[0], 0, 64);
        float[] viewMap = plain.outputs(new PatchTensors(1, turned)).maps();
        double difference = 0;
        for (int i = 0; i < viewMap.length; i++) {
            difference = Math.max(difference, Math.abs(viewMap[i] - once.maps()[i]));
        }
        assertTrue(difference > 0.1, "a turned patch's map differs from the patch's: " + difference);
    }

    @Test
    void aProbabilityModelsScoresCarryNoMap() {
        PatchOutputs probabilities = new PatchOutputs(new float[] {0.2f, 0.7f}, null, 0);
        assertNull(probabilities.publishedMap(1, EDGE, 0.5));
        BatchJob job = new BatchJob(new PatchBatch(Contract.SCHEMA_VERSION, "slide", "slide.tiff", 0, grid,
                Priority.ROUTINE, cells.subList(0, 2)), 0, "demo:1", 0.5);
        try (SlideCache cache = new SlideCache(1)) {
            job.read(new PatchReader(cache, new SlideRoots(List.of(DIR))).read(job.batch));
        }
        job.scored(0, 2, probabilities.scores(), null, 0);
        ScoreBatch scores = job.result.join();
        assertEquals(List.of(new PatchScore(cells.get(0).col(), cells.get(0).row(), 0.2f),
                new PatchScore(cells.get(1).col(), cells.get(1).row(), 0.7f)), scores.scores());
    }

    @Test
    void aMapSmallerThanTheConfiguredEdgeIsPublishedAtItsOwnEdge() {
        float[] twoByTwo = {0.1f, 0.9f, 0.3f, 0.2f};
        PatchOutputs outputs = new PatchOutputs(new float[] {0.9f}, twoByTwo, 2);
        int[] map = outputs.publishedMap(0, EDGE, 0.5);
        assertEquals(4, map.length);
        assertEquals(Math.round(0.9f * 255), map[1]);
        assertEquals(1, outputs.publishedMap(0, 1, 0.5).length, "reduced to its maximum");
        assertEquals(Math.round(0.9f * 255), outputs.publishedMap(0, 1, 0.5)[0]);
    }

    /** The FCN's map of one patch's pixels, computed in Java and reduced by maximum over 8 × 8 blocks. */
    private static float[] expectedMap(RgbImage patch) {
        int size = patch.width();
        int block = size / EDGE;
        byte[] rgb = patch.rgb();
        float[] map = new float[EDGE * EDGE];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = (y * size + x) * 3;
                float p = PixelColourFcn.probability(rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff);
                int sub = (y / block) * EDGE + x / block;
                map[sub] = Math.max(map[sub], p);
            }
        }
        return map;
    }

    /** Tissue cells, those across a tumour border first (where maps hold tumour and normal side by side). */
    private static List<PatchRef> tissueCells(GroundTruth truth, int count) {
        long edge = Math.round(grid.cellSize());
        List<PatchRef> border = new ArrayList<>();
        List<PatchRef> other = new ArrayList<>();
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                long x = grid.originX(col);
                long y = grid.originY(row);
                if (truth.tissueFraction(x, y, edge, edge) < 0.9) {
                    continue;
                }
                double t = truth.tumourFraction(x, y, edge, edge);
                (t > 0.2 && t < 0.8 ? border : other).add(new PatchRef(col, row, x, y));
            }
        }
        List<PatchRef> chosen = new ArrayList<>(border.subList(0, Math.min(count / 2, border.size())));
        for (int i = 0; chosen.size() < count && i < other.size(); i += Math.max(1, other.size() / count)) {
            chosen.add(other.get(i));
        }
        assertTrue(chosen.size() == count && border.size() >= 4, border.size() + " border cells, " + other.size() + " others");
        return chosen;
    }

    private static PatchTensors tensors(List<PatchRef> cells) {
        try (SlideCache cache = new SlideCache(1)) {
            return new ModelInputs(plain.metadata()).tensors(new PatchReader(cache, new SlideRoots(List.of(DIR)))
                    .read(new PatchBatch(Contract.SCHEMA_VERSION, "slide", "slide.tiff", 0, grid, Priority.ROUTINE, cells)));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> tree = Files.walk(root)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
