package io.slidestream.aggregator.results;

/**
 * Scores to colours: dark blue (0) through pale yellow (0.5) to dark red (1), ColorBrewer's RdYlBu reversed.
 * Lightness rises to the middle and falls again, so the map reads in order and in grey print, and the
 * default tumour threshold sits on its brightest colour.
 */
public final class ColourMap {
    private static final int[] ANCHORS = {0x313695, 0x4575b4, 0x74add1, 0xabd9e9, 0xffffbf, 0xfdae61, 0xf46d43, 0xd73027, 0xa50026};

    private ColourMap() {
    }

    /** Opaque ARGB colour of a score in [0, 1] (clamped). */
    public static int argb(float score) {
        float position = Math.clamp(score, 0f, 1f) * (ANCHORS.length - 1);
        int lower = Math.min((int) position, ANCHORS.length - 2);
        float t = position - lower;
        int from = ANCHORS[lower];
        int to = ANCHORS[lower + 1];
        return 0xff000000
                | mix(from >> 16, to >> 16, t) << 16
                | mix(from >> 8, to >> 8, t) << 8
                | mix(from, to, t);
    }

    private static int mix(int from, int to, float t) {
        int a = from & 0xff;
        int b = to & 0xff;
        return Math.round(a + (b - a) * t);
    }
}
