package io.slidestream.tiler.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TissueMapTest {

    @Test
    void fractionCountsTissuePixelsUnderALevelZeroRectangle() {
        // 4x4 map at downsample 8: the left half is tissue.
        boolean[] tissue = new boolean[16];
        for (int y = 0; y < 4; y++) {
            tissue[y * 4] = true;
            tissue[y * 4 + 1] = true;
        }
        TissueMap map = new TissueMap(4, 4, 8, tissue);
        assertEquals(1.0, map.fraction(0, 0, 16, 32), 1e-9);
        assertEquals(0.5, map.fraction(0, 0, 32, 32), 1e-9);
        assertEquals(0.0, map.fraction(16, 0, 16, 16), 1e-9);
        assertEquals(0.0, map.fraction(1000, 1000, 16, 16), 1e-9, "outside the map");
    }
}
