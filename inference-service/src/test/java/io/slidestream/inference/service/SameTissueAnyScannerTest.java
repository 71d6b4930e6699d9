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
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.LevelLayout;
import io.slidestream.synth.SlideFormat;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same tissue scanned at 20× (0.5 µm/px, 2× steps), at 40× (0.25 µm/px, Aperio 4× steps) and as one
 * flat level gives the same grid cells and near-identical scores from the demo model: each scan is read
 * at the model's 1 and 4 µm/px, from whichever level has them, resampled where none does.
 */
class SameTissueAnyScannerTest {
    private static final Path DIR = Path.of("target", "same-tissue").toAbsolutePath();
    private static final SyntheticSlideSpec TISSUE = SyntheticSlideSpec.forTests(8101);
    private static GroundTruth truth;
    private static PatchModel model;

    @BeforeAll
    static void scanTheSameTissueThreeWays() throws Exception {
        Files.createDirectories(DIR);
        truth = SyntheticSlideGenerator.generate(TISSUE, DIR.resolve("twenty-x.tiff"));
        SyntheticSlideGenerator.generate(TISSUE.withMppKeepingArea(0.25).withLevels(LevelLayout.FOUR_X)
                .withFormat(SlideFormat.APERIO_SVS), DIR.resolve("forty-x.svs"));
        SyntheticSlideGenerator.generate(TISSUE.withLevels(LevelLayout.SINGLE), DIR.resolve("flat.tiff"));
        Path modelDir = DemoModel.ensure(Path.of(System.getProperty("slidestream.cache"), "demo-model"));
        model = PatchModel.load(modelDir, 1);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void twentyXFortyXAndFlatScansScoreTheSameCellsAlike() {
        ModelMetadata metadata = model.metadata();
        GridGeometry twentyX = grid("twenty-x.tiff", metadata);
        GridGeometry fortyX = grid("forty-x.svs", metadata);
        GridGeometry flat = grid("flat.tiff", metadata);
        assertEquals(twentyX.cols(), fortyX.cols());
        assertEquals(twentyX.rows(), fortyX.rows());
        assertEquals(twentyX.cols(), flat.cols());

        List<PatchRef> cells = tissueCells(twentyX, 64);
        PatchTensors referencePixels = read("twenty-x.tiff", twentyX, cells);
        float[] reference = model.score(referencePixels);
        for (String other : List.of("forty-x.svs", "flat.tiff")) {
            GridGeometry grid = other.equals("flat.tiff") ? flat : fortyX;
            List<PatchRef> same = cells.stream().map(c -> new PatchRef(c.col(), c.row(), grid.originX(c.col()),
                    grid.originY(c.row()))).toList();
            PatchTensors pixels = read(other, grid, same);
            double pixelDifference = meanAbsoluteDifference(referencePixels.inputs()[0], pixels.inputs()[0]) * 127.5;
            float[] scores = model.score(pixels);
            double meanDifference = 0;
            double maxDifference = 0;
            int sameCall = 0;
            for (int i = 0; i < scores.length; i++) {
                double d = Math.abs(scores[i] - reference[i]);
                meanDifference += d / scores.length;
                maxDifference = Math.max(maxDifference, d);
                sameCall += (scores[i] >= metadata.threshold()) == (reference[i] >= metadata.threshold()) ? 1 : 0;
            }
            System.out.printf("%s vs twenty-x.tiff over %d cells: mean |Δpixel| %.2f grey levels, mean |Δscore| %.6f, "
                    + "max %.6f, same call %d%n", other, scores.length, pixelDifference, meanDifference, maxDifference,
                    sameCall);
            assertTrue(pixelDifference > 0.1 && pixelDifference < 8, other + " is another scan of the same tissue: "
                    + pixelDifference + " grey levels apart");
            // The scores move a little with the pixels (how much depends on how steep the model is: the demo
            // model trained on hard slides moves 0.007-0.04 here); the calls at the model's threshold must not.
            assertTrue(meanDifference < 0.05, other + ": mean score difference " + meanDifference);
            assertTrue(sameCall >= scores.length - 2, other + ": same tumour call on " + sameCall + " of " + scores.length);
        }
    }

    private static GridGeometry grid(String name, ModelMetadata metadata) {
        try (Slide slide = Slide.open(DIR.resolve(name))) {
            return GridPlanner.plan(SlideMpp.of(slide.properties(), null, 0).describe(slide), metadata.profile());
        }
    }

    /** Tumour and normal cells in equal numbers, all mostly tissue, from the truth. */
    private static List<PatchRef> tissueCells(GridGeometry grid, int perClass) {
        List<PatchRef> tumour = new ArrayList<>();
        List<PatchRef> normal = new ArrayList<>();
        long edge = Math.round(grid.cellSize());
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                long x = grid.originX(col);
                long y = grid.originY(row);
                if (truth.tissueFraction(x, y, edge, edge) < 0.9) {
                    continue;
                }
                double t = truth.tumourFraction(x, y, edge, edge);
                List<PatchRef> into = t == 1.0 ? tumour : t == 0.0 ? normal : null;
                if (into != null && into.size() < perClass) {
                    into.add(new PatchRef(col, row, x, y));
                }
            }
        }
        assertTrue(tumour.size() >= 8, "tumour cells: " + tumour.size());
        List<PatchRef> cells = new ArrayList<>(tumour);
        cells.addAll(normal);
        return cells;
    }

    private static PatchTensors read(String name, GridGeometry grid, List<PatchRef> cells) {
        try (SlideCache cache = new SlideCache(1)) {
            PatchReader reader = new PatchReader(cache, new SlideRoots(List.of(DIR)));
            return new ModelInputs(model.metadata()).tensors(reader.read(new PatchBatch(Contract.SCHEMA_VERSION,
                    "same-tissue", name, 0, grid, Priority.ROUTINE, cells)));
        }
    }

    private static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
