package io.slidestream.aggregator.results;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.SlideManifest;

import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.SlideDescription;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the results of one finished slide are made from: plain values, no storage.
 *
 * @param manifest         the slide's manifest (geometry, grid, mpp)
 * @param scores           tumour probabilities, row-major ({@code scores[row * cols + col]}), NaN where the
 *                         cell has no score (off tissue, or its patch failed); not copied, so do not change it
 *                         afterwards
 * @param threshold        a cell is tumour when its score is at least this
 * @param modelId          the model that scored the slide
 * @param timings          when the slide reached each state, by state name
 * @param duplicateScores  scores that arrived again for an already scored cell (redeliveries), ignored
 * @param patchesFailed    patches whose pixels could not be read, so they have no score: tumour there is unseen
 * @param subCells         for a slide scored with probability maps, the finer raster they stitch into; null for
 *                         one score per patch
 */
public record CompletedSlide(SlideManifest manifest, float[] scores, double threshold, String modelId,
                             Map<String, Instant> timings, int duplicateScores, int patchesFailed, SubCells subCells) {

    /**
     * Each grid cell split into {@code edge} × {@code edge} sub-cells: {@code scores} is the
     * {@code (cols · edge) × (rows · edge)} raster, row-major, of their probabilities (a cell's map, or its score
     * in each sub-cell where it has none), NaN where the cell has no score; not copied.
     */
    public record SubCells(int edge, float[] scores) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SubCells that && edge == that.edge && java.util.Arrays.equals(scores, that.scores);
        }

        @Override
        public int hashCode() {
            return 31 * edge + java.util.Arrays.hashCode(scores);
        }

        @Override
        public String toString() {
            return "SubCells[" + edge + "x" + edge + " per cell]";
        }
    }

    public CompletedSlide {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(scores, "scores");
        GridGeometry grid = Objects.requireNonNull(manifest.grid(), "manifest.grid");
        if (scores.length != grid.cellCount()) {
            throw new IllegalArgumentException("a " + grid.cols() + "x" + grid.rows() + " grid has "
                    + grid.cellCount() + " cells, got " + scores.length + " scores");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
        if (subCells != null && (subCells.edge() < 1
                || subCells.scores().length != (long) grid.cellCount() * subCells.edge() * subCells.edge())) {
            throw new IllegalArgumentException("a " + grid.cols() + "x" + grid.rows() + " grid of " + subCells.edge()
                    + "x" + subCells.edge() + " sub-cells does not have " + subCells.scores().length + " of them");
        }
        timings = timings == null ? Map.of() : Map.copyOf(timings);
    }

    /** A slide scored with one probability per patch. */
    public CompletedSlide(SlideManifest manifest, float[] scores, double threshold, String modelId,
                          Map<String, Instant> timings, int duplicateScores, int patchesFailed) {
        this(manifest, scores, threshold, modelId, timings, duplicateScores, patchesFailed, null);
    }

    /** A slide none of whose patches failed. */
    public CompletedSlide(SlideManifest manifest, float[] scores, double threshold, String modelId,
                          Map<String, Instant> timings, int duplicateScores) {
        this(manifest, scores, threshold, modelId, timings, duplicateScores, 0);
    }

    /**
     * The slide at the finest resolution it was scored at, which the mask, heatmap and lesions are drawn on:
     * itself for one score per patch; with probability maps, the same slide whose grid is the sub-cell grid
     * (cell size / edge, cols · edge by rows · edge, on the same level-0 frame) and whose scores are the
     * sub-cells'. Patch counts (the manifest's, the failed ones) stay those of patches.
     */
    public CompletedSlide finest() {
        if (subCells == null) {
            return this;
        }
        int edge = subCells.edge();
        GridGeometry grid = grid();
        GridGeometry fine = new GridGeometry(grid.profile(), grid.cellSize() / edge, grid.cols() * edge,
                grid.rows() * edge, grid.inputs());
        SlideManifest m = manifest;
        SlideManifest onSubCells = new SlideManifest(m.schemaVersion(), m.slideId(), m.slideRef(), m.slide(), fine,
                m.patchCount(), m.batchCount(), m.tissue(), m.priority(), m.createdAt());
        return new CompletedSlide(onSubCells, subCells.scores(), threshold, modelId, timings, duplicateScores,
                patchesFailed, null);
    }

    /** Sub-cells each way of a grid cell: 1 for a slide scored with one probability per patch. */
    public int subCellEdge() {
        return subCells == null ? 1 : subCells.edge();
    }

    public GridGeometry grid() {
        return manifest.grid();
    }

    public int cols() {
        return grid().cols();
    }

    public int rows() {
        return grid().rows();
    }

    /** The score of cell (col, row), NaN when it has none. */
    public float score(int col, int row) {
        return scores[grid().cellIndex(col, row)];
    }

    /** Whether the cell's score reaches the threshold (never for a cell without a score). */
    public boolean isTumour(int cellIndex) {
        return scores[cellIndex] >= threshold;
    }

    /**
     * Level-0 microns per pixel, or 0 when nothing about the slide states it: a missing or non-positive mpp,
     * or one the tiler only assumed (its configured default), which must not turn into millimetres a
     * pathologist would stage by.
     */
    public double mpp() {
        SlideDescription slide = manifest.slide();
        if (slide == null || slide.mppSource() == MppSource.CONFIGURED_DEFAULT) {
            return 0;
        }
        return slide.mpp() > 0 && Double.isFinite(slide.mpp()) ? slide.mpp() : 0;
    }

    public boolean hasMpp() {
        return mpp() > 0;
    }

    public int scoredCount() {
        int count = 0;
        for (float score : scores) {
            count += Float.isNaN(score) ? 0 : 1;
        }
        return count;
    }

    public int tumourCount() {
        int count = 0;
        for (float score : scores) {
            count += score >= threshold ? 1 : 0;
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CompletedSlide that && manifest.equals(that.manifest)
                && java.util.Arrays.equals(scores, that.scores) && threshold == that.threshold
                && Objects.equals(modelId, that.modelId) && timings.equals(that.timings)
                && duplicateScores == that.duplicateScores && patchesFailed == that.patchesFailed
                && Objects.equals(subCells, that.subCells);
    }

    @Override
    public int hashCode() {
        return Objects.hash(manifest, java.util.Arrays.hashCode(scores), threshold, modelId, timings, duplicateScores,
                patchesFailed, subCells);
    }

    @Override
    public String toString() {
        return "CompletedSlide[" + manifest.slideId() + ", " + cols() + "x" + rows() + " cells"
                + (subCells == null ? "" : " of " + subCellEdge() + "x" + subCellEdge() + " sub-cells") + ", threshold "
                + threshold + ", model " + modelId + "]";
    }
}
