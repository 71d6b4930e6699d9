package io.slidestream.synth;

import io.slidestream.core.slide.RgbImage;

/** Colour statistics of a square patch of an RGB image, as a pathologist's eye (or a CNN) might use them. */
record PatchStats(double meanGrey, double meanSaturation, double nuclearShare) {

    /**
     * Grey is the mean of R, G, B; saturation is (max - min) / max; a pixel counts as nucleus when it is
     * haematoxylin-dark: blue above red and red below 150 (stroma and cytoplasm have red above 190).
     */
    static PatchStats of(RgbImage image, int x0, int y0, int size) {
        double grey = 0;
        double saturation = 0;
        int nuclear = 0;
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                int rgb = image.rgbAt(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                grey += (r + g + b) / 3.0;
                int max = Math.max(r, Math.max(g, b));
                int min = Math.min(r, Math.min(g, b));
                saturation += max == 0 ? 0 : (max - min) / (double) max;
                nuclear += r < 150 && b > r ? 1 : 0;
            }
        }
        double n = (double) size * size;
        return new PatchStats(grey / n, saturation / n, nuclear / n);
    }

    /** Extremes and means over many patches. */
    static final class Summary {
        private int count;
        private double minGrey = Double.POSITIVE_INFINITY;
        private double maxGrey = Double.NEGATIVE_INFINITY;
        private double minNuclearShare = Double.POSITIVE_INFINITY;
        private double maxNuclearShare = Double.NEGATIVE_INFINITY;
        private double nuclearShareSum;

        void add(PatchStats patch) {
            count++;
            minGrey = Math.min(minGrey, patch.meanGrey());
            maxGrey = Math.max(maxGrey, patch.meanGrey());
            minNuclearShare = Math.min(minNuclearShare, patch.nuclearShare());
            maxNuclearShare = Math.max(maxNuclearShare, patch.nuclearShare());
            nuclearShareSum += patch.nuclearShare();
        }

        int count() {
            return count;
        }

        double minGrey() {
            return minGrey;
        }

        double maxGrey() {
            return maxGrey;
        }

        double minNuclearShare() {
            return minNuclearShare;
        }

        double maxNuclearShare() {
            return maxNuclearShare;
        }

        double meanNuclearShare() {
            return nuclearShareSum / count;
        }
    }
}
