package io.slidestream.tiler.tissue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TissueMaskTest {

    /** 4x4 mask at downsample 8 whose left half is tissue. */
    private static TissueMask leftHalf() {
        boolean[] tissue = new boolean[16];
        for (int y = 0; y < 4; y++) {
            tissue[y * 4] = true;
            tissue[y * 4 + 1] = true;
        }
        return new TissueMask(4, 4, 8, tissue);
    }

    @Test
    void fractionCountsTissuePixelsUnderALevelZeroRectangle() {
        TissueMask mask = leftHalf();
        assertEquals(1.0, mask.fraction(0, 0, 16, 32), 1e-9);
        assertEquals(0.5, mask.fraction(0, 0, 32, 32), 1e-9);
        assertEquals(0.0, mask.fraction(16, 0, 16, 16), 1e-9);
        assertEquals(0.0, mask.fraction(1000, 1000, 16, 16), 1e-9, "outside the mask");
        assertEquals(0.5, mask.fraction(-100, -100, 1000, 1000), 1e-9, "clipped to the mask");
        // A rectangle inside one mask pixel takes that pixel's value; one straddling two counts both whole.
        assertEquals(1.0, mask.fraction(9, 9, 2, 2), 1e-9);
        assertEquals(0.5, mask.fraction(12, 0, 8, 8), 1e-9);
    }

    @Test
    void countsAreaAndPixels() {
        TissueMask mask = leftHalf();
        assertEquals(8, mask.tissuePixels());
        assertEquals(0.5, mask.tissueShare(), 1e-12);
        // 8 pixels of (8 px × 0.5 µm = 4 µm)² = 128 µm² = 1.28e-4 mm².
        assertEquals(1.28e-4, mask.areaMm2(0.5), 1e-12);
        assertTrue(mask.isTissue(1, 3));
        assertFalse(mask.isTissue(2, 3));
        assertFalse(mask.isTissue(-1, 0));
        assertFalse(mask.isTissue(0, 4));
    }

    @Test
    void isImmutable() {
        boolean[] flags = new boolean[4];
        TissueMask mask = new TissueMask(2, 2, 1, flags);
        flags[0] = true;
        assertFalse(mask.isTissue(0, 0), "constructor copies");
        mask.mask()[0] = true;
        assertFalse(mask.isTissue(0, 0), "mask() copies");
        assertEquals(new TissueMask(2, 2, 1, new boolean[4]), mask);
    }

    @Test
    void refusesInconsistentShapes() {
        assertThrows(IllegalArgumentException.class, () -> new TissueMask(2, 2, 1, new boolean[3]));
        assertThrows(IllegalArgumentException.class, () -> new TissueMask(0, 2, 1, new boolean[0]));
        assertThrows(IllegalArgumentException.class, () -> new TissueMask(2, 2, 0, new boolean[4]));
        assertThrows(IllegalArgumentException.class, () -> new TissueMask(2, 2, Double.NaN, new boolean[4]));
    }
}
