package io.slidestream.synth;

/**
 * A smooth field sampled on a global lattice of fixed spacing over one region, then read per pixel by
 * bilinear interpolation. The lattice is anchored at (0, 0), and the value at a pixel depends only on the
 * four lattice points around it, so every patch that covers a pixel gives it exactly the same value:
 * tiles rendered separately agree at their seams and with the ground-truth masks.
 */
final class LatticePatch {
    /** The field at lattice point (latticeX * spacing, latticeY * spacing). */
    interface Source {
        double at(long latticeX, long latticeY);
    }

    private final int shift;
    private final int spacing;
    /** 1 / spacing: exact for a power of two, so multiplying gives the same result as dividing, faster. */
    private final double inverseSpacing;
    private final long firstX;
    private final long firstY;
    private final int columns;
    private final double[] values;
    private final double max;

    private LatticePatch(int shift, long firstX, long firstY, int columns, double[] values) {
        this.shift = shift;
        this.spacing = 1 << shift;
        this.inverseSpacing = 1.0 / spacing;
        this.firstX = firstX;
        this.firstY = firstY;
        this.columns = columns;
        this.values = values;
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        this.max = m;
    }

    /**
     * Samples the lattice points needed to interpolate every pixel in [x0, x1) x [y0, y1). The spacing
     * is {@code 1 << shift} pixels: a power of two, so that per-pixel reads need shifts, not divisions.
     */
    static LatticePatch sample(Source source, int shift, long x0, long y0, long x1, long y1) {
        long firstX = x0 >> shift;
        long firstY = y0 >> shift;
        int columns = (int) (((x1 - 1) >> shift) - firstX + 2);
        int rows = (int) (((y1 - 1) >> shift) - firstY + 2);
        double[] values = new double[columns * rows];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                values[row * columns + column] = source.at(firstX + column, firstY + row);
            }
        }
        return new LatticePatch(shift, firstX, firstY, columns, values);
    }

    /** The interpolated value at pixel (x, y), which must lie in the sampled region. */
    double valueAt(long x, long y) {
        long cellX = x >> shift;
        long cellY = y >> shift;
        double tx = (x & (spacing - 1)) * inverseSpacing;
        double ty = (y & (spacing - 1)) * inverseSpacing;
        int index = (int) ((cellY - firstY) * columns + (cellX - firstX));
        double top = values[index] + (values[index + 1] - values[index]) * tx;
        double bottom = values[index + columns] + (values[index + columns + 1] - values[index + columns]) * tx;
        return top + (bottom - top) * ty;
    }

    /** The largest lattice value: when it is negative, the whole patch is below zero. */
    double max() {
        return max;
    }
}
