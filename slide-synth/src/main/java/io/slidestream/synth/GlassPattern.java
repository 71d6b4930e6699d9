package io.slidestream.synth;

/**
 * The empty glass: light grey with a faint grain that repeats every {@value #PERIOD} pixels. Tile sizes
 * are multiples of the period, so every all-glass tile has the same pixels and is encoded only once
 * (see {@link GlassTiles}); at ±2 grey levels the repetition is invisible.
 */
final class GlassPattern {
    static final int PERIOD = 16;
    /** Grey levels 241..244: the 240-245 of a scanner's white-balanced background. */
    private static final int DARKEST = 241;
    /** Grey levels 206..209: the mid-light grey glass of a scanner that does not white-balance it away. */
    private static final int GREY_DARKEST = 206;

    private final byte[] greys = new byte[PERIOD * PERIOD];
    private final int darkest;

    GlassPattern(long seed, boolean greyBackground) {
        darkest = greyBackground ? GREY_DARKEST : DARKEST;
        for (int i = 0; i < greys.length; i++) {
            greys[i] = (byte) (darkest + (Hash.mix(seed + i) >>> 62));
        }
    }

    /** A grey within the glass's range, for padding beyond the image edges. */
    byte padGrey() {
        return (byte) (darkest + 1);
    }

    byte grey(long x, long y) {
        return greys[(int) ((y & (PERIOD - 1)) * PERIOD + (x & (PERIOD - 1)))];
    }
}
