package io.slidestream.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetEvaluationTest {

    private static final double EXACT = 1e-12;

    private static SlideEvaluation slide(String name, float[] p, boolean[] y, MaskOverlap overlap, boolean tumour,
                                         double slideProbability, String truth, String verdict) {
        Froc.SlideCase noLesions = new Froc.SlideCase(EvaluationRegions.of(Masks.of(10, 10, 8), 1, 8), List.of());
        return new SlideEvaluation(name, p, y, overlap, noLesions, tumour, slideProbability, truth, verdict);
    }

    private static final float[] NONE = {};
    private static final boolean[] NO_LABELS = {};

    /** Five slides; the FROC is left out (no lesions here, FrocTest covers it). */
    private static SetEvaluation fiveSlides() {
        return SetEvaluation.of(List.of(
                slide("s1", new float[]{0.2f}, new boolean[]{false}, new MaskOverlap(0, 0, 0), false, 0.1, "NEGATIVE", "NEGATIVE"),
                slide("s2", NONE, NO_LABELS, new MaskOverlap(0, 0, 4), true, 0.4, "ITC", "NEGATIVE"),
                slide("s3", new float[]{0.9f, 0.3f}, new boolean[]{true, true}, new MaskOverlap(6, 8, 10), true, 0.8,
                        "MICRO", "MICRO"),
                slide("s4", NONE, NO_LABELS, new MaskOverlap(9, 10, 10), true, 0.9, "MACRO", "UNKNOWN"),
                slide("s5", NONE, NO_LABELS, new MaskOverlap(0, 2, 0), false, 0.4, "NEGATIVE", "ITC")), 0.5);
    }

    @Test
    @DisplayName("slide AUC with a tie, category accuracy and mean Dice / IoU over five slides match a hand count")
    void setFiguresByHand() {
        SetEvaluation set = fiveSlides();

        // Slide AUC: tumour slides s2 0.4, s3 0.8, s4 0.9 vs negative s1 0.1, s5 0.4.
        // s2 beats s1 (1), ties s5 (0.5); s3 and s4 beat both (2 + 2): 5.5 of 6 pairs = 11/12.
        assertEquals(11.0 / 12, set.slideAuc(), EXACT);
        // Categories right: s1 and s3; s2 (ITC missed), s4 (UNKNOWN is never right), s5 wrong: 2/5.
        assertEquals(2.0 / 5, set.categoryAccuracy(), EXACT);
        // Dice: s1 1 (both empty), s2 0, s3 2·6/(8+10) = 2/3, s4 2·9/20 = 9/10, s5 0 -> (1 + 2/3 + 9/10)/5 = 77/150.
        assertEquals(77.0 / 150, set.meanDice(), EXACT);
        // IoU: 1, 0, 6/12, 9/11, 0 -> (1 + 1/2 + 9/11)/5 = 51/110.
        assertEquals(51.0 / 110, set.meanIou(), EXACT);
        // Patches pooled: 0.2 F, 0.9 T, 0.3 T at 0.5 -> TP 1, FN 1, TN 1, FP 0; both tumour patches outscore the normal one.
        assertEquals(1, set.patches().truePositives());
        assertEquals(1, set.patches().falseNegatives());
        assertEquals(1, set.patches().trueNegatives());
        assertEquals(0, set.patches().falsePositives());
        assertEquals(1, set.patches().auc(), EXACT);
    }

    @Test
    @DisplayName("eval.json carries the figures, and a figure that cannot be computed is null, not NaN")
    void jsonWithNulls() throws Exception {
        JsonNode json = new ObjectMapper().readTree(fiveSlides().json());

        assertEquals(5, json.get("slides").asInt());
        assertEquals(11.0 / 12, json.get("slideAuc").asDouble(), EXACT);
        assertEquals(0.5, json.at("/patch/recall").asDouble(), EXACT);
        assertEquals(1, json.at("/patch/confusion/truePositives").asInt());
        assertTrue(json.at("/froc/score").isNull(), "no lesion to find, so no FROC");
        assertEquals("UNKNOWN", json.at("/perSlide/3/predictedCategory").asText());
        assertEquals(2.0 / 3, json.at("/perSlide/2/dice").asDouble(), EXACT);
    }
}
