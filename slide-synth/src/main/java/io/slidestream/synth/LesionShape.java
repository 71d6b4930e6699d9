package io.slidestream.synth;

import java.util.SplittableRandom;

/**
 * The outline of one tumour region: a star-shaped blob whose radius varies with angle as a sum of a
 * few low harmonics, which gives the lobulated outline of a nodal metastasis. Coordinates are level-0
 * pixels. Trigonometry uses StrictMath so the outline is bit-identical on every JVM.
 */
final class LesionShape {
    private static final int HARMONICS = 5;
    private static final int OUTLINE_SAMPLES = 720;
    /** Radius table entries per quadrant of the pseudo-angle, see {@link #contains}. */
    private static final int TABLE_PER_QUADRANT = 1024;

    private final double centreX;
    private final double centreY;
    private final double baseRadius;
    private final double[] amplitude = new double[HARMONICS];
    private final double[] phase = new double[HARMONICS];
    private final double[] radiusByPseudoAngle = new double[4 * TABLE_PER_QUADRANT + 1];
    private final double innerRadius;
    private final double outerRadius;

    /** A random outline whose largest diameter is {@code diameter} pixels. */
    LesionShape(double centreX, double centreY, double diameter, SplittableRandom random) {
        this.centreX = centreX;
        this.centreY = centreY;
        for (int k = 0; k < HARMONICS; k++) {
            // Harmonics 2..6, weaker as they get finer; amplitudes sum to at most 0.47, so r stays > 0.
            amplitude[k] = 0.32 / (k + 2) * random.nextDouble();
            phase[k] = 2 * Math.PI * random.nextDouble();
        }
        baseRadius = diameter / feretDiameter(1);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < radiusByPseudoAngle.length; i++) {
            double r = radiusAt(angleOfPseudoAngle((double) i / TABLE_PER_QUADRANT));
            radiusByPseudoAngle[i] = r;
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        // Pad the bounds by a pixel: the table could miss a peak between entries.
        innerRadius = min - 1;
        outerRadius = max + 1;
    }

    double centreX() {
        return centreX;
    }

    double centreY() {
        return centreY;
    }

    /** A radius no point of the outline exceeds. */
    double outerRadius() {
        return outerRadius;
    }

    double radiusAt(double theta) {
        return baseRadius * unitRadius(theta);
    }

    /**
     * Inside the outline. Called for every pixel near a lesion, so instead of atan2 and five cosines it
     * reads a radius table indexed by the "diamond" pseudo-angle, a cheap monotonic stand-in for the angle.
     */
    boolean contains(double x, double y) {
        double dx = x - centreX;
        double dy = y - centreY;
        double d2 = dx * dx + dy * dy;
        if (d2 > outerRadius * outerRadius) {
            return false;
        }
        if (d2 < innerRadius * innerRadius) {
            return true;
        }
        double position = pseudoAngle(dx, dy) * TABLE_PER_QUADRANT;
        int index = Math.min((int) position, radiusByPseudoAngle.length - 2);
        double t = position - index;
        double r = radiusByPseudoAngle[index] + (radiusByPseudoAngle[index + 1] - radiusByPseudoAngle[index]) * t;
        return d2 < r * r;
    }

    /** True when the outline's bounding square meets the rectangle [x0, x1) x [y0, y1), widened by margin. */
    boolean touches(long x0, long y0, long x1, long y1, double margin) {
        double reach = outerRadius + margin;
        return centreX + reach >= x0 && centreX - reach < x1 && centreY + reach >= y0 && centreY - reach < y1;
    }

    /** The largest distance between two points of the outline (the maximum Feret diameter), in pixels. */
    double diameter() {
        return feretDiameter(baseRadius);
    }

    /** The enclosed area in square pixels: the polar integral of r^2 / 2. */
    double area() {
        double sum = 0;
        for (int i = 0; i < OUTLINE_SAMPLES; i++) {
            double r = radiusAt(2 * Math.PI * i / OUTLINE_SAMPLES);
            sum += r * r;
        }
        return sum * Math.PI / OUTLINE_SAMPLES;
    }

    private double feretDiameter(double scale) {
        double[] xs = new double[OUTLINE_SAMPLES];
        double[] ys = new double[OUTLINE_SAMPLES];
        for (int i = 0; i < OUTLINE_SAMPLES; i++) {
            double theta = 2 * Math.PI * i / OUTLINE_SAMPLES;
            double r = scale * unitRadius(theta);
            xs[i] = r * StrictMath.cos(theta);
            ys[i] = r * StrictMath.sin(theta);
        }
        double longest2 = 0;
        for (int i = 0; i < OUTLINE_SAMPLES; i++) {
            for (int j = i + 1; j < OUTLINE_SAMPLES; j++) {
                double dx = xs[i] - xs[j];
                double dy = ys[i] - ys[j];
                longest2 = Math.max(longest2, dx * dx + dy * dy);
            }
        }
        return Math.sqrt(longest2);
    }

    private double unitRadius(double theta) {
        double r = 1;
        for (int k = 0; k < HARMONICS; k++) {
            r += amplitude[k] * StrictMath.cos((k + 2) * theta + phase[k]);
        }
        return r;
    }

    /** Position of direction (dx, dy) on the unit diamond |x| + |y| = 1, as 0..4 counter-clockwise from +x. */
    private static double pseudoAngle(double dx, double dy) {
        if (dy >= 0) {
            return dx >= 0 ? dy / (dx + dy) : 1 - dx / (dy - dx);
        }
        return dx < 0 ? 2 - dy / (-dx - dy) : 3 + dx / (dx - dy);
    }

    /** The angle whose pseudo-angle is {@code p}: the direction of the diamond point at p. */
    private static double angleOfPseudoAngle(double p) {
        int quadrant = Math.min((int) p, 3);
        double f = p - quadrant;
        return switch (quadrant) {
            case 0 -> StrictMath.atan2(f, 1 - f);
            case 1 -> StrictMath.atan2(1 - f, -f);
            case 2 -> StrictMath.atan2(-f, -(1 - f));
            default -> StrictMath.atan2(-(1 - f), f);
        };
    }
}
