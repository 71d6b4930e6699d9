package io.slidestream.inference.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DihedralTest {
    /**
     * 3×3 image whose pixel (y, x) has channels (v, v + 100, v + 200) with v = 1 + 3y + x:
     * <pre>
     * 1 2 3
     * 4 5 6
     * 7 8 9
     * </pre>
     */
    private static final float[] IMAGE = image(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

    @Test
    void eachTransformOfAKnownImage() {
        assertTransform(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertTransform(1, 3, 6, 9, 2, 5, 8, 1, 4, 7); // 90° counter-clockwise: top row is the old right column
        assertTransform(2, 9, 8, 7, 6, 5, 4, 3, 2, 1);
        assertTransform(3, 7, 4, 1, 8, 5, 2, 9, 6, 3);
        assertTransform(4, 3, 2, 1, 6, 5, 4, 9, 8, 7); // left and right swapped
        assertTransform(5, 1, 4, 7, 2, 5, 8, 3, 6, 9); // flip then 90°: the transpose
        assertTransform(6, 7, 8, 9, 4, 5, 6, 1, 2, 3); // flip then 180°: upside down
        assertTransform(7, 9, 6, 3, 8, 5, 2, 7, 4, 1); // flip then 270°: the anti-transpose
    }

    @Test
    void theEightAreDistinctForAnAsymmetricImageAndWrittenAtTheirOffsets() {
        int size = 4;
        float[] src = new float[2 * size * size * 3];
        for (int i = 0; i < src.length; i++) {
            src[i] = i * 0.37f - 5;
        }
        Set<List<Float>> seen = new HashSet<>();
        for (int t = 0; t < Dihedral.COUNT; t++) {
            float[] dst = new float[3 * size * size * 3];
            Dihedral.apply(t, src, size * size * 3, dst, size * size * 3, size);
            List<Float> values = new ArrayList<>();
            for (int i = 0; i < dst.length; i++) {
                if (i < size * size * 3 || i >= 2 * size * size * 3) {
                    assertEquals(0f, dst[i], "only the target image is written");
                } else {
                    values.add(dst[i]);
                }
            }
            seen.add(values);
            assertArrayEquals(sortedCopy(Arrays.copyOfRange(src, size * size * 3, src.length)), sortedValues(values),
                    "a transform moves pixels, it never changes them");
        }
        assertEquals(Dihedral.COUNT, seen.size());
    }

    @Test
    void inverseUndoesAndCompositionAgreesWithApplyingInTurn() {
        int size = 5;
        float[] src = new float[size * size * 3];
        for (int i = 0; i < src.length; i++) {
            src[i] = (i * 7919) % 101;
        }
        for (int a = 0; a < Dihedral.COUNT; a++) {
            float[] once = transformed(a, src, size);
            assertArrayEquals(src, transformed(Dihedral.inverse(a), once, size), "inverse of " + a);
            assertEquals(Dihedral.IDENTITY, Dihedral.compose(a, Dihedral.inverse(a)));
            for (int b = 0; b < Dihedral.COUNT; b++) {
                assertArrayEquals(transformed(Dihedral.compose(a, b), src, size), transformed(b, once, size),
                        a + " then " + b);
            }
        }
        float[] turned = src;
        for (int k = 0; k < 4; k++) {
            turned = transformed(1, turned, size);
        }
        assertArrayEquals(src, turned, "four quarter turns");
        assertArrayEquals(transformed(2, src, size), transformed(1, transformed(1, src, size), size));
    }

    @Test
    void onlyEightTransformsExist() {
        assertThrows(IllegalArgumentException.class, () -> Dihedral.inverse(8));
        assertThrows(IllegalArgumentException.class, () -> Dihedral.apply(-1, IMAGE, 0, new float[27], 0, 3));
    }

    private static void assertTransform(int t, int... expected) {
        assertArrayEquals(image(expected), transformed(t, IMAGE, 3), "transform " + t);
    }

    private static float[] transformed(int t, float[] src, int size) {
        float[] dst = new float[src.length];
        Dihedral.apply(t, src, 0, dst, 0, size);
        return dst;
    }

    private static float[] image(int[] values) {
        float[] rgb = new float[values.length * 3];
        for (int i = 0; i < values.length; i++) {
            rgb[3 * i] = values[i];
            rgb[3 * i + 1] = values[i] + 100;
            rgb[3 * i + 2] = values[i] + 200;
        }
        return rgb;
    }

    private static float[] sortedCopy(float[] values) {
        float[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static float[] sortedValues(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        Arrays.sort(array);
        return array;
    }
}
