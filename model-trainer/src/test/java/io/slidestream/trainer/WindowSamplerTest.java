package io.slidestream.trainer;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.Slide;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.trainer.truth.TumourMask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowSamplerTest {

    private static final SamplingPlan PLAN = SamplingPlan.seedDefaults(64);

    @TempDir
    static Path work;
    static Path tiff;
    static TumourMask truth;
    static List<LabelledPatch> windows = new ArrayList<>();
    static WindowSampler.Counts counts;

    @BeforeAll
    static void sampleAGeneratedSlide() throws Exception {
        tiff = work.resolve("slide.tiff");
        truth = TumourMask.of(SyntheticSlideGenerator.generate(DemoModel.slideSpec(77), tiff));
        try (Slide slide = Slide.open(tiff)) {
            counts = WindowSampler.sample(slide, truth, DemoModel.metadata().profile(), 0, PLAN, 5, windows::add);
        }
    }

    @Test
    @DisplayName("the seed's 80/50 window and centre become a 40 px centre and a 40 px stride on a 64 px patch")
    void seedProportions() {
        assertEquals(new SamplingPlan(40, 40, 0.1, 3, 64), PLAN);
        assertEquals(60, SamplingPlan.seedDefaults(96).centrePx());
        assertThrows(IllegalArgumentException.class, () -> new SamplingPlan(80, 40, 0.75, 3, 64).checkFits(64));
    }

    @Test
    @DisplayName("every tumour window is kept, and three normal windows per tumour window at most")
    void classesBalance() {
        long tumour = windows.stream().filter(LabelledPatch::tumour).count();
        long normal = windows.size() - tumour;

        assertEquals(counts.tumour(), tumour);
        assertEquals(counts.normal(), normal);
        assertTrue(tumour >= 20, tumour + " tumour windows");
        assertTrue(normal <= 3 * tumour && normal >= Math.min(3 * tumour, counts.normalCandidates() / 4),
                normal + " normal for " + tumour + " tumour windows of " + counts.normalCandidates() + " candidates");
    }

    @Test
    @DisplayName("a window is tumour when its 40 px centre holds a tumour pixel; normal ones have no tumour there and 10 % tissue")
    void centreLabels() {
        try (Slide slide = Slide.open(tiff)) {
            GridGeometry grid = WindowSampler.windowGrid(slide, DemoModel.metadata().profile(), PLAN);
            assertEquals(80, grid.cellSize(), 1e-9, "40 px at level 1 is 80 level-0 px");
            for (LabelledPatch w : windows) {
                double cx = (w.col() + 0.5) * 80;
                double cy = (w.row() + 0.5) * 80;
                boolean tumourCentre = truth.tumourFraction(cx - 40, cy - 40, 80, 80) > 0;
                assertEquals(w.tumour(), tumourCentre, "window " + w.col() + "," + w.row());
                if (!w.tumour()) {
                    assertTrue(TissuePixels.fraction(w.patch()) >= 0.1);
                }
            }
        }
    }

    @Test
    @DisplayName("patch and context are read at levels 1 and 3 around the window's centre, as inference reads them")
    void pixelsAroundTheCentre() {
        LabelledPatch w = windows.get(windows.size() / 2);
        try (Slide slide = Slide.open(tiff)) {
            long cx = Math.round((w.col() + 0.5) * 80);
            long cy = Math.round((w.row() + 0.5) * 80);

            assertEquals(64 * 64 * 3, w.patch().length);
            assertArrayEquals(slide.read(new RegionRequest(1, cx - 64, cy - 64, 64, 64)).rgb(), w.patch());
            // 64 px at level 3 (downsample 8) span 512 level-0 px around the same centre.
            assertArrayEquals(slide.read(new RegionRequest(3, cx - 256, cy - 256, 64, 64)).rgb(), w.context());
            assertFalse(Arrays.equals(w.patch(), w.context()));
        }
    }

    @Test
    @DisplayName("a slide without tumour gives the per-slide quota of normal windows, the same ones for the same seed")
    void slideWithoutTumour() {
        TumourMask none = new TumourMask(1, 1, 4096, 4096, new boolean[1]);
        List<LabelledPatch> first = new ArrayList<>();
        List<LabelledPatch> again = new ArrayList<>();
        try (Slide slide = Slide.open(tiff)) {
            WindowSampler.sample(slide, none, DemoModel.metadata().profile(), 0, PLAN, 9, first::add);
            WindowSampler.sample(slide, none, DemoModel.metadata().profile(), 0, PLAN, 9, again::add);
        }

        assertEquals(64, first.size());
        assertTrue(first.stream().noneMatch(LabelledPatch::tumour));
        assertEquals(first.stream().map(w -> w.col() + "," + w.row()).toList(),
                again.stream().map(w -> w.col() + "," + w.row()).toList());
    }

    @Test
    @DisplayName("grey glass, black and blue ink are not tissue; pink and purple stain is")
    void tissuePixels() {
        byte[] glass = {(byte) 210, (byte) 210, (byte) 212};
        byte[] black = {10, 12, 10};
        byte[] blueInk = {40, 60, (byte) 160};
        byte[] eosin = {(byte) 230, (byte) 160, (byte) 200};
        byte[] haematoxylin = {90, 60, (byte) 140};

        assertEquals(0, TissuePixels.fraction(glass));
        assertEquals(0, TissuePixels.fraction(black));
        assertEquals(0, TissuePixels.fraction(blueInk));
        assertEquals(1, TissuePixels.fraction(eosin));
        assertEquals(1, TissuePixels.fraction(haematoxylin));
    }
}
