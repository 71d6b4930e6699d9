package io.slidestream.aggregator.stitching;

import io.slidestream.core.events.ScoreBatch.PatchScore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreGridTest {

    @Test
    void a_cell_scored_twice_keeps_its_first_score_and_counts_once() {
        ScoreGrid grid = new ScoreGrid(3, 2);

        assertEquals(0, grid.record(List.of(new PatchScore(1, 1, 0.8f))));
        assertEquals(1, grid.record(List.of(new PatchScore(1, 1, 0.2f), new PatchScore(0, 0, 0.3f))));

        assertEquals(2, grid.scoredCount());
        assertEquals(0.8f, grid.score(1, 1));
        assertTrue(Float.isNaN(grid.score(2, 0)));
    }

    @Test
    void a_batch_with_a_cell_outside_the_grid_records_nothing() {
        ScoreGrid grid = new ScoreGrid(3, 2);

        assertThrows(IllegalArgumentException.class,
                () -> grid.record(List.of(new PatchScore(0, 0, 0.5f), new PatchScore(3, 0, 0.5f))));

        assertEquals(0, grid.scoredCount());
        assertTrue(Float.isNaN(grid.score(0, 0)));
    }

    @Test
    void tumour_cells_are_those_at_or_above_the_threshold() {
        ScoreGrid grid = new ScoreGrid(2, 2);
        grid.record(List.of(new PatchScore(0, 0, 0.5f), new PatchScore(1, 0, 0.49f), new PatchScore(0, 1, 0.93f)));

        assertEquals(2, grid.countAtLeast(0.5));
        assertEquals(0.93f, grid.maxScore());
    }

    @Test
    void an_empty_grid_has_no_maximum() {
        assertTrue(Float.isNaN(new ScoreGrid(2, 2).maxScore()));
    }

    @Test
    void a_copy_does_not_see_later_scores() {
        ScoreGrid grid = new ScoreGrid(2, 1);
        ScoreGrid copy = grid.copy();

        grid.record(List.of(new PatchScore(0, 0, 0.7f)));

        assertEquals(0, copy.scoredCount());
        assertTrue(Float.isNaN(copy.score(0, 0)));
    }
}
