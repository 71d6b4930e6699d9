package io.slidestream.tiler.tissue;

import java.util.Locale;

/**
 * How well a detected mask agrees with the truth, counted on the detected mask's own grid: each mask
 * pixel stands for its level-0 block, which the truth calls tissue when at least half of it is. For a
 * generated slide pass {@code groundTruth::tissueFraction}; for another mask, {@code mask::fraction}.
 *
 * @param bothTissue   pixels detected and truly tissue
 * @param detectedOnly pixels detected but truly glass (false positives)
 * @param truthOnly    pixels truly tissue but missed (false negatives)
 * @param neither      pixels that are glass in both
 */
public record TissueIoU(long bothTissue, long detectedOnly, long truthOnly, long neither) {

    /** The share of a level-0 rectangle that is truly tissue, 0..1. */
    @FunctionalInterface
    public interface TruthFraction {
        double tissueFraction(long x0, long y0, long width, long height);
    }

    /** Compares {@code detected} with the truth at every pixel of the detected mask. */
    public static TissueIoU of(TissueMask detected, TruthFraction truth) {
        double ds = detected.downsample();
        long both = 0;
        long detectedOnly = 0;
        long truthOnly = 0;
        long neither = 0;
        for (int y = 0; y < detected.height(); y++) {
            long y0 = (long) Math.floor(y * ds);
            long h = Math.max(1, (long) Math.floor((y + 1) * ds) - y0);
            for (int x = 0; x < detected.width(); x++) {
                long x0 = (long) Math.floor(x * ds);
                long w = Math.max(1, (long) Math.floor((x + 1) * ds) - x0);
                boolean isTissue = truth.tissueFraction(x0, y0, w, h) >= 0.5;
                if (detected.isTissue(x, y)) {
                    if (isTissue) {
                        both++;
                    } else {
                        detectedOnly++;
                    }
                } else if (isTissue) {
                    truthOnly++;
                } else {
                    neither++;
                }
            }
        }
        return new TissueIoU(both, detectedOnly, truthOnly, neither);
    }

    /** Intersection over union of detected and true tissue; 1 when both are empty. */
    public double iou() {
        long union = bothTissue + detectedOnly + truthOnly;
        return union == 0 ? 1 : (double) bothTissue / union;
    }

    /** Dice coefficient (F1); 1 when both are empty. */
    public double dice() {
        long sum = 2 * bothTissue + detectedOnly + truthOnly;
        return sum == 0 ? 1 : 2.0 * bothTissue / sum;
    }

    /** Share of detected tissue that is truly tissue; 1 when nothing was detected. */
    public double precision() {
        long detected = bothTissue + detectedOnly;
        return detected == 0 ? 1 : (double) bothTissue / detected;
    }

    /** Share of true tissue that was detected; 1 when there is none. */
    public double recall() {
        long actual = bothTissue + truthOnly;
        return actual == 0 ? 1 : (double) bothTissue / actual;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "IoU %.4f (dice %.4f, precision %.4f, recall %.4f; tp %d fp %d fn %d tn %d)",
                iou(), dice(), precision(), recall(), bothTissue, detectedOnly, truthOnly, neither);
    }
}
