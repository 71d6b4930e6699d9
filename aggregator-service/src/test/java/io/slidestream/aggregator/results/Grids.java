package io.slidestream.aggregator.results;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.model.InputRole;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Made-up completed slides: a grid of cells, all scored 0.1 unless set (or failed). */
final class Grids {
    static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    private final int cols;
    private final int rows;
    private final double cellSize;
    private final float[] scores;
    private double mpp = 0.25;
    private long slideWidth;
    private long slideHeight;
    private int failed;

    private Grids(int cols, int rows, double cellSize) {
        this.cols = cols;
        this.rows = rows;
        this.cellSize = cellSize;
        this.scores = new float[cols * rows];
        Arrays.fill(scores, 0.1f);
        slideWidth = Math.round(cols * cellSize);
        slideHeight = Math.round(rows * cellSize);
    }

    /** A grid of 256 px cells at 0.25 µm/px (64 µm cells). */
    static Grids of(int cols, int rows) {
        return new Grids(cols, rows, 256);
    }

    static Grids of(int cols, int rows, double cellSize) {
        return new Grids(cols, rows, cellSize);
    }

    Grids mpp(double value) {
        mpp = value;
        return this;
    }

    Grids slideSize(long width, long height) {
        slideWidth = width;
        slideHeight = height;
        return this;
    }

    Grids set(int col, int row, float score) {
        scores[row * cols + col] = score;
        return this;
    }

    /** Sets every cell of the block [col0, col1] x [row0, row1], inclusive. */
    Grids block(int col0, int row0, int col1, int row1, float score) {
        for (int row = row0; row <= row1; row++) {
            for (int col = col0; col <= col1; col++) {
                set(col, row, score);
            }
        }
        return this;
    }

    /** A tissue cell whose patch could not be read: no score, but one of the manifest's patches. */
    Grids failed(int col, int row) {
        failed++;
        return set(col, row, Float.NaN);
    }

    Grids offTissue(int col0, int row0, int col1, int row1) {
        return block(col0, row0, col1, row1, Float.NaN);
    }

    CompletedSlide slide() {
        return slide("slide-test");
    }

    CompletedSlide slide(String slideId) {
        GridGeometry grid = new GridGeometry("demo", cellSize, cols, rows, List.of(
                new InputGeometry("patch", InputRole.PATCH, 64, 1.0, 4.0, 0, 4.0, 64)));
        SlideDescription description = new SlideDescription("generic-tiff", slideWidth, slideHeight,
                List.of(new SlideDescription.Level(slideWidth, slideHeight, 1)), mpp, MppSource.SLIDE, 0, 256, 256);
        int scored = 0;
        for (float score : scores) {
            scored += Float.isNaN(score) ? 0 : 1;
        }
        SlideManifest manifest = new SlideManifest(Contract.SCHEMA_VERSION, slideId, "cases/" + slideId + ".tiff",
                description, grid, scored + failed, 1, new SlideManifest.TissueSummary("test", 1, 0.5), Priority.ROUTINE, T0);
        return new CompletedSlide(manifest, scores.clone(), 0.5, "model-x",
                Map.of("QUEUED", T0, "TILING", T0.plusSeconds(1), "SCORING", T0.plusSeconds(2),
                        "COMPLETE", T0.plusSeconds(30)), 3, failed);
    }
}
