package io.slidestream.trainer;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.Slide;
import io.slidestream.synth.GroundTruth;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts labelled patches from a slide on the inference grid, as the seeds do: 64 px cells at level 1,
 * context at level 3 with the same centre, both placed by {@link GridGeometry} so training sees exactly
 * what inference will. Centre-window labelling (Liu et al.): a cell is tumour when its central window is
 * mostly tumour, normal when it holds no tumour at all; cells in between are ambiguous and skipped.
 */
final class PatchSampler {

    static final int PATCH_SIZE = 64;
    static final int LEVEL = 1;
    static final int CONTEXT_LEVEL = 3;
    /** Cells with less tissue than this are background the tiler would not send. */
    static final double MIN_TISSUE_FRACTION = 0.3;
    /** Edge of the central window in level-0 px: 16 px at level 1. */
    static final int CENTRE_WINDOW = 32;
    /** Share of the central window that must be tumour for a tumour label. */
    static final double CENTRE_TUMOUR_FRACTION = 0.5;

    private PatchSampler() {
    }

    static GridGeometry grid(Slide slide) {
        return new GridGeometry(LEVEL, slide.levelDownsample(LEVEL), PATCH_SIZE,
                CONTEXT_LEVEL, slide.levelDownsample(CONTEXT_LEVEL),
                (int) (slide.levelWidth(LEVEL) / PATCH_SIZE), (int) (slide.levelHeight(LEVEL) / PATCH_SIZE));
    }

    /** Every unambiguous tissue cell of the slide, in row-major order. */
    static List<LabelledPatch> sample(Slide slide, GroundTruth truth) {
        GridGeometry grid = grid(slide);
        int edge = (int) Math.round(grid.patchSizeLevel0());
        int centreOffset = (edge - CENTRE_WINDOW) / 2;
        List<LabelledPatch> patches = new ArrayList<>();
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                long x = grid.originX(col);
                long y = grid.originY(row);
                if (truth.tissueFraction(x, y, edge, edge) < MIN_TISSUE_FRACTION) {
                    continue;
                }
                boolean tumour;
                if (truth.tumourFraction(x + centreOffset, y + centreOffset, CENTRE_WINDOW, CENTRE_WINDOW) >= CENTRE_TUMOUR_FRACTION) {
                    tumour = true;
                } else if (truth.tumourFraction(x, y, edge, edge) == 0) {
                    tumour = false;
                } else {
                    continue;
                }
                byte[] patch = slide.read(new RegionRequest(LEVEL, x, y, PATCH_SIZE, PATCH_SIZE)).rgb();
                byte[] context = slide.read(new RegionRequest(CONTEXT_LEVEL, grid.contextOriginX(x), grid.contextOriginY(y),
                        PATCH_SIZE, PATCH_SIZE)).rgb();
                patches.add(new LabelledPatch(patch, context, tumour, col, row));
            }
        }
        return patches;
    }
}
