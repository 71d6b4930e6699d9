package io.slidestream.inference;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.slide.AreaResampler;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.inference.service.ModelInputs;
import io.slidestream.inference.service.PatchModel;
import io.slidestream.inference.service.PatchTensors;

import java.util.List;

/**
 * The reference a pipeline's scores are held to: each patch read on its own, one OpenSlide read per input at
 * the input's level (resampled to the input's size where the grid says), and scored alone by the same model.
 * Give it a slide from {@link Slide#openThroughOpenSlide}, so that the reference is OpenSlide's own pixels.
 */
public final class LonePatchScores {
    private LonePatchScores() {
    }

    public static float[] of(PatchModel model, Slide slide, GridGeometry grid, List<PatchRef> cells) {
        ModelInputs inputs = new ModelInputs(model.metadata());
        float[] scores = new float[cells.size()];
        for (int c = 0; c < cells.size(); c++) {
            PatchRef cell = cells.get(c);
            float[][] tensors = new float[grid.inputs().size()][];
            for (int i = 0; i < tensors.length; i++) {
                InputGeometry input = grid.inputs().get(i);
                RgbImage read = slide.read(grid.inputRegion(i, cell.col(), cell.row()));
                if (input.resampled()) {
                    read = AreaResampler.resize(read, input.size(), input.size());
                }
                tensors[i] = new float[read.rgb().length];
                inputs.convert(read.rgb(), 0, 1, read.rgb().length, tensors[i], 0);
            }
            scores[c] = model.score(new PatchTensors(1, tensors))[0];
        }
        return scores;
    }
}
