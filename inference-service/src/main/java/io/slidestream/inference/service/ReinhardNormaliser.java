package io.slidestream.inference.service;

import io.slidestream.core.model.StainNormalisation;

import java.util.List;

/**
 * Reinhard stain normalisation: moves each RGB image's per-channel mean and standard deviation in CIE
 * L*a*b* (sRGB, D65 white) to a reference, then converts back to RGB, clamped to [0, 255]. Each image is
 * measured on its own (a patch and its context separately, each mapped to the same reference). A channel
 * that is flat in the image (std below {@value #FLAT_STD}) is only shifted to the reference mean.
 */
public final class ReinhardNormaliser {
    static final double FLAT_STD = 1e-3;
    private static final int CHANNELS = 3;
    // sRGB D65 linear RGB <-> XYZ, white point
    private static final double XN = 0.95047;
    private static final double YN = 1.0;
    private static final double ZN = 1.08883;
    private static final double[] LINEAR = new double[256];

    static {
        for (int v = 0; v < 256; v++) {
            LINEAR[v] = toLinear(v / 255.0);
        }
    }

    private final double[] mean = new double[CHANNELS];
    private final double[] std = new double[CHANNELS];

    public ReinhardNormaliser(StainNormalisation.LabStatistics reference) {
        for (int c = 0; c < CHANNELS; c++) {
            mean[c] = reference.mean().get(c);
            std[c] = reference.std().get(c);
        }
    }

    /** The normaliser a package asks for, or null when it asks for none. */
    public static ReinhardNormaliser of(StainNormalisation stain) {
        return stain == null ? null : new ReinhardNormaliser(stain.reference());
    }

    /**
     * Normalises {@code pixels} interleaved RGB pixels starting at byte {@code offset} of {@code rgb}, writing
     * RGB values in [0, 255] (unrounded) from {@code outOffset} of {@code out}.
     */
    public void normalise(byte[] rgb, int offset, int pixels, float[] out, int outOffset) {
        double[] lab = new double[pixels * CHANNELS];
        double[] rgbValue = new double[CHANNELS];
        for (int p = 0; p < pixels; p++) {
            int i = offset + p * CHANNELS;
            toLab(LINEAR[rgb[i] & 0xff], LINEAR[rgb[i + 1] & 0xff], LINEAR[rgb[i + 2] & 0xff], lab, p * CHANNELS);
        }
        double[][] stats = statistics(lab);
        double[] scale = new double[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            scale[c] = stats[1][c] < FLAT_STD ? 1.0 : std[c] / stats[1][c];
        }
        for (int p = 0; p < pixels; p++) {
            int k = p * CHANNELS;
            double l = (lab[k] - stats[0][0]) * scale[0] + mean[0];
            double a = (lab[k + 1] - stats[0][1]) * scale[1] + mean[1];
            double b = (lab[k + 2] - stats[0][2]) * scale[2] + mean[2];
            fromLab(l, a, b, rgbValue);
            int i = outOffset + k;
            for (int c = 0; c < CHANNELS; c++) {
                out[i + c] = (float) Math.min(255.0, Math.max(0.0, fromLinear(rgbValue[c]) * 255.0));
            }
        }
    }

    /** Per-channel L*a*b* mean ([0]) and population standard deviation ([1]) of RGB values in [0, 255]. */
    static double[][] labStatistics(float[] rgb, int offset, int pixels) {
        double[] lab = new double[pixels * CHANNELS];
        for (int p = 0; p < pixels; p++) {
            int i = offset + p * CHANNELS;
            toLab(toLinear(rgb[i] / 255.0), toLinear(rgb[i + 1] / 255.0), toLinear(rgb[i + 2] / 255.0), lab, p * CHANNELS);
        }
        return statistics(lab);
    }

    static List<Double> asList(double[] values) {
        return List.of(values[0], values[1], values[2]);
    }

    private static double[][] statistics(double[] lab) {
        int pixels = lab.length / CHANNELS;
        double[] m = new double[CHANNELS];
        double[] s = new double[CHANNELS];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < CHANNELS; c++) {
                m[c] += lab[p * CHANNELS + c];
            }
        }
        for (int c = 0; c < CHANNELS; c++) {
            m[c] /= pixels;
        }
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < CHANNELS; c++) {
                double d = lab[p * CHANNELS + c] - m[c];
                s[c] += d * d;
            }
        }
        for (int c = 0; c < CHANNELS; c++) {
            s[c] = Math.sqrt(s[c] / pixels);
        }
        return new double[][] {m, s};
    }

    private static void toLab(double r, double g, double b, double[] lab, int at) {
        double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / XN;
        double y = (0.2126729 * r + 0.7151522 * g + 0.0721750 * b) / YN;
        double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / ZN;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        lab[at] = 116 * fy - 16;
        lab[at + 1] = 500 * (fx - fy);
        lab[at + 2] = 200 * (fy - fz);
    }

    private static void fromLab(double l, double a, double b, double[] rgb) {
        double fy = (l + 16) / 116;
        double x = fInverse(fy + a / 500) * XN;
        double y = fInverse(fy) * YN;
        double z = fInverse(fy - b / 200) * ZN;
        rgb[0] = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        rgb[1] = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        rgb[2] = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
    }

    private static final double EPSILON = 216.0 / 24389.0;
    private static final double KAPPA = 24389.0 / 27.0;

    private static double f(double t) {
        return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
    }

    private static double fInverse(double f) {
        double cube = f * f * f;
        return cube > EPSILON ? cube : (116 * f - 16) / KAPPA;
    }

    private static double toLinear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double fromLinear(double v) {
        if (v <= 0) {
            return 0;
        }
        return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }
}
