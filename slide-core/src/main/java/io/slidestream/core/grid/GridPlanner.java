package io.slidestream.core.grid;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.model.ModelInput;

import java.util.ArrayList;
import java.util.List;

/**
 * Plans a slide's patch grid for an analysis profile, in physical units, so that a 20× and a 40× scan
 * of the same tissue give the same cells and the same patches whatever their pyramids look like (one
 * level, 2× or 4× steps, non-integer downsamples). The trainer, the tiler and the workers all go through
 * here, so training sees exactly what inference will.
 */
public final class GridPlanner {
    /** A level up to 2 % finer than needed is read as it is: vendors round mpp, TIFF levels round sizes. */
    static final double LEVEL_TOLERANCE = 0.02;
    /** A slide at most 10 % coarser than an input is upsampled a little; coarser than that is refused. */
    static final double MAX_UPSAMPLING = 1.10;

    private GridPlanner() {
    }

    public static GridGeometry plan(SlideDescription slide, AnalysisProfile profile) {
        if (!(slide.mpp() > 0)) {
            throw new UnplannableSlideException("the slide's microns per pixel are unknown");
        }
        List<InputGeometry> inputs = new ArrayList<>(profile.inputs().size());
        for (ModelInput input : profile.inputs()) {
            inputs.add(inputGeometry(slide, input));
        }
        double cellSize = inputs.getFirst().extentLevel0();
        int cols = (int) Math.floor(slide.width() / cellSize);
        int rows = (int) Math.floor(slide.height() / cellSize);
        if (cols == 0 || rows == 0) {
            throw new UnplannableSlideException(String.format(
                    "the slide (%dx%d px at %.3f µm/px) is smaller than one %.0f µm patch of profile %s",
                    slide.width(), slide.height(), slide.mpp(), profile.cellEdgeUm(), profile.name()));
        }
        return new GridGeometry(profile.name(), cellSize, cols, rows, inputs);
    }

    /** The coarsest level at least as fine as the input (OpenSlide's choice), and how much to resize. */
    static InputGeometry inputGeometry(SlideDescription slide, ModelInput input) {
        double downsample = input.mpp() / slide.mpp();
        if (downsample * MAX_UPSAMPLING < 1) {
            throw new UnplannableSlideException(String.format(
                    "the slide's finest resolution (%.3f µm/px) is coarser than the %s input needs (%.3f µm/px)",
                    slide.mpp(), input.name(), input.mpp()));
        }
        int level = 0;
        for (int l = 1; l < slide.levelCount(); l++) {
            if (slide.level(l).downsample() <= downsample * (1 + LEVEL_TOLERANCE)) {
                level = l;
            }
        }
        double levelDownsample = slide.level(level).downsample();
        int readSize = Math.max(1, (int) Math.round(input.size() * downsample / levelDownsample));
        return new InputGeometry(input.name(), input.role(), input.size(), input.mpp(), downsample, level,
                levelDownsample, readSize);
    }
}
