package io.slidestream.tiler.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.Priority;
import io.slidestream.tiler.tissue.TissueMask;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Picks the grid cells with enough tissue and groups them into batches of neighbouring cells (blocks of
 * edge × edge), so that one worker reads one compact region per batch instead of scattered patches.
 * <p>
 * Unless configured, the edge follows the model's patch size: a batch spans about {@value #EDGE_PIXELS}
 * patch pixels on each side (16 × 16 cells of 64 px, 3 × 3 of 299 px), so a batch's pixels take about the
 * same memory whatever the model, and small patches do not cost a Kafka record, an offset commit and a score
 * record per few milliseconds of scoring (with 8 × 8 cells of 64 px, a third of this machine's CPU went to
 * the broker and the other services; see the README's benchmark).
 */
final class BatchPlanner {
    static final int EDGE_PIXELS = 1024;
    static final int MAX_EDGE = 16;

    private final OptionalInt fixedEdge;
    private final double minTissueFraction;

    /** @param fixedEdge cells on each side of a batch; empty: from the patch size */
    BatchPlanner(OptionalInt fixedEdge, double minTissueFraction) {
        if (fixedEdge.isPresent() && fixedEdge.getAsInt() < 1) {
            throw new IllegalArgumentException("batch edge must be >= 1, got " + fixedEdge.getAsInt());
        }
        this.fixedEdge = fixedEdge;
        this.minTissueFraction = minTissueFraction;
    }

    /** Cells on each side of the grid's batches. */
    int edge(GridGeometry grid) {
        if (fixedEdge.isPresent()) {
            return fixedEdge.getAsInt();
        }
        return Math.clamp(EDGE_PIXELS / grid.patchInput().size(), 1, MAX_EDGE);
    }

    List<PatchBatch> batches(String slideId, String slideRef, GridGeometry grid, TissueMask tissue, Priority priority) {
        int edge = edge(grid);
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
