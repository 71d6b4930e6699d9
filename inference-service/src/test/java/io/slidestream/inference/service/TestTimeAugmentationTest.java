package io.slidestream.inference.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.Priority;
import io.slidestream.core.grid.GridPlanner;
import io.slidestream.core.grid.SlideMpp;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideCache;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.inference.ModelPackages;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo model with and without dihedral test-time augmentation, loaded from copies of its package
 * that differ only in {@code testTimeAugmentation}.
 */
class TestTimeAugmentationTest {
    private static final Path DIR = Path.of("target", "tta-packages").toAbsolutePath();
    private static PatchModel plain;
    private static PatchModel none;
    private static PatchModel tta;
    private static int size;

    @BeforeAll
    static void loadThreeWays() throws IOException {
        Path demo = DemoModel.ensure(Path.of(System.getProperty("slidestream.cache"), "demo-model"));
        plain = PatchModel.load(demo, 1);
        ModelMetadata metadata = plain.metadata();
        none = PatchModel.load(ModelPackages.copy(demo, DIR.resolve("none"), metadata.withTestTimeAugmentation(ModelMetadata.TTA_NONE)), 1);
        tta = PatchModel.load(ModelPackages.copy(demo, DIR.resolve("dihedral8"),
                metadata.withTestTimeAugmentation(ModelMetadata.TTA_DIHEDRAL8)), 1);
        size = metadata.patchInput().size();
        assertEquals(size, metadata.contextInputs().getFirst().size());
    }

    @AfterAll
    static void close() {
        Stream.of(plain, none, tta).forEach(PatchModel::close);
    }

    @Test
    void demoPackageHasTestTimeAugmentationOff() {
        assertEquals(ModelMetadata.TTA_NONE, plain.metadata().testTimeAugmentation());
        assertEquals(null, plain.metadata().stainNormalisation());
    }

    @Test
    void augmentedScoreIsTheMeanOfThePlainScoresOfTheEightTransformedPatches() throws IOException {
        PatchTensors patches = tissuePatches();
        int count = patches.count();
        float[] augmented = tta.score(patches);
        assertEquals(count, augmented.length);
        StringBuilder views = new StringBuilder();
        double largestSpread = 0;
        for (int p = 0; p < count; p++) {
            double sum = 0;
            double min = 1;
            double max = 0;
            for (int t = 0; t < Dihedral.COUNT; t++) {
                float score = plain.score(transformedOne(patches, p, t))[0];
                sum += score;
                min = Math.min(min, score);
                max = Math.max(max, score);
                views.append(p).append('/').append(t).append('=').append(score).append(' ');
            }
            assertEquals(sum / Dihedral.COUNT, augmented[p], 1e-5, "patch " + p);
            largestSpread = Math.max(largestSpread, max - min);
        }
        assertTrue(largestSpread > 1e-2, "the 8 views of some patch score differently: " + views);
    }

    @Test
    void batchesLargerThanOneModelCallAreScoredInChunksAlike() {
        int count = PatchModel.MAX_TTA_ROWS / Dihedral.COUNT + 3;
        PatchTensors patches = patches(count, new Random(13));
        float[] whole = tta.score(patches);
        PatchTensors tail = slice(patches, count - 3, 3);
        float[] alone = tta.score(tail);
        for (int i = 0; i < 3; i++) {
            assertEquals(alone[i], whole[count - 3 + i], 1e-5, "patch " + (count - 3 + i));
        }
    }

    @Test
    void withAugmentationOffScoresAreThoseOfTheUnchangedPackage() {
        PatchTensors patches = patches(16, new Random(17));
        assertArrayEquals(plain.score(patches), none.score(patches));
    }

    /**
     * Real pixels: cells of a generated slide read at the model's inputs, those on a tumour border first
     * (where the model is least sure, so the 8 views score apart), then some tumour and normal cells.
     */
    private static PatchTensors tissuePatches() throws IOException {
        Files.createDirectories(DIR);
        Path slidePath = DIR.resolve("tissue.tiff");
        GroundTruth truth = SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(8102), slidePath);
        GridGeometry grid;
        try (Slide slide = Slide.open(slidePath)) {
            grid = GridPlanner.plan(SlideMpp.of(slide.properties(), null, 0).describe(slide), plain.metadata().profile());
        }
        List<PatchRef> border = new ArrayList<>();
        List<PatchRef> tumour = new ArrayList<>();
        List<PatchRef> normal = new ArrayList<>();
        long edge = Math.round(grid.cellSize());
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                long x = grid.originX(col);
                long y = grid.originY(row);
                if (truth.tissueFraction(x, y, edge, edge) < 0.5) {
                    continue;
                }
                double t = truth.tumourFraction(x, y, edge, edge);
                List<PatchRef> into = t > 0.2 && t < 0.8 ? border : t == 1.0 ? tumour : t == 0.0 ? normal : null;
                if (into != null && into.size() < (into == border ? 12 : 2)) {
                    into.add(new PatchRef(col, row, x, y));
                }
            }
        }
        assertTrue(border.size() >= 4, "border cells: " + border.size());
        List<PatchRef> cells = new ArrayList<>(border);
        cells.addAll(tumour);
        cells.addAll(normal);
        try (SlideCache cache = new SlideCache(1)) {
            return new ModelInputs(plain.metadata()).tensors(new PatchReader(cache, new SlideRoots(List.of(DIR)))
                    .read(new PatchBatch(Contract.SCHEMA_VERSION, "tta", "tissue.tiff", 0, grid, Priority.ROUTINE, cells)));
        }
    }

    /** Seeded blobs on a gradient: asymmetric, so the 8 views differ; the context is a blurred copy. */
    private static PatchTensors patches(int count, Random random) {
        int values = size * size * 3;
        float[] patch = new float[count * values];
        float[] context = new float[count * values];
        for (int n = 0; n < count; n++) {
            int cx = random.nextInt(size);
            int cy = random.nextInt(size);
            int radius = 4 + random.nextInt(size / 3);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean blob = (x - cx) * (x - cx) + (y - cy) * (y - cy) < radius * radius;
                    int i = n * values + (y * size + x) * 3;
                    float ramp = (float) x / size * 0.4f - (float) y / size * 0.2f;
                    patch[i] = blob ? -0.2f + ramp : 0.7f + ramp;
                    patch[i + 1] = blob ? -0.7f + ramp : 0.2f - ramp;
                    patch[i + 2] = blob ? 0.3f : 0.5f + ramp + (random.nextFloat() - 0.5f) * 0.1f;
                    context[i] = 0.6f + ramp;
                    context[i + 1] = blob ? -0.1f : 0.1f - ramp;
                    context[i + 2] = 0.45f;
                }
            }
        }
        return new PatchTensors(count, new float[][] {patch, context});
    }

    private static PatchTensors transformedOne(PatchTensors patches, int p, int t) {
        int values = size * size * 3;
        float[][] inputs = new float[patches.inputs().length][values];
        for (int i = 0; i < inputs.length; i++) {
            Dihedral.apply(t, patches.inputs()[i], p * values, inputs[i], 0, size);
        }
        return new PatchTensors(1, inputs);
    }

    private static PatchTensors slice(PatchTensors patches, int first, int count) {
        int values = size * size * 3;
        float[][] inputs = new float[patches.inputs().length][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = java.util.Arrays.copyOfRange(patches.inputs()[i], first * values, (first + count) * values);
        }
        return new PatchTensors(count, inputs);
    }
}
