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

    private final byte[] greys = new byte[PERIOD * PERIOD];

    GlassPattern(long seed) {
        for (int i = 0; i < greys.length; i++) {
            greys[i] = (byte) (DARKEST + (Hash.mix(seed + i) >>> 62));
        }
    }

    byte grey(long x, long y) {
        return greys[(int) ((y & (PERIOD - 1)) * PERIOD + (x & (PERIOD - 1)))];
    }
}
