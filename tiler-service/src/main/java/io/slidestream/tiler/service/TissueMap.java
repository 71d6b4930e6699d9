package io.slidestream.tiler.service;

/**
 * Where tissue is, at a low-resolution level: one flag per pixel of that level, with a summed-area table
 * so the tissue fraction of any level-0 rectangle costs four lookups.
 */
public final class TissueMap {
    private final int width;
    private final int height;
    private final double downsample;
    /** integral[(y) * (width + 1) + x] = tissue pixels in [0, x) × [0, y). */
    private final int[] integral;

    TissueMap(int width, int height, double downsample, boolean[] tissue) {
        this.width = width;
        this.height = height;
        this.downsample = downsample;
        this.integral = new int[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++) {
            int rowSum = 0;
            for (int x = 0; x < width; x++) {
                rowSum += tissue[y * width + x] ? 1 : 0;
                integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1] + rowSum;
            }
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double downsample() {
        return downsample;
    }

    /** Fraction of tissue pixels in a level-0 rectangle (0 where it lies outside the map). */
    public double fraction(long x0, long y0, double w0, double h0) {
        int x1 = clamp((int) Math.floor(x0 / downsample), width);
        int y1 = clamp((int) Math.floor(y0 / downsample), height);
        int x2 = clamp((int) Math.ceil((x0 + w0) / downsample), width);
        int y2 = clamp((int) Math.ceil((y0 + h0) / downsample), height);
        int area = (x2 - x1) * (y2 - y1);
        if (area <= 0) {
            return 0;
        }
        int stride = width + 1;
        int count = integral[y2 * stride + x2] - integral[y1 * stride + x2] - integral[y2 * stride + x1]
                + integral[y1 * stride + x1];
        return (double) count / area;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
