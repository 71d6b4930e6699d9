package io.slidestream.tiler.tissue;

import java.util.Arrays;

/**
 * Where tissue is on a thumbnail: one flag per thumbnail pixel, the thumbnail's downsample relative to
 * level 0, and a summed-area table so the tissue fraction of any level-0 rectangle costs four lookups.
 * Immutable and safe to share between threads.
 */
public final class TissueMask {
    private final int width;
    private final int height;
    private final double downsample;
    private final boolean[] tissue;
    /** integral[y * (width + 1) + x] = tissue pixels in [0, x) × [0, y). */
    private final int[] integral;

    /**
     * @param width      thumbnail width in pixels
     * @param height     thumbnail height in pixels
     * @param downsample level-0 pixels per thumbnail pixel (each way)
     * @param tissue     width × height flags, row-major; copied
     */
    public TissueMask(int width, int height, double downsample, boolean[] tissue) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask must not be empty, got " + width + "x" + height);
        }
        if (!(downsample > 0) || Double.isInfinite(downsample)) {
            throw new IllegalArgumentException("downsample must be positive, got " + downsample);
        }
        if ((long) width * height != tissue.length) {
            throw new IllegalArgumentException("expected " + (long) width * height + " flags for " + width + "x"
                    + height + ", got " + tissue.length);
        }
        if ((long) (width + 1) * (height + 1) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("mask " + width + "x" + height + " is too large");
        }
        this.width = width;
        this.height = height;
        this.downsample = downsample;
        this.tissue = tissue.clone();
        this.integral = new int[(width + 1) * (height + 1)];
        int stride = width + 1;
        for (int y = 0; y < height; y++) {
            int rowSum = 0;
            for (int x = 0; x < width; x++) {
                rowSum += tissue[y * width + x] ? 1 : 0;
                integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1] + rowSum;
            }
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Level-0 pixels per mask pixel, each way. */
    public double downsample() {
        return downsample;
    }

    /** Whether mask pixel (x, y) is tissue; false outside the mask. */
    public boolean isTissue(int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height && tissue[y * width + x];
    }

    /** A copy of the flags, row-major. */
    public boolean[] mask() {
        return tissue.clone();
    }

    /** How many mask pixels are tissue. */
    public long tissuePixels() {
        return integral[integral.length - 1];
    }

    /** Share of the mask that is tissue, 0..1. */
    public double tissueShare() {
        return (double) tissuePixels() / ((long) width * height);
    }

    /** Tissue area in mm², given the slide's level-0 microns per pixel. */
    public double areaMm2(double mpp) {
        double pixelMm = downsample * mpp / 1000;
        return tissuePixels() * pixelMm * pixelMm;
    }

    /**
     * Fraction of tissue pixels in a level-0 rectangle: every mask pixel the rectangle touches counts
     * whole; 0 where the rectangle lies outside the mask.
     */
    public double fraction(long x0, long y0, double w0, double h0) {
        int x1 = clamp(Math.floor(x0 / downsample), width);
        int y1 = clamp(Math.floor(y0 / downsample), height);
        int x2 = clamp(Math.ceil((x0 + w0) / downsample), width);
        int y2 = clamp(Math.ceil((y0 + h0) / downsample), height);
        if (x2 <= x1 || y2 <= y1) {
            return 0;
        }
        long area = (long) (x2 - x1) * (y2 - y1);
        int stride = width + 1;
        int count = integral[y2 * stride + x2] - integral[y1 * stride + x2] - integral[y2 * stride + x1]
                + integral[y1 * stride + x1];
        return (double) count / area;
    }

    private static int clamp(double v, int max) {
        return (int) Math.max(0, Math.min(max, v));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TissueMask that && width == that.width && height == that.height
                && Double.compare(downsample, that.downsample) == 0 && Arrays.equals(tissue, that.tissue);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * width + height) + Double.hashCode(downsample)) + Arrays.hashCode(tissue);
    }

    @Override
    public String toString() {
        return "TissueMask[" + width + "x" + height + " at downsample " + downsample + ", " + tissuePixels()
                + " tissue px]";
    }
}
