package io.slidestream.core.grid;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbabilityMapsTest {

    @Test
    void shrinkingByAWholeFactorTakesTheMaximumOfEachBlock() {
        float[] map = new float[16]; // 4x4, one value per pixel: 10 * row + col, as hundredths
        for (int i = 0; i < 16; i++) {
            map[i] = (10 * (i / 4) + i % 4) / 100f;
        }
        assertArrayEquals(new float[] {0.11f, 0.13f, 0.31f, 0.33f}, ProbabilityMaps.resize(map, 0, 4, 2));
        assertArrayEquals(new float[] {0.33f}, ProbabilityMaps.resize(map, 0, 4, 1));
    }

    @Test
    void anEdgeThatIsNoMultipleLetsCellsShareTheSourceCellsTheyBothOverlap() {
        float[] map = {0, 0, 0, /* */ 0, 1, 0, /* */ 0, 0, 0}; // 3x3, tumour only in the centre
        // 3 -> 2: every target cell covers part of the centre pixel.
        assertArrayEquals(new float[] {1, 1, 1, 1}, ProbabilityMaps.resize(map, 0, 3, 2));
        // 3 -> 6: each pixel becomes a 2x2 block.
        float[] grown = ProbabilityMaps.resize(map, 0, 3, 6);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                assertEquals(x / 2 == 1 && y / 2 == 1 ? 1f : 0f, grown[y * 6 + x], "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void aMapOfSeveralIsReadFromItsOffset() {
        float[] two = {0.1f, 0.2f, 0.3f, 0.4f, /* second map */ 0.9f, 0.8f, 0.7f, 0.6f};
        assertArrayEquals(new float[] {0.9f}, ProbabilityMaps.resize(two, 4, 2, 1));
    }

    @Test
    void quantisedValuesStayWithinOneStepAndNeverCrossTheThreshold() {
        Random random = new Random(5);
        for (double threshold : new double[] {0.5, 0.37, 0.9, 0.01}) {
            float[] map = new float[4000];
            for (int i = 0; i < map.length; i++) {
                // Half of them within a step of the threshold, where rounding could cross it.
                map[i] = i % 2 == 0 ? random.nextFloat()
                        : (float) Math.min(1, Math.max(0, threshold + (random.nextFloat() - 0.5) * 2 / 255));
            }
            int[] quantised = ProbabilityMaps.quantise(map, threshold);
            for (int i = 0; i < map.length; i++) {
                float value = ProbabilityMaps.value(quantised[i]);
                assertTrue(Math.abs(value - map[i]) <= 1f / 255 + 1e-6, map[i] + " -> " + quantised[i]);
                assertEquals(map[i] >= threshold, value >= threshold, map[i] + " -> " + quantised[i] + " at " + threshold);
            }
        }
        assertArrayEquals(new int[] {0, 128, 255}, ProbabilityMaps.quantise(new float[] {0, 0.5f, 1}, 0.5));
    }

    @Test
    void aQuantisedMapIsResizedLikeAProbabilityMap() {
        int[] map = {0, 10, 20, 30, /* */ 40, 50, 60, 70, /* */ 80, 90, 100, 110, /* */ 120, 130, 140, 255};
        assertArrayEquals(new int[] {50, 70, 130, 255}, ProbabilityMaps.resize(map, 2));
        assertArrayEquals(map, ProbabilityMaps.resize(map, 4));
    }

    @Test
    void badMapsAreRefusedSayingWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProbabilityMaps.edgeOf(12))
                .getMessage().contains("not square"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProbabilityMaps.requireValid(new int[17 * 17]))
                .getMessage().contains("larger than 16 x 16"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProbabilityMaps.requireValid(new int[] {0, 1, 256, 3}))
                .getMessage().contains("256 is not in 0..255"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProbabilityMaps.quantise(new float[] {Float.NaN}, 0.5))
                .getMessage().contains("not a probability"));
    }
}
