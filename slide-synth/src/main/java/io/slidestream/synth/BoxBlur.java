package io.slidestream.synth;

import java.util.Arrays;

/**
 * Three passes of a (2r + 1)-pixel box filter along rows, then along columns: close to a Gaussian of
 * σ = √(r (r + 1)) pixels, at a cost per pixel that does not grow with r (running sums). The filter only
 * keeps what it can compute from the pixels given: a region blurred from a source 3r pixels wider on
 * every side. Integer sums are exact, so a pixel's blurred value depends on the source around it only,
 * never on where the region starts: regions blurred separately agree where they meet.
 */
final class BoxBlur {
    private static final int PASSES = 3;
    /** Means are taken as sum × (2^16 / window), rounded: a multiplication, not a division, per value. */
    private static final int SHIFT = 16;

    private final int radius;
    private final int window;
    private final int inverse;

    private BoxBlur(int radius) {
        this.radius = radius;
        this.window = 2 * radius + 1;
        this.inverse = (int) Math.round((double) (1 << SHIFT) / window);
    }

    /** A box radius whose three passes come closest to a Gaussian of σ = {@code sigmaPx}; at least 1. */
    static BoxBlur approximating(double sigmaPx) {
        return new BoxBlur((int) Math.max(1, Math.round((Math.sqrt(1 + 4 * sigmaPx * sigmaPx) - 1) / 2)));
    }

    /** How far beyond a region the source must reach. */
    int marginPx() {
        return PASSES * radius;
    }

    /**
     * Blurs the canvas's pixels [i0, i0 + width) x [j0, j0 + height) and returns the inner part, less
     * {@link #marginPx} on every side, as BGR values row by row.
     */
    int[] blur(Canvas source, int i0, int j0, int width, int height) {
        int[] values = new int[3 * width * height];
        for (int j = 0; j < height; j++) {
            int from = (j0 + j) * source.stride + source.offset + 3 * i0;
            for (int k = 0; k < 3 * width; k++) {
                values[j * 3 * width + k] = source.bgr[from + k] & 0xff;
            }
        }
        // Each pass writes the other buffer: no new arrays to clear.
        int[] spare = new int[values.length];
        for (int pass = 0; pass < PASSES; pass++) {
            alongRows(values, spare, width, height);
            width -= 2 * radius;
            int[] swap = values;
            values = spare;
            spare = swap;
        }
        for (int pass = 0; pass < PASSES; pass++) {
            alongColumns(values, spare, width, height);
            height -= 2 * radius;
            int[] swap = values;
            values = spare;
            spare = swap;
        }
        return Arrays.copyOf(values, 3 * width * height);
    }

    /** One pass along each row; a row of {@code width} pixels gives {@code width - 2r}. */
    private void alongRows(int[] in, int[] out, int width, int height) {
        int outWidth = width - 2 * radius;
        for (int j = 0; j < height; j++) {
            int from = 3 * width * j;
            int to = 3 * outWidth * j;
            int blue = 0;
            int green = 0;
            int red = 0;
            for (int k = 0; k < 3 * window; k += 3) {
                blue += in[from + k];
                green += in[from + k + 1];
                red += in[from + k + 2];
            }
            for (int i = 0; i < outWidth; i++) {
                int at = to + 3 * i;
                out[at] = mean(blue);
                out[at + 1] = mean(green);
                out[at + 2] = mean(red);
                if (i + 1 < outWidth) {
                    int leaving = from + 3 * i;
                    int entering = leaving + 3 * window;
                    blue += in[entering] - in[leaving];
                    green += in[entering + 1] - in[leaving + 1];
                    red += in[entering + 2] - in[leaving + 2];
                }
            }
        }
    }

    /** One pass along each column; {@code height} rows give {@code height - 2r}. */
    private void alongColumns(int[] in, int[] out, int width, int height) {
        int outHeight = height - 2 * radius;
        int row = 3 * width;
        int[] sums = new int[row];
        for (int k = 0; k < window; k++) {
            for (int i = 0; i < row; i++) {
                sums[i] += in[k * row + i];
            }
        }
        for (int j = 0; j < outHeight; j++) {
            if (j > 0) {
                int entering = (j + window - 1) * row;
                int leaving = (j - 1) * row;
                for (int i = 0; i < row; i++) {
                    sums[i] += in[entering + i] - in[leaving + i];
                }
            }
            for (int i = 0; i < row; i++) {
                out[j * row + i] = mean(sums[i]);
            }
        }
    }

    /** The mean of a window's sum, rounded. The product is about the mean × 2^16, far within an int. */
    private int mean(int sum) {
        return (sum * inverse + (1 << (SHIFT - 1))) >> SHIFT;
    }
}
