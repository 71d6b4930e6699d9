package io.slidestream.core.events;

/**
 * The patch grid of one slide. Cell (col, row) is the patch whose top-left corner lies at level-0
 * pixel (col, row) * patchSize * downsample; patches tile the analysis level without overlap.
 *
 * @param level              OpenSlide level the patches are read at
 * @param downsample         that level's downsample relative to level 0
 * @param patchSize          patch edge in pixels of {@code level}
 * @param contextLevel       coarser level of the same-centre context patch (same edge in its pixels)
 * @param contextDownsample  that level's downsample
 * @param cols               grid columns
 * @param rows               grid rows
 */
public record GridGeometry(int level, double downsample, int patchSize,
                           int contextLevel, double contextDownsample, int cols, int rows) {

    /** Level-0 x of the left edge of column {@code col}. */
    public long originX(int col) {
        return Math.round(col * patchSize * downsample);
    }

    /** Level-0 y of the top edge of row {@code row}. */
    public long originY(int row) {
        return Math.round(row * patchSize * downsample);
    }

    /** Level-0 edge of one patch. */
    public double patchSizeLevel0() {
        return patchSize * downsample;
    }

    /** Level-0 x of the context patch of a patch whose top-left is {@code x}: same centre, coarser level. */
    public long contextOriginX(long x) {
        return Math.round(x + patchSizeLevel0() / 2 - patchSize * contextDownsample / 2);
    }

    /** Level-0 y of the context patch of a patch whose top-left is {@code y}. */
    public long contextOriginY(long y) {
        return Math.round(y + patchSizeLevel0() / 2 - patchSize * contextDownsample / 2);
    }

    public int cellCount() {
        return cols * rows;
    }

    /** Row-major index of a cell, the key the aggregator counts each patch once by. */
    public int cellIndex(int col, int row) {
        if (col < 0 || row < 0 || col >= cols || row >= rows) {
            throw new IllegalArgumentException("cell (" + col + ", " + row + ") outside a " + cols + "x" + rows + " grid");
        }
        return row * cols + col;
    }
}
