package io.slidestream.inference.service;

/**
 * The 8 symmetries of a square image (the dihedral group D4) on interleaved pixels (RGB inputs, or the one
 * channel of a probability map): transforms 0 to 3 turn the image counter-clockwise by 0, 90, 180 and 270
 * degrees; 4 to 7 do the same after a horizontal flip (left and right swapped). Patch and context inputs
 * share a centre, so the same transform of each keeps them aligned.
 */
public final class Dihedral {
    public static final int COUNT = 8;
    public static final int IDENTITY = 0;
    private static final int CHANNELS = 3;

    private Dihedral() {
    }

    /**
     * Writes transform {@code t} of the {@code size}×{@code size} RGB image at {@code src[srcOffset]} into
     * {@code dst[dstOffset]}; the two must not overlap.
     */
    public static void apply(int t, float[] src, int srcOffset, float[] dst, int dstOffset, int size) {
        apply(t, src, srcOffset, dst, dstOffset, size, CHANNELS);
    }

    /** As {@link #apply(int, float[], int, float[], int, int)} for pixels of {@code channels} values. */
    public static void apply(int t, float[] src, int srcOffset, float[] dst, int dstOffset, int size, int channels) {
        check(t);
        int last = size - 1;
        int quarterTurns = t & 3;
        boolean flip = t >= 4;
        int out = dstOffset;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                // rotated[y][x] = flipped[fy][fx] with the counter-clockwise turns of numpy's rot90
                int fy;
                int fx;
                switch (quarterTurns) {
                    case 0 -> { fy = y; fx = x; }
                    case 1 -> { fy = x; fx = last - y; }
                    case 2 -> { fy = last - y; fx = last - x; }
                    default -> { fy = last - x; fx = y; }
                }
                int sx = flip ? last - fx : fx;
                int in = srcOffset + (fy * size + sx) * channels;
                for (int c = 0; c < channels; c++) {
                    dst[out + c] = src[in + c];
                }
                out += channels;
            }
        }
    }

    /** The transform that undoes {@code t}: turns go back the other way; flipped ones undo themselves. */
    public static int inverse(int t) {
        check(t);
        return t >= 4 ? t : (4 - t) & 3;
    }

    /** The transform equal to doing {@code first}, then {@code second}. */
    public static int compose(int first, int second) {
        check(first);
        check(second);
        // second = R^b F^g, first = R^a F^f, with F R = R^-1 F: R^b F^g R^a F^f = R^(b + (g ? -a : a)) F^(f xor g)
        int a = first & 3;
        int b = second & 3;
        boolean f = first >= 4;
        boolean g = second >= 4;
        int turns = (b + (g ? 4 - a : a)) & 3;
        return turns + ((f ^ g) ? 4 : 0);
    }

    private static void check(int t) {
        if (t < 0 || t >= COUNT) {
            throw new IllegalArgumentException("dihedral transform " + t + " is not one of 0.." + (COUNT - 1));
        }
    }
}
