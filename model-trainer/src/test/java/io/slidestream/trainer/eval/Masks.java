package io.slidestream.trainer.eval;

import io.slidestream.trainer.truth.TumourMask;

/** Hand-drawn tumour masks for the metric tests. */
final class Masks {
    private Masks() {
    }

    /** A {@code width × height} mask of {@code scale}-pixel blocks with the given rectangles set (inclusive pixel bounds). */
    static TumourMask of(int width, int height, double scale, int[]... rectangles) {
        boolean[] tumour = new boolean[width * height];
        for (int[] r : rectangles) {
            for (int j = r[1]; j <= r[3]; j++) {
                for (int i = r[0]; i <= r[2]; i++) {
                    tumour[j * width + i] = true;
                }
            }
        }
        return new TumourMask(width, height, scale, scale, tumour);
    }

    /** Rectangle from pixel (i0, j0) to (i1, j1), both inclusive. */
    static int[] box(int i0, int j0, int i1, int j1) {
        return new int[]{i0, j0, i1, j1};
    }
}
