package io.slidestream.aggregator.stitching;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.ScoreBatch.PatchScore;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The scores of one slide's patch grid, row-major. A cell keeps the first score it gets: Kafka delivers at
 * least once, so a redelivered or re-sent batch must not count a patch twice.
 */
public final class ScoreGrid {
    private final int cols;
    private final int rows;
    /** NaN where no score has arrived. */
    private final float[] scores;
    private final BitSet scored;
    private int scoredCount;

    public ScoreGrid(int cols, int rows) {
        if (cols < 1 || rows < 1) {
            throw new IllegalArgumentException("grid must have at least one cell, got " + cols + "x" + rows);
        }
        this.cols = cols;
        this.rows = rows;
        this.scores = new float[Math.multiplyExact(cols, rows)];
        Arrays.fill(scores, Float.NaN);
        this.scored = new BitSet(scores.length);
    }

    public static ScoreGrid of(GridGeometry geometry) {
        return new ScoreGrid(geometry.cols(), geometry.rows());
    }

    private ScoreGrid(ScoreGrid other) {
        this.cols = other.cols;
        this.rows = other.rows;
        this.scores = other.scores.clone();
        this.scored = (BitSet) other.scored.clone();
        this.scoredCount = other.scoredCount;
    }

    /** An independent copy, to render or serialise outside the slide's lock. */
    public ScoreGrid copy() {
        return new ScoreGrid(this);
    }

    /**
     * Records the scores of one batch, all or none: a cell outside the grid rejects the whole batch.
     *
     * @return how many of them were already scored (duplicates, ignored)
     */
    public int record(List<PatchScore> batch) {
        for (PatchScore patch : batch) {
            requireInside(patch.col(), patch.row());
        }
        int duplicates = 0;
        for (PatchScore patch : batch) {
            int index = patch.row() * cols + patch.col();
            if (scored.get(index)) {
                duplicates++;
            } else {
                scored.set(index);
                scores[index] = patch.score();
                scoredCount++;
            }
        }
        return duplicates;
    }

    public int cols() {
        return cols;
    }

    public int rows() {
        return rows;
    }

    /** Distinct cells with a score. */
    public int scoredCount() {
        return scoredCount;
    }

    /** The score of a cell, NaN when it has none. */
    public float score(int col, int row) {
        requireInside(col, row);
        return scores[row * cols + col];
    }

    /** Cells scoring at least {@code threshold}. */
    public int countAtLeast(double threshold) {
        int count = 0;
        for (int i = scored.nextSetBit(0); i >= 0; i = scored.nextSetBit(i + 1)) {
            if (scores[i] >= threshold) {
                count++;
            }
        }
        return count;
    }

    /** The highest score, NaN when nothing is scored yet. */
    public float maxScore() {
        float max = Float.NaN;
        for (int i = scored.nextSetBit(0); i >= 0; i = scored.nextSetBit(i + 1)) {
            if (Float.isNaN(max) || scores[i] > max) {
                max = scores[i];
            }
        }
        return max;
    }

    private void requireInside(int col, int row) {
        if (col < 0 || row < 0 || col >= cols || row >= rows) {
            throw new IllegalArgumentException("cell (" + col + ", " + row + ") outside a " + cols + "x" + rows + " grid");
        }
    }
}
