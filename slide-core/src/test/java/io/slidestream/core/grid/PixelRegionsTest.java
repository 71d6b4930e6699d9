package io.slidestream.core.grid;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PixelRegionsTest {

    @Test
    void diagonalNeighboursJoinAndComponentsComeInTheOrderOfTheirFirstPixel() {
        // 4 x 3:   X . . X
        //          . X . X
        //          . . . .
        boolean[] set = {
                true, false, false, true,
                false, true, false, true,
                false, false, false, false};

        List<int[]> components = PixelRegions.components(set, 4, 3);

        assertEquals(2, components.size());
        assertArrayEquals(new int[] {0, 5}, components.get(0), "the diagonal pair is one region");
        assertArrayEquals(new int[] {3, 7}, components.get(1));
        assertArrayEquals(new int[] {1, 0, 0, 2, 0, 1, 0, 2, 0, 0, 0, 0}, PixelRegions.label(set, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> PixelRegions.label(set, 5, 3));
    }

    @Test
    void theLargestDiameterJoinsTheFarthestPixelCorners() {
        // An L of three unit pixels (0,0) (0,1) (1,1): corners (0,0) and (2,2) are √8 apart.
        int[] ell = {0, 3, 4};
        assertEquals(Math.sqrt(8), PixelRegions.largestDiameter(ell, 3, col -> col, row -> row), 1e-12);
        // One pixel of 10 x 5 units: its diagonal.
        assertEquals(Math.sqrt(125), PixelRegions.largestDiameter(new int[] {4}, 3, col -> 10.0 * col,
                row -> 5.0 * row), 1e-12);
        // A 1 x 3 bar in a row of a 5-wide raster: 3 long, 1 high.
        assertEquals(Math.sqrt(10), PixelRegions.largestDiameter(new int[] {6, 7, 8}, 5, col -> col, row -> row), 1e-12);
    }
}
