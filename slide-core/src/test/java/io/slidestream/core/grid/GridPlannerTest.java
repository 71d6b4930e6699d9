package io.slidestream.core.grid;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridPlannerTest {
    private static final AnalysisProfile DEMO = new AnalysisProfile("demo", List.of(
            new ModelInput("patch", InputRole.PATCH, 64, 1.0), new ModelInput("context", InputRole.CONTEXT, 64, 4.0)));

    /** A pyramid whose level k is {@code step^k} smaller, down to about 512 px. */
    private static SlideDescription slide(long width, long height, double mpp, int step, int levels) {
        List<SlideDescription.Level> pyramid = new ArrayList<>();
        double downsample = 1;
        for (int i = 0; i < levels; i++) {
            pyramid.add(new SlideDescription.Level((long) Math.ceil(width / downsample),
                    (long) Math.ceil(height / downsample), downsample));
            downsample *= step;
        }
        return new SlideDescription("generic-tiff", width, height, pyramid, mpp, MppSource.SLIDE, 0, 256, 256);
    }

    @Test
    void twentyXScanWithTwoTimesStepsReadsLevelsOneAndThreeAsTheyAre() {
        GridGeometry grid = GridPlanner.plan(slide(8192, 6144, 0.5, 2, 5), DEMO);
        assertEquals(128, grid.cellSize(), 1e-9);
        assertEquals(64, grid.cols());
        assertEquals(48, grid.rows());
        assertInput(grid.inputs().get(0), 1, 64);
        assertInput(grid.inputs().get(1), 3, 64);
        assertFalse(grid.inputs().get(0).resampled());
    }

    @Test
    void fortyXScanWithFourTimesStepsGivesTheSameCellsInMicrons() {
        GridGeometry twenty = GridPlanner.plan(slide(8192, 6144, 0.5, 2, 5), DEMO);
        GridGeometry forty = GridPlanner.plan(slide(16384, 12288, 0.25, 4, 4), DEMO);
        assertEquals(twenty.cols(), forty.cols());
        assertEquals(twenty.rows(), forty.rows());
        assertEquals(twenty.originX(17) * 0.5, forty.originX(17) * 0.25, 1e-9, "same cell, same microns");
        assertInput(forty.inputs().get(0), 1, 64); // downsample 4 exists
        assertInput(forty.inputs().get(1), 2, 64); // downsample 16 exists
    }

    @Test
    void singleLevelSlideIsReadAtLevelZeroAndAreaAveragedDown() {
        GridGeometry grid = GridPlanner.plan(slide(4096, 4096, 0.25, 2, 1), DEMO);
        assertInput(grid.inputs().get(0), 0, 256);
        assertInput(grid.inputs().get(1), 0, 1024);
        assertTrue(grid.inputs().get(1).resampled());
        assertEquals(16, grid.cols());
    }

    @Test
    void levelWithANonIntegerDownsampleWithinTwoPercentIsReadWithoutResampling() {
        // boxes.tiff-like: 2, 4.016, 8.086 at 0.25 µm/px: the patch (ds 4) comes from the 4.016 level.
        SlideDescription odd = new SlideDescription("generic-tiff", 3000, 2500, List.of(
                new SlideDescription.Level(3000, 2500, 1), new SlideDescription.Level(1500, 1250, 2),
                new SlideDescription.Level(747, 622, 4.016), new SlideDescription.Level(371, 309, 8.086)),
                0.25, MppSource.SLIDE, 0, 64, 64);
        GridGeometry grid = GridPlanner.plan(odd, DEMO);
        assertInput(grid.inputs().get(0), 2, 64);
        // Context needs ds 16: the coarsest level is 8.086, read 127 px there and resample to 64.
        assertInput(grid.inputs().get(1), 3, 127);
    }

    @Test
    void aperioAtHalfAMicronReadsLevelZeroForAOneMicronPatch() {
        SlideDescription aperio = new SlideDescription("aperio", 46000, 32914, List.of(
                new SlideDescription.Level(46000, 32914, 1), new SlideDescription.Level(11500, 8228, 4.0001)),
                0.499, MppSource.SLIDE, 20, 256, 256);
        GridGeometry grid = GridPlanner.plan(aperio, DEMO);
        assertInput(grid.inputs().get(0), 0, 128);
        assertInput(grid.inputs().get(1), 1, 128); // 4.0 / 0.499 = 8.016 over 4.0001
        assertEquals(64 * 1.0 / 0.499, grid.cellSize(), 1e-9);
    }

    @Test
    void slideCoarserThanTheModelIsRefusedAndSlightlyCoarserIsUpsampled() {
        UnplannableSlideException e = assertThrows(UnplannableSlideException.class,
                () -> GridPlanner.plan(slide(4096, 4096, 2.0, 2, 3), DEMO));
        assertTrue(e.getMessage().contains("coarser") && e.getMessage().contains("patch"), e.getMessage());
        GridGeometry slightly = GridPlanner.plan(slide(4096, 4096, 1.05, 2, 3), DEMO);
        assertEquals(61, slightly.inputs().getFirst().readSize());
    }

    @Test
    void slideSmallerThanOnePatchIsRefused() {
        UnplannableSlideException e = assertThrows(UnplannableSlideException.class,
                () -> GridPlanner.plan(slide(16, 16, 0.499, 2, 1), DEMO));
        assertTrue(e.getMessage().contains("smaller than one 64 µm patch"), e.getMessage());
    }

    @Test
    void contextOfACellSharesItsCentreInLevelZeroPixels() {
        GridGeometry grid = GridPlanner.plan(slide(16384, 12288, 0.25, 4, 4), DEMO);
        long patchLeft0 = GridGeometry.level0(grid.inputs().get(0), grid.inputLeft(0, 10));
        long contextLeft0 = GridGeometry.level0(grid.inputs().get(1), grid.inputLeft(1, 10));
        assertEquals(grid.originX(10), patchLeft0);
        assertEquals(patchLeft0 + 256 / 2.0, contextLeft0 + 1024 / 2.0, 16, "same centre within one context pixel");
    }

    private static void assertInput(InputGeometry input, int level, int readSize) {
        assertEquals(level, input.level(), input.toString());
        assertEquals(readSize, input.readSize(), input.toString());
    }
}
