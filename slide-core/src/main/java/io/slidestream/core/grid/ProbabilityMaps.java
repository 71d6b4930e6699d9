package io.slidestream.core.grid;

/**
 * Square per-pixel tumour probability maps, as a probability-map model gives one per patch, made small
 * enough to travel with each patch's score and to be stitched at sub-patch resolution.
 *
 * <p>A map is reduced by {@link #resize} to an edge of k sub-cells, each taking the <em>maximum</em> of the
 * model pixels it covers: so the patch's score (the map's maximum) is the reduced map's maximum, and a
 * sub-cell is tumour when any pixel in it is, the same rule that makes a patch tumour when any pixel of it
 * is. It is then {@link #quantise}d to whole numbers 0..{@value #LEVELS} (value × 255): one byte a value in
 * the aggregator's store, at most four characters a value in JSON.
 */
public final class ProbabilityMaps {
    /** Quantisation steps: a stored value {@code q} stands for the probability {@code q / 255}. */
    public static final int LEVELS = 255;
    /**
     * Largest reduced edge: 16 × 16 = 256 values a patch. It bounds the messages (at most about 1 KiB of JSON
     * a patch) and the aggregator's stored chunks (32 × 32 cells of 256 bytes: 256 KiB, under Kafka's 1 MiB).
     */
    public static final int MAX_EDGE = 16;

    private ProbabilityMaps() {
    }

    /** The edge of a square map of {@code values} values; a count that is no square is refused. */
    public static int edgeOf(int values) {
        int edge = (int) Math.round(Math.sqrt(values));
        if (values < 1 || edge * edge != values) {
            throw new IllegalArgumentException("a probability map of " + values + " values is not square");
        }
        return edge;
    }

    /**
     * The {@code edge × edge} map at {@code from} in {@code map} as a {@code target × target} one: target cell
     * (x, y) covers [x·edge/target, (x+1)·edge/target) of the source each way and takes the maximum of the
     * source cells it overlaps (max-pooling when {@code edge} is a multiple of {@code target}, repetition when
     * {@code target} is a multiple of {@code edge}).
     */
    public static float[] resize(float[] map, int from, int edge, int target) {
        float[] out = new float[target * target];
        for (int y = 0; y < target; y++) {
            int y0 = first(y, edge, target);
            int y1 = end(y, edge, target);
            for (int x = 0; x < target; x++) {
                int x0 = first(x, edge, target);
                int x1 = end(x, edge, target);
                float max = Float.NEGATIVE_INFINITY;
                for (int sy = y0; sy < y1; sy++) {
                    for (int sx = x0; sx < x1; sx++) {
                        max = Math.max(max, map[from + sy * edge + sx]);
                    }
                }
                out[y * target + x] = max;
            }
        }
        return out;
    }

    /** {@link #resize} of a quantised map. */
    public static int[] resize(int[] map, int target) {
        int edge = edgeOf(map.length);
        if (edge == target) {
            return map;
        }
        float[] values = new float[map.length];
        for (int i = 0; i < map.length; i++) {
            values[i] = map[i];
        }
        float[] resized = resize(values, 0, edge, target);
        int[] out = new int[resized.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) resized[i];
        }
        return out;
    }

    /**
     * Probabilities as whole numbers 0..255, each the nearest step, except that a value is never moved across
     * {@code threshold}: a step that would fall on the other side of it is taken one step back. So a
     * sub-cell is tumour (value / 255 ≥ threshold) exactly when its probability is, and a patch whose score
     * reaches the threshold has a sub-cell that does; every value stays within 1/255 of the probability.
     */
    public static int[] quantise(float[] map, double threshold) {
        int[] out = new int[map.length];
        for (int i = 0; i < map.length; i++) {
            float p = map[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability map value " + p + " is not a probability");
            }
            int q = Math.round(p * LEVELS);
            if (p >= threshold && value(q) < threshold) {
                q++;
            } else if (p < threshold && value(q) >= threshold) {
                q--;
            }
            out[i] = q;
        }
        return out;
    }

    /** The probability a quantised value stands for. */
    public static float value(int quantised) {
        return quantised / (float) LEVELS;
    }

    /** Refuses a map that is not square, larger than {@value #MAX_EDGE} each way, or holds values outside 0..255. */
    public static void requireValid(int[] map) {
        int edge = edgeOf(map.length);
        if (edge > MAX_EDGE) {
            throw new IllegalArgumentException("a probability map of " + edge + " x " + edge + " values is larger than "
                    + MAX_EDGE + " x " + MAX_EDGE);
        }
        for (int v : map) {
            if (v < 0 || v > LEVELS) {
                throw new IllegalArgumentException("probability map value " + v + " is not in 0.." + LEVELS);
            }
        }
    }

    private static int first(int cell, int edge, int target) {
        return (int) ((long) cell * edge / target);
    }

    private static int end(int cell, int edge, int target) {
        return (int) Math.ceilDiv((long) (cell + 1) * edge, target);
    }
}
