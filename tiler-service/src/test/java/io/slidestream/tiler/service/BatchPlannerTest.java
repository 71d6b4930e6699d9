package io.slidestream.tiler.service;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.Priority;
import io.slidestream.tiler.tissue.TissueMask;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchPlannerTest {
    private static final int COLS = 50;
    private static final int ROWS = 40;

    @Test
    void unconfiguredBatchesSpanAboutAThousandPatchPixelsASide() {
        BatchPlanner planner = new BatchPlanner(OptionalInt.empty(), 0.5);
        assertEquals(16, planner.edge(grid(64)), "1024 / 64");
        assertEquals(10, planner.edge(grid(96)), "1024 / 96, rounded down");
        assertEquals(3, planner.edge(grid(299)), "1024 / 299, rounded down");
        assertEquals(1, planner.edge(grid(2048)), "a patch wider than the target still makes batches of one");
        assertEquals(16, planner.edge(grid(32)), "at most 16 cells a side");
    }

    @Test
    void aConfiguredEdgeWinsOverThePatchSize() {
        assertEquals(5, new BatchPlanner(OptionalInt.of(5), 0.5).edge(grid(64)));
        assertThrows(IllegalArgumentException.class, () -> new BatchPlanner(OptionalInt.of(0), 0.5));
    }

    @Test
    void everyTissueCellIsInExactlyOneBatchOfNeighbours() {
        GridGeometry grid = grid(64);
        List<PatchBatch> batches = new BatchPlanner(OptionalInt.empty(), 0.5)
                .batches("s", "s.tiff", grid, tissueOnTheLeftHalf(grid), Priority.ROUTINE);
        Set<String> cells = new HashSet<>();
        for (PatchBatch batch : batches) {
            assertTrue(batch.patches().size() <= 16 * 16, "batch " + batch.batchIndex() + " is one block");
            int blockCol = batch.patches().getFirst().col() / 16;
            int blockRow = batch.patches().getFirst().row() / 16;
            for (PatchBatch.PatchRef patch : batch.patches()) {
                assertEquals(blockCol, patch.col() / 16, "same block column");
                assertEquals(blockRow, patch.row() / 16, "same block row");
                assertTrue(patch.col() < COLS / 2, "tissue cells only");
                assertTrue(cells.add(patch.col() + "," + patch.row()), "cell planned twice");
            }
        }
        assertEquals(COLS / 2 * ROWS, cells.size(), "every tissue cell");
        // Columns 0-24 in blocks of 16: two block columns, three block rows (40 rows).
        assertEquals(6, batches.size());
    }

    private static GridGeometry grid(int patchPixels) {
        return new GridGeometry("test", patchPixels, COLS, ROWS,
                List.of(new InputGeometry("patch", InputRole.PATCH, patchPixels, 0.5, 1.0, 0, 1.0, patchPixels)));
    }

    /** A thumbnail at one pixel per cell, tissue in the left half. */
    private static TissueMask tissueOnTheLeftHalf(GridGeometry grid) {
        boolean[] tissue = new boolean[COLS * ROWS];
        for (int row = 0; row < ROWS; row++) {
            Arrays.fill(tissue, row * COLS, row * COLS + COLS / 2, true);
        }
        return new TissueMask(COLS, ROWS, grid.cellSize(), tissue);
    }
}
