package io.slidestream.trainer.eval;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MaskOverlapTest {

    private static final double EXACT = 1e-12;

    private static boolean[] pixels(String rows) {
        String bits = rows.replace(" ", "");
        boolean[] mask = new boolean[bits.length()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = bits.charAt(i) == '#';
        }
        return mask;
    }

    @Test
    @DisplayName("on a 4 x 3 grid, 3 predicted and 4 true pixels sharing 2 give Dice 4/7 and IoU 2/5")
    void partialOverlap() {
        // predicted      truth
        // ##..           .##.
        // .#..           .##.
        // ....           ....
        // |P| = 3, |T| = 4, |P ∩ T| = 2 (row 0 col 1, row 1 col 1), |P ∪ T| = 5.
        // Dice = 2·2 / (3 + 4) = 4/7; IoU = 2/5.
        MaskOverlap overlap = MaskOverlap.of(pixels("##.. .#.. ...."), pixels(".##. .##. ...."));

        assertEquals(2, overlap.intersection());
        assertEquals(4.0 / 7, overlap.dice(), EXACT);
        assertEquals(2.0 / 5, overlap.iou(), EXACT);
    }

    @Test
    @DisplayName("identical masks score 1, disjoint ones 0, and a negative slide called negative scores 1")
    void extremes() {
        assertEquals(1, MaskOverlap.of(pixels("#..#"), pixels("#..#")).dice(), EXACT);
        assertEquals(1, MaskOverlap.of(pixels("#..#"), pixels("#..#")).iou(), EXACT);
        assertEquals(0, MaskOverlap.of(pixels("##.."), pixels("..##")).dice(), EXACT);
        assertEquals(0, MaskOverlap.of(pixels("##.."), pixels("..##")).iou(), EXACT);
        assertEquals(1, MaskOverlap.of(pixels("...."), pixels("....")).dice(), EXACT);
        assertEquals(1, MaskOverlap.of(pixels("...."), pixels("....")).iou(), EXACT);
        assertEquals(0, MaskOverlap.of(pixels("#..."), pixels("....")).dice(), EXACT, "a false alarm on a negative slide");
    }

    @Test
    @DisplayName("masks of different sizes are refused")
    void sizesMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> MaskOverlap.of(pixels("##"), pixels("###")));
    }
}
