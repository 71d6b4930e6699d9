package io.slidestream.core.events;

import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;

/**
 * How one model input is read for every cell of a grid: a square of {@code readSize} pixels of
 * {@code level}, resampled to {@code size} pixels when the two differ (the slide has no level at exactly
 * the input's resolution).
 *
 * @param name             the model input's name
 * @param role             patch or context
 * @param size             edge in pixels the model gets
 * @param mpp              microns per pixel the model gets
 * @param downsample       level-0 pixels per input pixel ({@code mpp} over the slide's mpp)
 * @param level            the slide level read: the coarsest one at least as fine as the input
 * @param levelDownsample  that level's downsample
 * @param readSize         edge in pixels of {@code level} covering the input's area
 */
public record InputGeometry(String name, InputRole role, int size, double mpp, double downsample, int level,
                            double levelDownsample, int readSize) {

    /** The model input this reads for, as a profile states it. */
    public ModelInput asModelInput() {
        return new ModelInput(name, role, size, mpp);
    }

    /** Whether the pixels read must be resized to reach the input's size. */
    public boolean resampled() {
        return readSize != size;
    }

    /** Level-0 edge of the input's square. */
    public double extentLevel0() {
        return size * downsample;
    }
}
