package io.slidestream.tiler.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.Priority;
import io.slidestream.tiler.tissue.TissueMask;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the grid cells with enough tissue and groups them into batches of neighbouring cells (blocks of
 * edge × edge), so that one worker reads one compact region per batch instead of scattered patches.
 */
final class BatchPlanner {
    private final int edge;
    private final double minTissueFraction;

    BatchPlanner(int edge, double minTissueFraction) {
        if (edge < 1) {
            throw new IllegalArgumentException("batch edge must be >= 1, got " + edge);
        }
        this.edge = edge;
        this.minTissueFraction = minTissueFraction;
    }

    List<PatchBatch> batches(String slideId, String slideRef, GridGeometry grid, TissueMask tissue, Priority priority) {
        double cell = grid.cellSize();
        List<PatchBatch> batches = new ArrayList<>();
        for (int blockRow = 0; blockRow < grid.rows(); blockRow += edge) {
            for (int blockCol = 0; blockCol < grid.cols(); blockCol += edge) {
                List<PatchRef> patches = new ArrayList<>();
                for (int row = blockRow; row < Math.min(blockRow + edge, grid.rows()); row++) {
                    for (int col = blockCol; col < Math.min(blockCol + edge, grid.cols()); col++) {
                        long x = grid.originX(col);
                        long y = grid.originY(row);
                        if (tissue.fraction(x, y, cell, cell) >= minTissueFraction) {
                            patches.add(new PatchRef(col, row, x, y));
                        }
                    }
                }
                if (!patches.isEmpty()) {
                    batches.add(new PatchBatch(Contract.SCHEMA_VERSION, slideId, slideRef, batches.size(), grid,
                            priority, List.copyOf(patches)));
                }
            }
        }
        return batches;
    }
}
