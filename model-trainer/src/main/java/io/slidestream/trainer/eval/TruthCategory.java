package io.slidestream.trainer.eval;

import io.slidestream.core.grid.PixelRegions;
import io.slidestream.core.staging.MetastasisSize;
import io.slidestream.trainer.truth.TumourMask;


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
        for (int[] region : PixelRegions.components(set, width, truth.height())) {
            largest = Math.max(largest, PixelRegions.largestDiameter(region, width, col -> col * truth.scaleX(),
                    row -> row * truth.scaleY()));
        }
        return largest;
    }
}
