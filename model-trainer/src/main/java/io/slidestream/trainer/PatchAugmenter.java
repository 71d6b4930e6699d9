package io.slidestream.trainer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Writes examples into a batch, scaled to [-1, 1] as v / 127.5 − 1 (the contract's "minus-one-to-one").
 * For training it first applies seed 000's augmentation: one of the 8 orthogonal orientations (slides are
 * read in any orientation) and its colour jitter ({@link ColourJitter}: staining and scanner variation), the
 * same for the patch and its context so the two still agree.
 */
final class PatchAugmenter {

    /** Per image edge, the source pixel of each output pixel per orientation: computed once per size. */
    private static final Map<Integer, int[][]> SOURCE_PIXELS = new ConcurrentHashMap<>();

    private PatchAugmenter() {
    }

    /** The example as it is, for validation and inference. */
    static void writePlain(LabelledPatch example, InputBatch batch, int index) {
        for (int input = 0; input < batch.sizes().size(); input++) {
            write(example.inputs()[input], batch.sizes().get(input), 0, ColourJitter.NONE, batch.images()[input], index);
        }
    }

    /** A random orientation and colour jitter of the example; returns the orientation, for its labels. */
    static int writeAugmented(LabelledPatch example, RandomGenerator random, InputBatch batch, int index) {
        int orientation = random.nextInt(8);
        ColourJitter jitter = ColourJitter.draw(random);
        for (int input = 0; input < batch.sizes().size(); input++) {
            write(example.inputs()[input], batch.sizes().get(input), orientation, jitter, batch.images()[input], index);
        }
        return orientation;
    }

    /**
     * The example's labels as training takes them, turned like its pixels: one 0/1 at {@code out[index]}, or
     * for the FCN its m × m label map at {@code out[index·m·m ...]}.
     */
    static void writeLabels(LabelledPatch example, int orientation, int mapSize, float[] out, int index) {
        if (mapSize == 0) {
            out[index] = example.tumour() ? 1 : 0;
            return;
        }
        int[] source = SOURCE_PIXELS.computeIfAbsent(mapSize, PatchAugmenter::sourcePixels)[orientation];
        for (int pixel = 0; pixel < source.length; pixel++) {
            out[index * source.length + pixel] = example.labelMap()[source[pixel]];
        }
    }
    /**
     * Source pixel of output pixel (x, y) under orientation 0..7: bit 2 mirrors x, bits 0–1 count
     * quarter turns. Orientation 0 is the identity.
     */
    static int sourceIndex(int size, int orientation, int x, int y) {
        int sx = (orientation & 4) != 0 ? size - 1 - x : x;
        int sy = y;
        for (int turn = 0; turn < (orientation & 3); turn++) {
            int t = sx;
            sx = sy;
            sy = size - 1 - t;
        }
        return sy * size + sx;
    }

    private static int[][] sourcePixels(int size) {
        int[][] table = new int[8][size * size];
        for (int orientation = 0; orientation < 8; orientation++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    table[orientation][y * size + x] = sourceIndex(size, orientation, x, y);
                }
            }
        }
        return table;
    }

    private static void write(byte[] rgb, int size, int orientation, ColourJitter jitter, float[] out, int index) {
        int[] source = SOURCE_PIXELS.computeIfAbsent(size, PatchAugmenter::sourcePixels)[orientation];
        float[] values = new float[source.length * 3];
        for (int pixel = 0; pixel < source.length; pixel++) {
            for (int c = 0; c < 3; c++) {
                values[pixel * 3 + c] = (rgb[source[pixel] * 3 + c] & 0xff) / 255f;
            }
        }
        if (jitter != ColourJitter.NONE) {
            jitter.apply(values);
        }
        int dst = index * InputBatch.valuesPerImage(size);
        for (int i = 0; i < values.length; i++) {
            out[dst + i] = values[i] * 2 - 1;
        }
    }
}
