package io.slidestream.trainer;

import java.util.random.RandomGenerator;

/**
 * The colour augmentation of seed 000 (Liu et al., after TensorFlow's Inception preprocessing), in its order:
 * brightness (add a delta), saturation (scale HSV saturation), hue (rotate HSV hue), contrast (move each
 * channel towards or away from its mean over the image). Values are RGB in [0, 1]; they are clipped to
 * [0, 1] after brightness, so that the HSV steps see colours, and at the end, as the seed does before
 * rescaling to [-1, 1].
 *
 * @param brightness added to every value
 * @param saturation factor on HSV saturation
 * @param hue        added to HSV hue, in turns
 * @param contrast   factor on each value's distance to its channel's mean
 */
record ColourJitter(double brightness, double saturation, double hue, double contrast) {
    /** The seed's ranges: brightness ± 64/255, saturation 0.75–1, hue ± 0.04, contrast 0.5–1. */
    static final double MAX_BRIGHTNESS_DELTA = 64.0 / 255;
    static final double MIN_SATURATION = 0.75;
    static final double MAX_HUE_DELTA = 0.04;
    static final double MIN_CONTRAST = 0.5;

    static final ColourJitter NONE = new ColourJitter(0, 1, 0, 1);

    /** A jitter drawn uniformly from the seed's ranges. */
    static ColourJitter draw(RandomGenerator random) {
        return new ColourJitter(
                random.nextDouble(-MAX_BRIGHTNESS_DELTA, MAX_BRIGHTNESS_DELTA),
                random.nextDouble(MIN_SATURATION, 1),
                random.nextDouble(-MAX_HUE_DELTA, MAX_HUE_DELTA),
                random.nextDouble(MIN_CONTRAST, 1));
    }

    /** Applies the jitter in place to interleaved RGB values in [0, 1]. */
    void apply(float[] rgb) {
        float[] hsv = new float[3];
        double[] sum = new double[3];
        for (int i = 0; i < rgb.length; i += 3) {
            for (int c = 0; c < 3; c++) {
                rgb[i + c] = clip01(rgb[i + c] + (float) brightness);
            }
            toHsv(rgb, i, hsv);
            double turned = hsv[0] + hue;
            hsv[0] = (float) (turned - Math.floor(turned));
            hsv[1] = clip01(hsv[1] * (float) saturation);
            toRgb(hsv, rgb, i);
            for (int c = 0; c < 3; c++) {
                sum[c] += rgb[i + c];
            }
        }
        int pixels = rgb.length / 3;
        for (int i = 0; i < rgb.length; i++) {
            float mean = (float) (sum[i % 3] / pixels);
            rgb[i] = clip01(mean + (rgb[i] - mean) * (float) contrast);
        }
    }

    private static void toHsv(float[] rgb, int at, float[] hsv) {
        float r = rgb[at];
        float g = rgb[at + 1];
        float b = rgb[at + 2];
        float max = Math.max(r, Math.max(g, b));
        float range = max - Math.min(r, Math.min(g, b));
        float h;
        if (range == 0) {
            h = 0;
        } else if (max == r) {
            h = (g - b) / range / 6;
        } else if (max == g) {
            h = ((b - r) / range + 2) / 6;
        } else {
            h = ((r - g) / range + 4) / 6;
        }
        hsv[0] = h < 0 ? h + 1 : h;
        hsv[1] = max == 0 ? 0 : range / max;
        hsv[2] = max;
    }

    private static void toRgb(float[] hsv, float[] rgb, int at) {
        float v = hsv[2];
        float chroma = v * hsv[1];
        float sector = hsv[0] * 6;
        float x = chroma * (1 - Math.abs(sector % 2 - 1));
        float m = v - chroma;
        float r;
        float g;
        float b;
        switch ((int) sector % 6) {
            case 0 -> { r = chroma; g = x; b = 0; }
            case 1 -> { r = x; g = chroma; b = 0; }
            case 2 -> { r = 0; g = chroma; b = x; }
            case 3 -> { r = 0; g = x; b = chroma; }
            case 4 -> { r = x; g = 0; b = chroma; }
            default -> { r = chroma; g = 0; b = x; }
        }
        rgb[at] = r + m;
        rgb[at + 1] = g + m;
        rgb[at + 2] = b + m;
    }

    private static float clip01(float v) {
        return Math.clamp(v, 0f, 1f);
    }
}
