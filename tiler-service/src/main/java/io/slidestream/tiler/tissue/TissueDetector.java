package io.slidestream.tiler.tissue;

import io.slidestream.core.slide.RgbImage;

/**
 * Finds tissue on a slide thumbnail. Implementations are pure functions of their settings and the
 * pixels: no I/O, no framework, safe to call from many threads at once.
 */
public interface TissueDetector {

    /**
     * @param thumbnail  the slide at low resolution (about 1–2k px on the long side is plenty)
     * @param downsample level-0 pixels per thumbnail pixel, each way
     * @param mpp        the slide's level-0 microns per pixel; physical sizes in the settings are
     *                   converted to thumbnail pixels with {@code downsample × mpp}
     * @throws IllegalArgumentException when downsample is not a positive number, or mpp is not and the
     *                                  detector converts physical sizes
     */
    TissueMask detect(RgbImage thumbnail, double downsample, double mpp);

    /** What this detector does, with its settings, for the run metadata. */
    String method();

    static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive number, got " + value);
        }
    }
}
