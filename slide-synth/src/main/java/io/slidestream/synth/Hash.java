package io.slidestream.synth;

/**
 * Stateless hashing: every random quantity of a slide is a hash of the seed and a position, so any
 * region renders the same whichever thread renders it and in whatever order.
 */
final class Hash {
    private Hash() {
    }

    /** SplitMix64's finaliser: a strong 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long of(long seed, long a, long b) {
        return mix(seed ^ mix(a * 0x9E3779B97F4A7C15L ^ mix(b + 0x632BE59BD9B4E019L)));
    }

    /** A sub-seed for one purpose (tissue, lesions, a nucleus grid, ...). */
    static long derive(long seed, String purpose) {
        return mix(seed ^ mix(purpose.hashCode() * 0x9E3779B97F4A7C15L));
    }

    /** Uniform in [0, 1) from the top 53 bits. */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** A cheap 32-bit hash for per-pixel grain, where billions of calls make SplitMix64 noticeable. */
    static int pixelHash(int seed, int x, int y) {
        int h = seed ^ (x * 0x27d4eb2d) ^ (y * 0x165667b1);
        h ^= h >>> 15;
        h *= 0x2c1b3c6d;
        h ^= h >>> 12;
        h *= 0x297a2d39;
        return h ^ (h >>> 15);
    }

    /** {@link #pixelHash} as a value in [-1, 1). */
    static float pixelNoise(int seed, int x, int y) {
        return pixelHash(seed, x, y) * 0x1.0p-31f;
    }
}
