package io.slidestream.tiler.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideException;
import io.slidestream.tiler.config.TilerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays the patch grid over the analysis level and groups the tissue patches into batches of
 * neighbouring cells (blocks of batch-edge × batch-edge), so that one worker reads one compact region
 * per batch instead of scattered patches.
 */
@ApplicationScoped
public class PatchGridPlanner {
    private final TilerConfig config;

    public PatchGridPlanner(TilerConfig config) {
        this.config = config;
    }

    public GridGeometry grid(Slide slide) {
        int level = config.level();
        int contextLevel = level + config.contextLevelOffset();
        if (contextLevel >= slide.levelCount()) {
            throw new SlideException(slide.path(), "the analysis needs level " + level + " and context level "
                    + contextLevel + ", but the slide has " + slide.levelCount() + " level(s)");
        }
        int patchSize = config.patchSize();
        int cols = (int) (slide.levelWidth(level) / patchSize);
        int rows = (int) (slide.levelHeight(level) / patchSize);
        if (cols == 0 || rows == 0) {
            throw new SlideException(slide.path(), "level " + level + " (" + slide.levelWidth(level) + "x"
                    + slide.levelHeight(level) + ") is smaller than one " + patchSize + " px patch");
        }
        return new GridGeometry(level, slide.levelDownsample(level), patchSize, contextLevel,
                slide.levelDownsample(contextLevel), cols, rows);
    }

    public List<PatchBatch> batches(String slideId, String slidePath, GridGeometry grid, TissueMap tissue) {
        int edge = config.batchEdge();
        double minFraction = config.tissue().minFraction();
        double size0 = grid.patchSizeLevel0();
        List<PatchBatch> batches = new ArrayList<>();
        for (int blockRow = 0; blockRow < grid.rows(); blockRow += edge) {
            for (int blockCol = 0; blockCol < grid.cols(); blockCol += edge) {
                List<PatchRef> patches = new ArrayList<>();
                for (int row = blockRow; row < Math.min(blockRow + edge, grid.rows()); row++) {
                    for (int col = blockCol; col < Math.min(blockCol + edge, grid.cols()); col++) {
                        long x = grid.originX(col);
                        long y = grid.originY(row);
                        if (tissue.fraction(x, y, size0, size0) >= minFraction) {
                            patches.add(new PatchRef(col, row, x, y));
                        }
                    }
                }
                if (!patches.isEmpty()) {
                    batches.add(new PatchBatch(Contract.SCHEMA_VERSION, slideId, slidePath, batches.size(), grid,
                            List.copyOf(patches)));
                }
            }
        }
        return batches;
    }
}
