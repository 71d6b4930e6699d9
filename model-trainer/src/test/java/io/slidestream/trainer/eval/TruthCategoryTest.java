package io.slidestream.trainer.eval;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.slidestream.trainer.eval.Masks.box;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TruthCategoryTest {

    /** 10 µm mask pixels: 1 µm per level-0 pixel, 10 level-0 pixels per mask pixel. */
    private static String category(int[]... lesions) {
        return TruthCategory.of(Masks.of(200, 200, 10, lesions), 1);
    }

    @Test
    @DisplayName("the largest diameter of the largest region decides, corner to corner, on the aggregator's bounds")
    void categoriesByHand() {
        // A bar of n x 1 pixels spans corner to corner √(n² + 1) pixels of 10 µm:
        // n = 19: √362 · 10 = 190.3 µm < 200 -> ITC; n = 20: √401 · 10 = 200.2 µm -> MICRO.
        assertEquals("NEGATIVE", category());
        assertEquals("ITC", category(box(0, 0, 18, 0)));
        assertEquals("MICRO", category(box(0, 0, 19, 0)));
        // A square of n pixels spans n√2 pixels: n = 141 -> 1994 µm (MICRO); n = 142 -> 2008 µm (MACRO).
        assertEquals("MICRO", category(box(0, 0, 140, 140)));
        assertEquals("MACRO", category(box(0, 0, 141, 141)));
        // Several regions: the largest one decides (a 19-px ITC bar beside a 20-px micrometastasis).
        assertEquals("MICRO", category(box(0, 0, 18, 0), box(0, 10, 19, 10)));
    }

    @Test
    @DisplayName("diagonal neighbours join one region, so a diagonal chain is measured end to end")
    void diagonalPixelsJoin() {
        // 15 pixels on a diagonal: one region spanning 15√2 · 10 = 212 µm -> MICRO (alone each is 14 µm, ITC).
        int[][] chain = new int[15][];
        for (int k = 0; k < 15; k++) {
            chain[k] = box(k, k, k, k);
        }
        assertEquals("MICRO", category(chain));
    }
}
