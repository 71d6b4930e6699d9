package io.slidestream.trainer;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.Slide;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchSamplerTest {

    @TempDir
    static Path work;
    static Path tiff;
    static GroundTruth truth;
    static List<LabelledPatch> patches;

    @BeforeAll
    static void sampleAGeneratedSlide() throws Exception {
        tiff = work.resolve("slide.tiff");
        truth = SyntheticSlideGenerator.generate(DemoModel.slideSpec(77), tiff);
        try (Slide slide = Slide.open(tiff)) {
            patches = PatchSampler.sample(slide, truth, DemoModel.metadata().profile());
        }
    }

    @Test
    @DisplayName("a generated slide gives both classes, tumour being the minority")
    void bothClasses() {
        long tumour = patches.stream().filter(LabelledPatch::tumour).count();

        assertTrue(tumour >= 20, tumour + " tumour patches");
        assertTrue(patches.size() - tumour > 2 * tumour, (patches.size() - tumour) + " normal patches");
    }

    @Test
    @DisplayName("labels follow the ground truth: tumour cells have a tumour centre, normal cells no tumour at all")
    void centreWindowLabels() {
        try (Slide slide = Slide.open(tiff)) {
            GridGeometry grid = PatchSampler.grid(slide, DemoModel.metadata().profile());
            long edge = Math.round(grid.cellSize());
            assertEquals(128, edge, "64 px at downsample 2");
            for (LabelledPatch p : patches) {
                long x = grid.originX(p.col());
                long y = grid.originY(p.row());
                assertTrue(truth.tissueFraction(x, y, edge, edge) >= 0.3);
                if (p.tumour()) {
                    // The central 16×16 level-1 px (32×32 level-0 px) window is at least half tumour.
                    assertTrue(truth.tumourFraction(x + 48, y + 48, 32, 32) >= 0.5, "cell " + p.col() + "," + p.row());
                } else {
                    assertEquals(0.0, truth.tumourFraction(x, y, edge, edge), "cell " + p.col() + "," + p.row());
                }
            }
        }
    }

    @Test
    @DisplayName("patch and context are the 64 px reads at levels 1 and 3 that the inference grid places")
    void pixelsComeFromTheInferenceGrid() {
        LabelledPatch p = patches.get(patches.size() / 2);
        try (Slide slide = Slide.open(tiff)) {
            GridGeometry grid = PatchSampler.grid(slide, DemoModel.metadata().profile());
            assertEquals(1, grid.inputs().get(0).level());
            assertEquals(3, grid.inputs().get(1).level());
            assertEquals(8.0, grid.inputs().get(1).levelDownsample(), 1e-9);
            long x = grid.originX(p.col());
            long y = grid.originY(p.row());

            assertEquals(64 * 64 * 3, p.patch().length);
            assertArrayEquals(slide.read(new RegionRequest(1, x, y, 64, 64)).rgb(), p.patch());
            // The context's centre is the patch's: 64 level-0 px in, minus half of 512.
            assertArrayEquals(slide.read(new RegionRequest(3, x + 64 - 256, y + 64 - 256, 64, 64)).rgb(), p.context());
            assertFalse(Arrays.equals(p.patch(), p.context()));
        }
    }
}
