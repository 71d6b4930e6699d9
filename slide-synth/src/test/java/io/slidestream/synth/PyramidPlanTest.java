package io.slidestream.synth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyramidPlanTest {
    @Test
    void twoXWritesEveryHalvingDownToTheFirstThatFits() {
        PyramidPlan plan = PyramidPlan.of(61440, 40960, 256, LevelLayout.TWO_X, false);

        assertEquals(PyramidLevel.pyramid(61440, 40960, 256), plan.written());
        assertEquals(plan.written(), plan.computed());
        assertNull(plan.overview());
    }

    @Test
    void fourXWritesEverySecondHalvingSoDownsamplesArePowersOfFour() {
        PyramidPlan plan = PyramidPlan.of(98304, 196608, 256, LevelLayout.FOUR_X, false);

        // 2x would stop at halving 9 (192 x 384); 4x writes only even halvings, so it goes on to 10.
        assertEquals(List.of(0, 2, 4, 6, 8, 10), plan.written().stream().map(PyramidLevel::index).toList());
        for (PyramidLevel level : plan.written()) {
            long downsample = 1L << level.index();
            assertEquals(98304, level.width() * downsample, "exact downsample at level " + level.index());
            assertEquals(196608, level.height() * downsample);
        }
        assertEquals(new PyramidLevel(10, 96, 192, 256), plan.written().getLast());
    }

    @Test
    void fourXGoesOnToTheNextWrittenLevelWhenAnUnwrittenOneWouldFit() {
        // Halvings: 4096, 2048, 1024, 512 (fits, but odd), 256: 4x writes 4096, 1024, 256.
        PyramidPlan plan = PyramidPlan.of(4096, 4096, 256, LevelLayout.FOUR_X, false);

        assertEquals(List.of(4096, 1024, 256), plan.written().stream().map(PyramidLevel::width).toList());
        assertEquals(5, plan.computed().size());
        assertTrue(plan.written().getLast().longSide() <= PyramidLevel.TOP_LEVEL_MAX);
    }

    @Test
    void fourXLevelsHaveTheSizesOfTheTwoXLevelsTheyShare() {
        PyramidLevel base = new PyramidLevel(0, 3001, 2099, 256);
        PyramidPlan fourX = PyramidPlan.of(3001, 2099, 256, LevelLayout.FOUR_X, false);

        assertEquals(List.of(base, base.halved().halved(), base.halved().halved().halved().halved()), fourX.written());
        assertEquals(List.of(3001, 751, 188), fourX.written().stream().map(PyramidLevel::width).toList());
    }

    @Test
    void singleWritesLevelZeroAndComputesNothingElseUnlessAnOverviewIsNeeded() {
        PyramidPlan plain = PyramidPlan.of(4096, 2048, 256, LevelLayout.SINGLE, false);
        assertEquals(1, plain.written().size());
        assertEquals(1, plain.computed().size());

        PyramidPlan withOverview = PyramidPlan.of(4096, 2048, 256, LevelLayout.SINGLE, true);
        assertEquals(1, withOverview.written().size());
        assertEquals(new PyramidLevel(2, 1024, 512, 256), withOverview.overview());
        assertEquals(3, withOverview.computed().size());
    }

    @Test
    void overviewIsTheFirstLevelWithinAThumbnailsSize() {
        PyramidPlan plan = PyramidPlan.of(98304, 196608, 256, LevelLayout.TWO_X, true);

        assertEquals(new PyramidLevel(8, 384, 768, 256), plan.overview());
        assertEquals(plan.written(), plan.computed(), "2x computes nothing it does not write");
        assertEquals(768, PyramidPlan.of(700, 768, 256, LevelLayout.TWO_X, true).overview().height());
    }
}
