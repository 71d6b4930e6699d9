package io.slidestream.trainer.eval;

import io.slidestream.core.staging.MetastasisSize;
import io.slidestream.trainer.truth.TumourMask;

import java.util.List;

/**
 * The pN size class the truth calls for: NEGATIVE without tumour, otherwise {@link MetastasisSize} of the
 * largest diameter of the largest 8-connected tumour region. The diameter is measured as the aggregator
 * measures its lesions: the longest distance between corners of the region's pixels (its convex hull's
 * diameter), so that both sides of the comparison use the same ruler and the same bounds.
 */
public final class TruthCategory {
    public static final String NEGATIVE = "NEGATIVE";

    private TruthCategory() {
    }

    /** NEGATIVE, ITC, MICRO or MACRO. */
    public static String of(TumourMask truth, double mpp) {
        double largestUm = largestDiameterPx(truth) * mpp;
        return largestUm == 0 ? NEGATIVE : MetastasisSize.of(largestUm / 1000).name();
    }

    /** The largest diameter over all regions, level-0 pixels; 0 without tumour. */
    static double largestDiameterPx(TumourMask truth) {
        int width = truth.width();
        boolean[] set = new boolean[width * truth.height()];
        for (int j = 0; j < truth.height(); j++) {
            for (int i = 0; i < width; i++) {
                set[j * width + i] = truth.get(i, j);
            }
        }
        double largest = 0;
        List<int[]> regions = Components.members(Components.label(set, width, truth.height()));
        for (int[] region : regions) {
            largest = Math.max(largest, diameterPx(region, width, truth.scaleX(), truth.scaleY()));
        }
        return largest;
    }

    /**
     * Only the first and last pixel of each row can carry a hull vertex, so only their corners are compared
     * (the pixels come row-major ascending).
     */
    private static double diameterPx(int[] region, int width, double sx, double sy) {
        int points = 0;
        double[] xs = new double[region.length * 4];
        double[] ys = new double[region.length * 4];
        int i = 0;
        while (i < region.length) {
            int row = region[i] / width;
            int first = region[i] % width;
            while (i + 1 < region.length && region[i + 1] / width == row) {
                i++;
            }
            int last = region[i] % width;
            double[][] corners = {{first, row}, {first, row + 1}, {last + 1, row}, {last + 1, row + 1}};
            for (double[] c : corners) {
                xs[points] = c[0] * sx;
                ys[points] = c[1] * sy;
                points++;
            }
            i++;
        }
        double longest2 = 0;
        for (int a = 0; a < points; a++) {
            for (int b = a + 1; b < points; b++) {
                double dx = xs[a] - xs[b];
                double dy = ys[a] - ys[b];
                longest2 = Math.max(longest2, dx * dx + dy * dy);
            }
        }
        return Math.sqrt(longest2);
    }
}
