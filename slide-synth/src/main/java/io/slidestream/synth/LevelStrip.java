package io.slidestream.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

/**
 * One tile row of one pyramid level, the only pixels of that level ever held. Level 0 strips are
 * painted; each lower level fills its strip by 2x2 box-averaging strips of the level above, and is
 * flushed (encoded, written, passed down) when full. Pixels are BGR bytes, padded to whole tiles.
 */
final class LevelStrip {
    private final PyramidLevel level;
    private final BufferedImage image;
    private final byte[] pixels;
    private final int stride;
    /** Fill for the padding beyond the image's right and bottom edges: the glass grey. */
    private final byte pad;
    private int tileRow;
    private int filledRows;

    LevelStrip(PyramidLevel level, byte pad) {
        this.level = level;
        this.pad = pad;
        int paddedWidth = level.tilesAcross() * level.tileSize();
        image = new BufferedImage(paddedWidth, level.tileSize(), BufferedImage.TYPE_3BYTE_BGR);
        pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        stride = 3 * paddedWidth;
        Arrays.fill(pixels, pad);
    }

    PyramidLevel level() {
        return level;
    }

    byte[] pixels() {
        return pixels;
    }

    int stride() {
        return stride;
    }

    int tileRow() {
        return tileRow;
    }

    /** Image rows this strip holds when full. */
    int validRows() {
        return level.rowsInTileRow(tileRow);
    }

    boolean full() {
        return filledRows == validRows();
    }

    /** A view of one tile of the strip (shares the pixels). */
    BufferedImage tile(int column) {
        return image.getSubimage(column * level.tileSize(), 0, level.tileSize(), level.tileSize());
    }

    /** Records that the whole strip was painted directly (level 0). */
    void markPainted() {
        filledRows = validRows();
    }

    /**
     * Writes the 2x downsample of a full strip of the level above into this strip's next free rows, for
     * the pixels under tile column {@code tileColumn} only, so that columns can be done in parallel. An
     * odd last row or column of the source is averaged with itself, matching the rounded-up level size.
     * Call {@link #commitHalfOf} once all columns are done.
     */
    void downsampleColumn(LevelStrip source, int tileColumn) {
        int sourceRows = source.validRows();
        int sourceWidth = source.level.width();
        byte[] from = source.pixels;
        int rows = (sourceRows + 1) / 2;
        if (filledRows + rows > validRows()) {
            throw new IllegalStateException("level " + level.index() + " strip overflows");
        }
        int firstColumn = tileColumn * level.tileSize();
        int endColumn = Math.min(firstColumn + level.tileSize(), level.width());
        for (int r = 0; r < rows; r++) {
            int top = 2 * r * source.stride;
            int bottom = Math.min(2 * r + 1, sourceRows - 1) * source.stride;
            int to = (filledRows + r) * stride;
            for (int c = firstColumn; c < endColumn; c++) {
                int left = 6 * c;
                int right = 3 * Math.min(2 * c + 1, sourceWidth - 1);
                for (int channel = 0; channel < 3; channel++) {
                    int sum = (from[top + left + channel] & 0xff) + (from[top + right + channel] & 0xff)
                            + (from[bottom + left + channel] & 0xff) + (from[bottom + right + channel] & 0xff);
                    pixels[to + 3 * c + channel] = (byte) ((sum + 2) >> 2);
                }
            }
        }
    }

    /** Copies the strip's image rows into {@code whole}, an image of the whole level, where they belong. */
    void copyInto(BufferedImage whole) {
        byte[] to = ((DataBufferByte) whole.getRaster().getDataBuffer()).getData();
        int wholeStride = 3 * whole.getWidth();
        int top = tileRow * level.tileSize();
        for (int r = 0; r < validRows(); r++) {
            System.arraycopy(pixels, r * stride, to, (top + r) * wholeStride, 3 * level.width());
        }
    }

    /** Counts the rows that {@link #downsampleColumn} wrote for {@code source}. */
    void commitHalfOf(LevelStrip source) {
        filledRows += (source.validRows() + 1) / 2;
    }

    /** Moves on to the next tile row, clearing the padding the next row may not overwrite. */
    void nextTileRow() {
        tileRow++;
        filledRows = 0;
        if (level.index() > 0) {
            Arrays.fill(pixels, pad);
        }
    }
}
