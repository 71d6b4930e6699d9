package io.slidestream.trainer;

import java.util.random.RandomGenerator;

/**
 * Writes examples into a batch, scaled to [-1, 1] as v / 127.5 − 1 (the contract's "minus-one-to-one").
 * For training it first applies seed 000's augmentation: one of the 8 orthogonal orientations (slides are
 * read in any orientation) and its colour jitter ({@link ColourJitter}: staining and scanner variation), the
 * same for the patch and its context so the two still agree.
 */
final class PatchAugmenter {

    private static final int SIZE = PatchClassifierNetwork.INPUT_SIZE;
    /** Source pixel of each output pixel, per orientation: computed once, used for every example. */
    private static final int[][] SOURCE_PIXEL = sourcePixels();

    private PatchAugmenter() {
    }

    /** The example as it is, for validation and inference. */
    static void writePlain(LabelledPatch example, InputBatch batch, int index) {
        write(example.patch(), 0, ColourJitter.NONE, batch.patch(), index);
        write(example.context(), 0, ColourJitter.NONE, batch.context(), index);
    }

    /** A random orientation and colour jitter of the example. */
    static void writeAugmented(LabelledPatch example, RandomGenerator random, InputBatch batch, int index) {
        int orientation = random.nextInt(8);
        ColourJitter jitter = ColourJitter.draw(random);
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

    private static void write(byte[] rgb, int orientation, ColourJitter jitter, float[] out, int index) {
        int[] source = SOURCE_PIXEL[orientation];
        float[] values = new float[source.length * 3];
        for (int pixel = 0; pixel < source.length; pixel++) {
            for (int c = 0; c < 3; c++) {
                values[pixel * 3 + c] = (rgb[source[pixel] * 3 + c] & 0xff) / 255f;
            }
        }
        if (jitter != ColourJitter.NONE) {
            jitter.apply(values);
        }
        int dst = index * InputBatch.VALUES_PER_IMAGE;
        for (int i = 0; i < values.length; i++) {
            out[dst + i] = values[i] * 2 - 1;
        }
    }
}
