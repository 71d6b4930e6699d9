package io.slidestream.synth;

/**
 * Seeded 2-D value noise: hashed values on an integer lattice, blended with a smoothstep. Smooth
 * shapes (tissue outline, stain density, lymphoid follicles) come from sums of octaves of it.
 */
final class ValueNoise {
    private final long seed;

    ValueNoise(long seed) {
        this.seed = seed;
    }

    /** Noise in [-1, 1] at a point in lattice units (the feature size is about one unit). */
    double at(double x, double y) {
        double fx = Math.floor(x);
        double fy = Math.floor(y);
        long ix = (long) fx;
        long iy = (long) fy;
        double tx = smooth(x - fx);
        double ty = smooth(y - fy);
        double top = lerp(lattice(ix, iy), lattice(ix + 1, iy), tx);
        double bottom = lerp(lattice(ix, iy + 1), lattice(ix + 1, iy + 1), tx);
        return lerp(top, bottom, ty);
    }

    /** Fractal sum of octaves, each half the size and half the weight of the previous; in [-1, 1]. */
    double fractal(double x, double y, int octaves) {
        double sum = 0;
        double weight = 1;
        double total = 0;
        double scale = 1;
        for (int octave = 0; octave < octaves; octave++) {
            // Offset each octave so that lattice points of different octaves do not line up.
            sum += weight * at(x * scale + octave * 17.31, y * scale - octave * 11.73);
            total += weight;
            weight *= 0.5;
            scale *= 2;
        }
        return sum / total;
    }

    private double lattice(long ix, long iy) {
        // One mix per lattice point (not Hash.of's three): noise is evaluated millions of times.
        return Hash.unit(Hash.mix(seed + ix * 0x9E3779B97F4A7C15L + iy * 0xC2B2AE3D27D4EB4FL)) * 2 - 1;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
