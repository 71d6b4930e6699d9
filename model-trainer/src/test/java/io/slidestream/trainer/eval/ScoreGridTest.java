package io.slidestream.trainer.eval;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoreGridTest {

    /** A 4 x 3 grid of 100-px cells from scores written row by row; NaN = not scored. */
    private static ScoreGrid grid(float... scores) {
        ScoreGrid.Cell[] cells = new ScoreGrid.Cell[scores.length];
        for (int k = 0; k < scores.length; k++) {
            if (!Float.isNaN(scores[k])) {
                cells[k] = new ScoreGrid.Cell((k % 4) * 100L, (k / 4) * 100L, 100, 100, scores[k]);
            }
        }
        return new ScoreGrid(4, 3, cells);
    }

    @Test
    @DisplayName("cells at or above the threshold form 8-connected lesions, each reported at its peak cell")
    void lesionsAtTheirPeaks() {
        float n = Float.NaN;
        // 0.6 0.9 0.1 0.5
        // 0.1 0.1 0.1 0.1       (0,0)-(1,0) is one lesion, peak 0.9 at cell (1,0) -> centre (150, 50);
        // n   0.1 0.1 0.7       (3,0) alone at 0.5 -> (350, 50); (3,2) alone at 0.7 -> (350, 250).
        ScoreGrid grid = grid(0.6f, 0.9f, 0.1f, 0.5f, 0.1f, 0.1f, 0.1f, 0.1f, n, 0.1f, 0.1f, 0.7f);

        List<Detection> detections = grid.detections(0.5);

        assertEquals(List.of(new Detection(150, 50, 0.9f), new Detection(350, 50, 0.5), new Detection(350, 250, 0.7f)),
                detections);
        assertEquals(11, grid.scored().size());
    }

    @Test
    @DisplayName("cells touching only at a corner are one lesion")
    void diagonalCellsJoin() {
        float n = Float.NaN;
        ScoreGrid grid = grid(0.8f, 0.1f, n, n, 0.1f, 0.95f, n, n, n, n, n, n);

        assertEquals(List.of(new Detection(150, 150, 0.95f)), grid.detections(0.5));
    }
}
