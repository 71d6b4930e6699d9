package io.slidestream.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinaryMetricsTest {

    private static final double EXACT = 1e-12;

    @Test
    @DisplayName("confusion counts and ratios at the threshold match a hand count")
    void countsAndRatios() {
        // Scores ≥ 0.5 are predicted tumour: TP = 0.9, 0.8, 0.6; FN = 0.3; FP = 0.7; TN = 0.4, 0.2, 0.1.
        float[] p = {0.9f, 0.8f, 0.6f, 0.3f, 0.7f, 0.4f, 0.2f, 0.1f};
        boolean[] y = {true, true, true, true, false, false, false, false};

        BinaryMetrics m = BinaryMetrics.of(p, y, 0.5);

        assertEquals(3, m.truePositives());
        assertEquals(1, m.falseNegatives());
        assertEquals(1, m.falsePositives());
        assertEquals(3, m.trueNegatives());
        assertEquals(6.0 / 8, m.accuracy(), EXACT);
        assertEquals(3.0 / 4, m.recall(), EXACT);
        assertEquals(3.0 / 4, m.precision(), EXACT);
        assertEquals(3.0 / 4, m.f1(), EXACT);
        // Of the 16 positive/negative pairs (0.6 vs 0.7), (0.3 vs 0.7) and (0.3 vs 0.4) are ordered wrongly: 13/16.
        assertEquals(13.0 / 16, m.auc(), EXACT);
    }

    @Test
    @DisplayName("a score equal to the threshold counts as tumour")
    void thresholdIsInclusive() {
        BinaryMetrics m = BinaryMetrics.of(new float[] {0.5f, 0.49f}, new boolean[] {true, false}, 0.5);

        assertEquals(1, m.truePositives());
        assertEquals(1, m.trueNegatives());
    }

    @Test
    @DisplayName("tied scores count half in the AUC")
    void tiesCountHalf() {
        // Pairs: (0.8 vs 0.5) right, (0.8 vs 0.2) right, (0.5 vs 0.5) tie, (0.5 vs 0.2) right: 3.5 / 4.
        float[] p = {0.8f, 0.5f, 0.5f, 0.2f};
        boolean[] y = {true, true, false, false};

        assertEquals(3.5 / 4, BinaryMetrics.of(p, y, 0.5).auc(), EXACT);
        assertEquals(0.5, BinaryMetrics.of(new float[] {0.3f, 0.3f, 0.3f}, new boolean[] {true, false, true}, 0.5).auc(), EXACT);
    }

    @Test
    @DisplayName("perfect and inverted rankings give AUC 1 and 0; one class only gives NaN")
    void extremes() {
        boolean[] y = {false, false, true, true};

        assertEquals(1.0, BinaryMetrics.of(new float[] {0.1f, 0.2f, 0.8f, 0.9f}, y, 0.5).auc(), EXACT);
        assertEquals(0.0, BinaryMetrics.of(new float[] {0.9f, 0.8f, 0.2f, 0.1f}, y, 0.5).auc(), EXACT);
        assertTrue(Double.isNaN(BinaryMetrics.of(new float[] {0.1f, 0.9f}, new boolean[] {true, true}, 0.5).auc()));
    }

    @Test
    @DisplayName("ratios with nothing to divide by are 0, not NaN")
    void emptyDenominators() {
        BinaryMetrics m = BinaryMetrics.of(new float[] {0.1f, 0.2f}, new boolean[] {false, false}, 0.5);

        assertEquals(1.0, m.accuracy(), EXACT);
        assertEquals(0.0, m.recall(), EXACT);
        assertEquals(0.0, m.precision(), EXACT);
        assertEquals(0.0, m.f1(), EXACT);
    }

    @Test
    @DisplayName("JSON carries the counts and the derived figures")
    void json() throws Exception {
        String json = new ObjectMapper().writeValueAsString(new BinaryMetrics(3, 1, 3, 1, 0.875));

        assertTrue(json.contains("\"recall\":0.75"), json);
        assertTrue(json.contains("\"truePositives\":3"), json);
        assertTrue(json.contains("\"auc\":0.875"), json);
    }

    @Test
    void theBestF1ThresholdLiesHalfwayBelowTheLowestScoreCalledTumour() {
        // 3 tumour. Cutting below 0.9: F1 2·1/(1+3) = 0.5; 0.8: 2/5; 0.7: 4/6; 0.6: 6/7 (best); 0.3: 6/8; 0.2: 6/9.
        float[] scores = {0.9f, 0.8f, 0.7f, 0.6f, 0.3f, 0.2f};
        boolean[] labels = {true, false, true, true, false, false};
        assertEquals((0.6f + 0.3f) / 2, BinaryMetrics.bestF1Threshold(scores, labels), 1e-7);
        // Equal F1 (2/3) below 0.9 and below 0.6: the higher threshold, halfway to 0.8.
        assertEquals((0.9f + 0.8f) / 2, BinaryMetrics.bestF1Threshold(new float[] {0.9f, 0.8f, 0.7f, 0.6f},
                new boolean[] {true, false, false, true}), 1e-7);
        // Tied scores are never split: both 0.9s are called, F1 2/3, halfway to 0.1.
        assertEquals(0.5, BinaryMetrics.bestF1Threshold(new float[] {0.9f, 0.9f, 0.1f},
                new boolean[] {true, false, false}), 1e-7);
        assertEquals(0.5, BinaryMetrics.bestF1Threshold(new float[] {0.2f, 0.7f}, new boolean[] {false, false}),
                "one class only: the default");
    }

    @Test
    void normalExamplesThatStandForTenEachRaiseTheThreshold() {
        // The same scores, each normal weighing 10: below 0.9 F1 2·1/(1+3) = 0.5; 0.8: 2/(11+3); 0.7: 4/(12+3);
        // 0.6: 6/(13+3) = 0.375; 0.3: 6/(23+3). Best below 0.9, halfway to 0.8 (unweighted: halfway 0.6-0.3).
        float[] scores = {0.9f, 0.8f, 0.7f, 0.6f, 0.3f, 0.2f};
        boolean[] labels = {true, false, true, true, false, false};
        float[] weights = {1, 10, 1, 1, 10, 10};
        assertEquals((0.9f + 0.8f) / 2, BinaryMetrics.bestF1Threshold(scores, labels, weights), 1e-7);
    }
}
