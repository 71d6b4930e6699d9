package io.slidestream.trainer;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.grid.GridPlanner;
import io.slidestream.core.grid.PatchPixelReader;
import io.slidestream.core.grid.SlideMpp;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.slide.Slide;
import io.slidestream.synth.GroundTruth;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts labelled patches from a slide on the inference grid, as the seeds do: the grid and the pixels
 * come from slide-core's {@link GridPlanner} and {@link PatchPixelReader}, the same code the tiler and the
 * workers use, so training sees exactly what inference will. Centre-window labelling (Liu et al.): a
 * cell is tumour when its central window is mostly tumour, normal when it holds no tumour at all; cells
 * in between are ambiguous and skipped.
 */
final class PatchSampler {

    /** Cells with less tissue than this are background the tiler would not send. */
    static final double MIN_TISSUE_FRACTION = 0.3;
    /** Edge of the central window as a share of the cell: 16 of 64 px. */
    static final double CENTRE_WINDOW_SHARE = 0.25;
    /** Share of the central window that must be tumour for a tumour label. */
    static final double CENTRE_TUMOUR_FRACTION = 0.5;

    private PatchSampler() {
    }

    /** The grid the tiler would plan for this generated slide (its mpp is in the file). */
    static GridGeometry grid(Slide slide, AnalysisProfile profile) {
        SlideMpp mpp = SlideMpp.resolve(slide.mppX(), slide.mppY(), slide.objectivePower(), slide.plainImage(), null, 0);
        return GridPlanner.plan(mpp.describe(slide), profile);
    }

    /** Every unambiguous tissue cell of the slide, in row-major order. */
    static List<LabelledPatch> sample(Slide slide, GroundTruth truth, AnalysisProfile profile) {
        GridGeometry grid = grid(slide, profile);
        long edge = Math.round(grid.cellSize());
        long window = Math.round(grid.cellSize() * CENTRE_WINDOW_SHARE);
        long centreOffset = (edge - window) / 2;
        List<LabelledPatch> patches = new ArrayList<>();
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                long x = grid.originX(col);
                long y = grid.originY(row);
                if (truth.tissueFraction(x, y, edge, edge) < MIN_TISSUE_FRACTION) {
                    continue;
                }
                boolean tumour;
                if (truth.tumourFraction(x + centreOffset, y + centreOffset, window, window) >= CENTRE_TUMOUR_FRACTION) {
                    tumour = true;
                } else if (truth.tumourFraction(x, y, edge, edge) == 0) {
                    tumour = false;
                } else {
                    continue;
                }
                byte[][] pixels = PatchPixelReader.read(slide, grid, List.of(new PatchRef(col, row, x, y)));
                patches.add(new LabelledPatch(pixels[0], pixels[1], tumour, col, row));
            }
        }
        return patches;
    }
}
