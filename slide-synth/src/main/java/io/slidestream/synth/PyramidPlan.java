package io.slidestream.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * Which levels of the halving cascade are computed and which are written. Every layout computes levels
 * by repeated 2x2 averaging and only chooses which halvings to write: a 4x layout writes every second
 * one, so its level sizes (and downsamples) are exactly those of the 2x layout's levels 0, 2, 4, ....
 * Levels are computed as far as the last written one, or further when an overview (the Aperio thumbnail
 * and macro) needs a small level.
 *
 * @param computed levels 0..n of the cascade, each held as one strip while building
 * @param written  the levels that go into the file, largest first
 * @param overview the level kept whole in memory for the thumbnail, or null when none is needed
 */
record PyramidPlan(List<PyramidLevel> computed, List<PyramidLevel> written, PyramidLevel overview) {
    /** The overview is the first level whose long side fits here: about the size of an Aperio thumbnail. */
    static final int OVERVIEW_MAX = 1024;

    PyramidPlan {
        computed = List.copyOf(computed);
        written = List.copyOf(written);
    }

    static PyramidPlan of(SyntheticSlideSpec spec) {
        return of(spec.width(), spec.height(), spec.tileSize(), spec.levels(),
                spec.format() == SlideFormat.APERIO_SVS);
    }

    /**
     * Written levels: level 0, then every {@code layout.halvingsPerLevel()}-th halving until one fits in
     * {@link PyramidLevel#TOP_LEVEL_MAX} pixels each way (none for {@link LevelLayout#SINGLE}).
     */
    static PyramidPlan of(int width, int height, int tileSize, LevelLayout layout, boolean withOverview) {
        List<PyramidLevel> cascade = new ArrayList<>(List.of(new PyramidLevel(0, width, height, tileSize)));
        List<PyramidLevel> written = new ArrayList<>(List.of(cascade.getFirst()));
        int step = layout.halvingsPerLevel();
        if (step > 0) {
            while (written.getLast().longSide() > PyramidLevel.TOP_LEVEL_MAX) {
                written.add(level(cascade, written.getLast().index() + step));
            }
        }
        int last = written.getLast().index();
        PyramidLevel overview = null;
        if (withOverview) {
            int index = 0;
            while (level(cascade, index).longSide() > OVERVIEW_MAX) {
                index++;
            }
            overview = cascade.get(index);
            last = Math.max(last, index);
        }
        return new PyramidPlan(cascade.subList(0, last + 1), written, overview);
    }

    /** Level {@code index} of the cascade, halving further as needed. */
    private static PyramidLevel level(List<PyramidLevel> cascade, int index) {
        while (cascade.size() <= index) {
            cascade.add(cascade.getLast().halved());
        }
        return cascade.get(index);
    }
}
