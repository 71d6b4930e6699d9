package io.slidestream.trainer;

import java.util.random.RandomGenerator;

/**
 * Writes examples into a batch, scaled to [-1, 1] as v / 127.5 − 1 (the contract's "minus-one-to-one").
 * For training it first applies what the seeds use to make the model robust: one of the 8 orthogonal
 * orientations (slides are read in any orientation) and a mild colour jitter (staining and scanner
 * variation), the same for the patch and its context so the two still agree.
 */
final class PatchAugmenter {

    private static final int SIZE = PatchClassifierNetwork.INPUT_SIZE;
    /** Brightness shift, ± this fraction of full scale. */
    private static final double MAX_BRIGHTNESS = 0.08;
    /** Saturation factor in 1 ± this. */
    private static final double MAX_SATURATION_CHANGE = 0.2;
    /** Independent gain per RGB channel in 1 ± this: a small hue (stain) shift. */
    private static final double MAX_CHANNEL_GAIN = 0.04;
    /** Source pixel of each output pixel, per orientation: computed once, used for every example. */
    private static final int[][] SOURCE_PIXEL = sourcePixels();

    private PatchAugmenter() {
    }

    /** The example as it is, for validation and inference. */
    static void writePlain(LabelledPatch example, InputBatch batch, int index) {
        ColourTransform identity = ColourTransform.of(0, 1, new double[] {1, 1, 1});
        write(example.patch(), 0, identity, batch.patch(), index);
        write(example.context(), 0, identity, batch.context(), index);
    }

    /** A random orientation and colour jitter of the example. */
    static void writeAugmented(LabelledPatch example, RandomGenerator random, InputBatch batch, int index) {
        int orientation = random.nextInt(8);
        ColourTransform jitter = ColourTransform.of(
                uniform(random, MAX_BRIGHTNESS),
                1 + uniform(random, MAX_SATURATION_CHANGE),
                new double[] {1 + uniform(random, MAX_CHANNEL_GAIN), 1 + uniform(random, MAX_CHANNEL_GAIN),
                        1 + uniform(random, MAX_CHANNEL_GAIN)});
        write(example.patch(), orientation, jitter, batch.patch(), index);
        write(example.context(), orientation, jitter, batch.context(), index);
    }

    /**
     * Source pixel of output pixel (x, y) under orientation 0..7: bit 2 mirrors x, bits 0–1 count
     * quarter turns. Orientation 0 is the identity.
     */
    static int sourceIndex(int orientation, int x, int y) {
        int sx = (orientation & 4) != 0 ? SIZE - 1 - x : x;
        int sy = y;
        for (int turn = 0; turn < (orientation & 3); turn++) {
            int t = sx;
            sx = sy;
            sy = SIZE - 1 - t;
        }
        return sy * SIZE + sx;
    }

    private static int[][] sourcePixels() {
        int[][] table = new int[8][SIZE * SIZE];
        for (int orientation = 0; orientation < 8; orientation++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    table[orientation][y * SIZE + x] = sourceIndex(orientation, x, y);
                }
            }
        }
        return table;
    }

    private static void write(byte[] rgb, int orientation, ColourTransform colour, float[] out, int index) {
        int[] source = SOURCE_PIXEL[orientation];
        float[] m = colour.matrix;
        float[] b = colour.offset;
        int dst = index * InputBatch.VALUES_PER_IMAGE;
        for (int pixel = 0; pixel < source.length; pixel++, dst += 3) {
            int src = source[pixel] * 3;
            float r = rgb[src] & 0xff;
            float g = rgb[src + 1] & 0xff;
            float bl = rgb[src + 2] & 0xff;
            for (int c = 0; c < 3; c++) {
                out[dst + c] = Math.clamp(m[3 * c] * r + m[3 * c + 1] * g + m[3 * c + 2] * bl + b[c], -1f, 1f);
            }
        }
    }

    private static double uniform(RandomGenerator random, double maxAbs) {
        return (random.nextDouble() * 2 - 1) * maxAbs;
    }

    /**
     * The jitter is linear in RGB (saturation about the grey value, then per-channel gain, then a
     * brightness shift), so together with the byte → [-1, 1] scaling it is one 3×3 matrix and an offset:
     * out = M · byte + b, clamped to [-1, 1].
     */
    private record ColourTransform(float[] matrix, float[] offset) {
        static ColourTransform of(double brightness, double saturation, double[] channelGain) {
            float[] matrix = new float[9];
            float[] offset = new float[3];
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) {
                    // v' = gain · (grey + s · (v − grey)), grey = mean of the channels, on [0, 1] values.
                    double saturated = (c == k ? saturation : 0) + (1 - saturation) / 3;
                    matrix[3 * c + k] = (float) (channelGain[c] * saturated / 127.5);
                }
                offset[c] = (float) (2 * brightness - 1);
            }
            return new ColourTransform(matrix, offset);
        }
    }
}
