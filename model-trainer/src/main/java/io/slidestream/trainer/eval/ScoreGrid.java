package io.slidestream.trainer.eval;

import io.slidestream.core.grid.PixelRegions;

import java.util.ArrayList;
import java.util.List;

/**
 * A slide's patch scores on the aggregator's grid: cell (col, row) covers the level-0 rectangle its
 * scores.csv row gives; cells without a row have no score (NaN).
 *
 * @param cells row-major, {@code cols × rows}
 */
public record ScoreGrid(int cols, int rows, Cell[] cells) {

    /** One scored cell: its level-0 rectangle and tumour probability. */
    public record Cell(long x, long y, long width, long height, float probability) {
        double centreX() {
            return x + width / 2.0;
        }

        double centreY() {
            return y + height / 2.0;
        }
    }

    public ScoreGrid {
        if (cells.length != cols * rows) {
            throw new IllegalArgumentException(cells.length + " cells for a " + cols + "x" + rows + " grid");
        }
    }

    /** Scored cells in row-major order. */
    public List<Cell> scored() {
        List<Cell> scored = new ArrayList<>();
        for (Cell cell : cells) {
            if (cell != null) {
                scored.add(cell);
            }
        }
        return scored;
    }

    /**
     * Lesions as the CAMELYON16 entries reported them: the cells scoring at least {@code threshold},
     * 8-connected, one detection per component at its highest-scoring cell with that score. The peak, not
     * the centroid, is the location, because the centroid of a curved or ring-shaped component can fall
     * outside both it and the lesion it found.
     */
    public List<Detection> detections(double threshold) {
        boolean[] above = new boolean[cells.length];
        for (int i = 0; i < cells.length; i++) {
            above[i] = cells[i] != null && cells[i].probability() >= threshold;
        }
        List<Detection> detections = new ArrayList<>();
        for (int[] component : PixelRegions.components(above, cols, rows)) {
            Cell peak = cells[component[0]];
            for (int index : component) {
                if (cells[index].probability() > peak.probability()) {
                    peak = cells[index];
                }
            }
            detections.add(new Detection(peak.centreX(), peak.centreY(), peak.probability()));
        }
        return detections;
    }
}
