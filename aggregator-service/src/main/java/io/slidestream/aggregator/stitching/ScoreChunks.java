package io.slidestream.aggregator.stitching;

import io.slidestream.core.events.GridGeometry;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How a slide's grid is cut into stored chunks: squares of {@value #EDGE}×{@value #EDGE} cells, each one
 * state-store value of {@value #BYTES} bytes. A CAMELYON16-size slide has over a million cells, far more than
 * one Kafka record may hold; a patch batch (a block of at most 16×16 cells) touches one to four chunks, so
 * scoring it rewrites a few KiB, not the slide.
 */
public final class ScoreChunks {
    public static final int EDGE = 32;
    static final int CELLS = EDGE * EDGE;
    static final int BYTES = CELLS * Float.BYTES;
    /**
     * A cell whose patch could not be read (never a probability, which is in [0, 1]). Kept in the chunk
     * beside the scores rather than in a list of its own: a cell is then empty, scored or failed in one
     * place, written, replayed and deleted with its chunk, and the slide record stays small however many
     * patches fail. {@link #read} is the only way out of the chunks and turns it into NaN, so nothing
     * downstream (verdict, images, CSV) can take it for a score.
     */
    static final float FAILED = -1f;

    private final int cols;
    private final int rows;
    private final int across;

    public ScoreChunks(int cols, int rows) {
        this.cols = cols;
        this.rows = rows;
        this.across = ceilDiv(cols, EDGE);
    }

    public static ScoreChunks of(GridGeometry grid) {
        return new ScoreChunks(grid.cols(), grid.rows());
    }

    public int cols() {
        return cols;
    }

    public int rows() {
        return rows;
    }

    public int chunkCount() {
        return across * ceilDiv(rows, EDGE);
    }

    public int chunkOf(int col, int row) {
        return (row / EDGE) * across + col / EDGE;
    }

    /** Index of a cell inside its chunk. */
    static int offsetOf(int col, int row) {
        return (row % EDGE) * EDGE + col % EDGE;
    }

    boolean contains(int col, int row) {
        return col >= 0 && row >= 0 && col < cols && row < rows;
    }

    /** A chunk with no scores: NaN everywhere. */
    static float[] emptyChunk() {
        float[] cells = new float[CELLS];
        Arrays.fill(cells, Float.NaN);
        return cells;
    }

    /** The slide's whole grid from its stored chunks: row-major, NaN where no score arrived (failed cells too). */
    public float[] read(CellStore store, String slideId) {
        float[] grid = new float[cols * rows];
        Arrays.fill(grid, Float.NaN);
        for (int chunk = 0; chunk < chunkCount(); chunk++) {
            float[] stored = store.get(slideId, chunk);
            if (stored != null) {
                copyInto(chunk, stored, grid);
            }
        }
        for (int i = 0; i < grid.length; i++) {
            if (grid[i] == FAILED) {
                grid[i] = Float.NaN;
            }
        }
        return grid;
    }

    /**
     * The slide's sub-cell raster, {@code cols · edge} × {@code rows · edge} row-major: each cell split into
     * {@code edge} × {@code edge} sub-cells holding its map where it has one (maps of another edge were resized to
     * the slide's when stored), else its score in every sub-cell; NaN where the cell has no score.
     *
     * @param scores the slide's scores, as {@link #read} gives them
     */
    public float[] readSubCells(MapStore maps, String slideId, float[] scores, int edge) {
        int width = cols * edge;
        float[] raster = new float[width * rows * edge];
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                float score = scores[row * cols + col];
                for (int y = 0; y < edge; y++) {
                    int at = (row * edge + y) * width + col * edge;
                    Arrays.fill(raster, at, at + edge, score);
                }
            }
        }
        for (int chunk = 0; chunk < chunkCount(); chunk++) {
            MapChunk stored = maps.get(slideId, chunk);
            if (stored == null) {
                continue;
            }
            if (stored.edge() != edge) {
                throw new IllegalStateException("slide " + slideId + ": chunk " + chunk + " holds maps of " + stored.edge()
                        + " x " + stored.edge() + " sub-cells, the slide's are " + edge + " x " + edge);
            }
            int left = (chunk % across) * EDGE;
            int top = (chunk / across) * EDGE;
            for (int cell = 0; cell < CELLS; cell++) {
                int col = left + cell % EDGE;
                int row = top + cell / EDGE;
                // A failed cell never has a map: maps are only stored with a score.
                if (!stored.has(cell) || col >= cols || row >= rows) {
                    continue;
                }
                for (int y = 0; y < edge; y++) {
                    for (int x = 0; x < edge; x++) {
                        raster[(row * edge + y) * width + col * edge + x] = stored.value(cell, y * edge + x);
                    }
                }
            }
        }
        return raster;
    }

    /** Copies a chunk's cells into a row-major {@code cols × rows} grid. */
    private void copyInto(int chunk, float[] cells, float[] grid) {
        int left = (chunk % across) * EDGE;
        int top = (chunk / across) * EDGE;
        for (int y = 0; y < EDGE && top + y < rows; y++) {
            int width = Math.min(EDGE, cols - left);
            System.arraycopy(cells, y * EDGE, grid, (top + y) * cols + left, width);
        }
    }

    public static byte[] encode(float[] cells) {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES);
        buffer.asFloatBuffer().put(cells);
        return buffer.array();
    }

    public static float[] decode(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalStateException("a score chunk has " + BYTES + " bytes, found " + bytes.length);
        }
        float[] cells = new float[CELLS];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(cells);
        return cells;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
