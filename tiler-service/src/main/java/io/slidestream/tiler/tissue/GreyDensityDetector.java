package io.slidestream.tiler.tissue;

import io.slidestream.core.slide.RgbImage;

/**
 * The seeds' rule: a pixel is tissue when its grey level (ITU-R 601 luma, 0 black … 1 white) is at most
 * {@code maxGrey}. Cheap and fine on clean white glass, but it takes grey glass, black scanner borders,
 * pen ink and air bubbles for tissue, and misses pale tissue; {@link OtsuSaturationDetector} is the default.
 *
 * @param maxGrey the brightest grey level still counted as tissue, 0..1
 */
public record GreyDensityDetector(double maxGrey) implements TissueDetector {
    public static final double DEFAULT_MAX_GREY = 0.8;

    public GreyDensityDetector {
        if (!(maxGrey >= 0 && maxGrey <= 1)) {
            throw new IllegalArgumentException("max-grey must be in [0, 1], got " + maxGrey);
        }
    }

    public GreyDensityDetector() {
        this(DEFAULT_MAX_GREY);
    }

    @Override
    public TissueMask detect(RgbImage thumbnail, double downsample, double mpp) {
        TissueDetector.requirePositive("downsample", downsample);
        int pixels = thumbnail.width() * thumbnail.height();
        byte[] rgb = thumbnail.rgb();
        boolean[] tissue = new boolean[pixels];
        // Luma in thousandths of a grey level: integer arithmetic on the hot loop.
        long threshold = Math.round(maxGrey * 255 * 1000);
        for (int p = 0, i = 0; p < pixels; p++, i += 3) {
            int grey = 299 * (rgb[i] & 0xff) + 587 * (rgb[i + 1] & 0xff) + 114 * (rgb[i + 2] & 0xff);
            tissue[p] = grey <= threshold;
        }
        return new TissueMask(thumbnail.width(), thumbnail.height(), downsample, tissue);
    }

    @Override
    public String method() {
        return "grey-density (grey <= " + maxGrey + ")";
    }
}
