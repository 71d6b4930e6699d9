package io.slidestream.trainer.eval;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.slidestream.trainer.eval.Masks.box;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrocTest {

    private static final double EXACT = 1e-12;
    /** 1 µm per level-0 pixel and 8 level-0 pixels per mask pixel: the FROC grid is the mask itself. */
    private static final double MPP = 1;
    private static final double GRID_UM = 8;

    private static EvaluationRegions regions(int width, int height, int[]... lesions) {
        return EvaluationRegions.of(Masks.of(width, height, GRID_UM, lesions), MPP, GRID_UM);
    }

    @Test
    @DisplayName("three slides with a missed lesion, a duplicate, an ITC hit, a negative slide and a tie score 7/12")
    void threeSlidesByHand() {
        // Slide A (200 x 100 mask px of 8 µm): L1 and L2 are 40 px (320 µm) squares, grown by 37.5 µm to ~395 µm:
        // they count. L3 is 2 px (16 µm), grown to ~91 µm < 275 µm: isolated tumour cells.
        EvaluationRegions a = regions(200, 100, box(10, 10, 49, 49), box(100, 10, 139, 49), box(160, 80, 161, 81));
        List<Detection> onA = List.of(
                new Detection(240, 240, 0.9),   // on L1
                new Detection(300, 300, 0.6),   // on L1 again: a duplicate, L1 is found once at 0.9
                new Detection(1285, 645, 0.8),  // on the ITC L3: neither found nor false
                new Detection(800, 600, 0.7),   // mask px (100, 75), below L2's grown edge (~54): false positive
                new Detection(80, 700, 0.35));  // mask px (10, 87): false positive
        // Slide B: no tumour at all, one false positive.
        EvaluationRegions b = regions(100, 100);
        List<Detection> onB = List.of(new Detection(400, 400, 0.2));
        // Slide C: L4 found at 0.35, the same score as a false positive on A.
        EvaluationRegions c = regions(100, 100, box(10, 10, 49, 49));
        List<Detection> onC = List.of(new Detection(240, 240, 0.35));

        Froc.Result froc = Froc.of(List.of(new Froc.SlideCase(a, onA), new Froc.SlideCase(b, onB),
                new Froc.SlideCase(c, onC)));

        // Lesions that count: L1, L2, L4 = 3 (L3 is ITC). Found at: L1 0.9, L4 0.35; L2 missed.
        // False positives: 0.7, 0.35, 0.2 over 3 slides.
        // Thresholds high to low -> (FP per slide, sensitivity):
        //   0.9 -> (0, 1/3); 0.7 -> (1/3, 1/3); 0.35 -> (2/3, 2/3) (FP 0.35 and L4 enter together); 0.2 -> (1, 2/3).
        // At 1/4 FP: between (0, 1/3) and (1/3, 1/3) -> 1/3.
        // At 1/2 FP: between (1/3, 1/3) and (2/3, 2/3) -> 1/3 + (1/2 - 1/3) / (1/3) * (1/3) = 1/2.
        // At 1 FP: 2/3; at 2, 4, 8: past the last point -> 2/3.
        // Score = (1/3 + 1/2 + 4 · 2/3) / 6 = (2 + 3 + 16) / 36 = 7/12.
        assertEquals(3, froc.lesions());
        assertEquals(1, froc.itcLesions());
        assertArrayEquals(new double[]{1.0 / 3, 1.0 / 2, 2.0 / 3, 2.0 / 3, 2.0 / 3, 2.0 / 3}, froc.sensitivities(), EXACT);
        assertEquals(7.0 / 12, froc.score(), EXACT);
        assertEquals(4, froc.curve().size());
        assertEquals(new Froc.Point(0.35, 2.0 / 3, 2.0 / 3), froc.curve().get(2));
    }

    @Test
    @DisplayName("every lesion found with no false positive scores 1; nothing detected scores 0")
    void perfectAndBlind() {
        EvaluationRegions a = regions(100, 100, box(10, 10, 49, 49));

        assertEquals(1, Froc.of(List.of(new Froc.SlideCase(a, List.of(new Detection(240, 240, 0.5))))).score(), EXACT);
        assertEquals(0, Froc.of(List.of(new Froc.SlideCase(a, List.of()))).score(), EXACT);
    }

    @Test
    @DisplayName("with only ITC and negative slides there is no lesion to find, so no FROC score")
    void noCountedLesionGivesNoScore() {
        EvaluationRegions itcOnly = regions(100, 100, box(50, 50, 50, 50));

        Froc.Result froc = Froc.of(List.of(new Froc.SlideCase(itcOnly, List.of(new Detection(404, 404, 0.9)))));

        assertEquals(0, froc.lesions());
        assertEquals(1, froc.itcLesions());
        assertTrue(Double.isNaN(froc.score()));
    }
}
