package io.slidestream.trainer;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchAugmenterTest {

    private static final int SIZE = 64;

    @Test
    @DisplayName("the 8 orientations are 8 different rearrangements of the pixels, orientation 0 the identity")
    void orientationsAreTheEightSymmetriesOfTheSquare() {
        Set<String> mappings = new HashSet<>();
        for (int orientation = 0; orientation < 8; orientation++) {
            int[] mapping = new int[SIZE * SIZE];
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    mapping[y * SIZE + x] = PatchAugmenter.sourceIndex(SIZE, orientation, x, y);
                }
            }
            assertEquals(SIZE * SIZE, Arrays.stream(mapping).distinct().count(), "orientation " + orientation + " is a permutation");
            mappings.add(Arrays.toString(mapping));
        }
        assertEquals(8, mappings.size());
        assertEquals(5 * SIZE + 7, PatchAugmenter.sourceIndex(SIZE, 0, 7, 5));
        // Two quarter turns are a half turn: (x, y) comes from (63 − x, 63 − y).
        assertEquals((SIZE - 1 - 5) * SIZE + (SIZE - 1 - 7), PatchAugmenter.sourceIndex(SIZE, 2, 7, 5));
    }

    @Test
    @DisplayName("plain examples are scaled as v / 127.5 − 1")
    void plainScaling() {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        rgb[0] = 0;
        rgb[1] = (byte) 255;
        rgb[2] = (byte) 128;
        InputBatch batch = InputBatch.allocate(ModelKind.TWO_TOWER.inputs(), 2);

        PatchAugmenter.writePlain(new LabelledPatch(rgb, rgb.clone(), false, 0, 0), batch, 1);

        int at = InputBatch.valuesPerImage(SIZE);
        assertEquals(-1f, batch.patch()[at], 1e-6f);
        assertEquals(1f, batch.patch()[at + 1], 1e-6f);
        assertEquals(128 / 127.5f - 1, batch.patch()[at + 2], 1e-6f);
        assertEquals(0f, batch.patch()[0], "the other slot stays untouched");
    }

    @Test
    @DisplayName("augmentation moves patch and context alike, within the seed's brightness range")
    void sameTransformForBothInputsAndMildJitter() {
        Random pixels = new Random(5);
        byte[] rgb = new byte[SIZE * SIZE * 3];
        pixels.nextBytes(rgb);
        LabelledPatch example = new LabelledPatch(rgb, rgb.clone(), true, 0, 0);
        SplittableRandom random = new SplittableRandom(9);
        InputBatch plain = InputBatch.allocate(ModelKind.TWO_TOWER.inputs(), 1);
        PatchAugmenter.writePlain(example, plain, 0);
        double plainMean = mean(plain.patch());

        for (int i = 0; i < 20; i++) {
            InputBatch augmented = InputBatch.allocate(ModelKind.TWO_TOWER.inputs(), 1);
            PatchAugmenter.writeAugmented(example, random, augmented, 0);

            assertArrayEquals(augmented.patch(), augmented.context());
            // Brightness moves values by at most 64/255 on [0, 1], twice that on [-1, 1]; the hue and
            // saturation steps move a channel's mean a little more.
            double shift = mean(augmented.patch()) - plainMean;
            assertTrue(Math.abs(shift) < 2 * ColourJitter.MAX_BRIGHTNESS_DELTA + 0.05, "mean shift " + shift);
            for (float v : augmented.patch()) {
                assertTrue(v >= -1 && v <= 1);
            }
        }
    }

    @Test
    @DisplayName("an FCN example's label map turns and mirrors with its pixels")
    void labelMapFollowsTheOrientation() {
        // One bright 4×4 block and its label: map pixel (3, 1) of 16 covers patch pixels x 12..15, y 4..7.
        byte[] rgb = new byte[SIZE * SIZE * 3];
        byte[] map = new byte[16 * 16];
        for (int y = 4; y < 8; y++) {
            for (int x = 12; x < 16; x++) {
                java.util.Arrays.fill(rgb, (y * SIZE + x) * 3, (y * SIZE + x) * 3 + 3, (byte) 255);
            }
        }
        map[16 + 3] = 1;
        LabelledPatch example = new LabelledPatch(new byte[][] {rgb}, true, map, 0, 0);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 16; i++) {
            InputBatch batch = InputBatch.allocate(ModelKind.FCN.inputs(), 1);
            float[] labels = new float[16 * 16];
            int orientation = PatchAugmenter.writeAugmented(example, random, batch, 0);
            PatchAugmenter.writeLabels(example, orientation, 16, labels, 0);

            int labelled = -1;
            for (int p = 0; p < labels.length; p++) {
                if (labels[p] == 1) {
                    labelled = p;
                }
            }
            // The brightest output pixel of the image lies in the labelled map pixel.
            int brightest = 0;
            for (int p = 0; p < SIZE * SIZE; p++) {
                if (batch.patch()[p * 3] > batch.patch()[brightest * 3]) {
                    brightest = p;
                }
            }
            assertEquals(labelled, (brightest / SIZE / 4) * 16 + (brightest % SIZE) / 4, "orientation " + orientation);
        }
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
