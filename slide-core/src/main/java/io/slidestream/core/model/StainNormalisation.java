package io.slidestream.core.model;

import java.util.List;

/**
 * How a model package wants each input patch's colours standardised before its normalisation step, so
 * that slides stained or scanned unlike the training slides look like them.
 *
 * <p>The only method is {@value #REINHARD} (Reinhard et al. 2001, as commonly done in CIE L*a*b*): each
 * patch image's per-channel mean and standard deviation in CIE L*a*b* (sRGB, D65; L in [0, 100], a and b
 * about [-128, 127]) are moved to {@link #reference()}'s, then the image goes back to RGB.
 *
 * @param method    {@value #REINHARD}; any other name is refused when the package is read
 * @param reference the target L*, a*, b* means and standard deviations (those of the training slides)
 */
public record StainNormalisation(String method, LabStatistics reference) {
    public static final String REINHARD = "reinhard";

    public StainNormalisation {
        if (!REINHARD.equals(method)) {
            throw new IllegalArgumentException("unknown stainNormalisation method '" + method
                    + "'; this version supports '" + REINHARD + "'");
        }
        if (reference == null) {
            throw new IllegalArgumentException("stainNormalisation '" + method + "' needs a 'reference' with"
                    + " 'mean' and 'std' (three L*a*b* values each)");
        }
    }

    public static StainNormalisation reinhard(LabStatistics reference) {
        return new StainNormalisation(REINHARD, reference);
    }

    /**
     * Per-channel mean and standard deviation of L*, a*, b*.
     *
     * @param mean three values: L*, a*, b*
     * @param std  three values, each positive
     */
    public record LabStatistics(List<Double> mean, List<Double> std) {
        public LabStatistics {
            if (mean == null || std == null || mean.size() != 3 || std.size() != 3) {
                throw new IllegalArgumentException("stain reference needs 'mean' and 'std' of three L*a*b* values each,"
                        + " got mean " + mean + " and std " + std);
            }
            mean = List.copyOf(mean);
            std = List.copyOf(std);
            for (double s : std) {
                if (!(s > 0) || Double.isInfinite(s)) {
                    throw new IllegalArgumentException("stain reference std values must be positive, got " + std);
                }
            }
            for (double m : mean) {
                if (!Double.isFinite(m)) {
                    throw new IllegalArgumentException("stain reference mean values must be finite, got " + mean);
                }
            }
        }

        public static LabStatistics of(double l, double a, double b, double stdL, double stdA, double stdB) {
            return new LabStatistics(List.of(l, a, b), List.of(stdL, stdA, stdB));
        }
    }
}
