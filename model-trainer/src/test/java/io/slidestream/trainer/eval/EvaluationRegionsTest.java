package io.slidestream.trainer.eval;

import io.slidestream.core.grid.PixelRegions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.slidestream.trainer.eval.Masks.box;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationRegionsTest {

    @Test
    @DisplayName("a detection 32 µm beside a lesion's edge hits it; one 40 µm away does not (growth 37.5 µm)")
    void truthGrowsByHalfOf75Micrometres() {
        // 8 µm mask pixels at 1 µm/px; the lesion's last column is 49 (centre 49.5 px = 396 µm).
        // x = 430 µm is column 53: 4 px = 32 µm from the edge pixel, inside 37.5 µm.
        // x = 435 µm is column 54: 5 px = 40 µm, outside.
        EvaluationRegions regions = EvaluationRegions.of(Masks.of(100, 100, 8, box(10, 10, 49, 49)), 1, 8);

        assertNotEquals(0, regions.regionAt(430, 240));
        assertEquals(0, regions.regionAt(435, 240));
    }

    @Test
    @DisplayName("grown lesions under 275 µm along their major axis are ITC, larger ones count")
    void itcBySize() {
        // 2 x 2 px lesion (16 µm) grows to a disc about 16 + 75 = 91 µm across: ITC.
        // 30 x 30 px lesion (240 µm) grows to about 315 µm, past 275 µm: counts, though the lesion itself is under.
        EvaluationRegions regions = EvaluationRegions.of(
                Masks.of(120, 60, 8, box(20, 20, 21, 21), box(60, 10, 89, 39)), 1, 8);

        assertEquals(2, regions.count());
        assertTrue(regions.isItc(regions.regionAt(164, 164)));
        assertFalse(regions.isItc(regions.regionAt(600, 200)));
        assertEquals(1, regions.countedLesions());
    }

    @Test
    @DisplayName("the major axis of a filled disc is its diameter and of a 1-px-high bar about its length")
    void majorAxisFromMoments() {
        int width = 101;
        boolean[] disc = new boolean[width * width];
        for (int y = 0; y < width; y++) {
            for (int x = 0; x < width; x++) {
                disc[y * width + x] = (x - 50) * (x - 50) + (y - 50) * (y - 50) <= 40 * 40;
            }
        }
        int[] pixels = PixelRegions.components(disc, width, width).getFirst();
        // Variance along x of a uniform disc of radius r is r²/4, so 4·√(r²/4) = 2r = 80.
        assertEquals(80, EvaluationRegions.majorAxisPx(pixels, width), 1.0);
        // A bar of n pixels: variance (n² - 1)/12, so 4·√((n² - 1)/12) ≈ 1.155 n; n = 30 -> 34.6.
        int[] bar = new int[30];
        for (int i = 0; i < bar.length; i++) {
            bar[i] = i;
        }
        assertEquals(4 * Math.sqrt((30.0 * 30 - 1) / 12), EvaluationRegions.majorAxisPx(bar, width), 1e-9);
    }

    @Test
    @DisplayName("a ring of tumour is filled, so a detection in its hole hits it")
    void holesAreFilled() {
        // A 40 px ring, 2 px thick, around a 36 px hole: the hole is far wider than the 37.5 µm growth.
        EvaluationRegions regions = EvaluationRegions.of(Masks.of(100, 100, 8,
                box(10, 10, 49, 11), box(10, 48, 49, 49), box(10, 10, 11, 49), box(48, 10, 49, 49)), 1, 8);

        assertEquals(1, regions.count());
        assertEquals(1, regions.regionAt(240, 240));
    }
}
