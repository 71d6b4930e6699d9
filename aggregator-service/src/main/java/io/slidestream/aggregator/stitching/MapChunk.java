package io.slidestream.aggregator.stitching;

import io.slidestream.core.grid.ProbabilityMaps;

/**
 * The probability maps of the cells of one score chunk ({@link ScoreChunks#EDGE} × {@link ScoreChunks#EDGE}
 * cells): for each cell whether it has a map, and its k × k sub-cells as the quantised values 0..255 the
 * workers publish, one byte each. Stored as one value of {@code 1 + cells + cells · k²} bytes: k, a flag per
 * cell, then each cell's map row-major (64 KiB for k = 8). Only the chunks of slides scored by a
 * probability-map model exist, so other slides cost nothing here.
 */
public final class MapChunk {
    private final byte[] bytes;
    private final int edge;

    private MapChunk(byte[] bytes) {
        this.bytes = bytes;
        this.edge = bytes[0];
    }

    /** A chunk of k × k maps in which no cell has one yet. */
    static MapChunk empty(int edge) {
        byte[] bytes = new byte[size(edge)];
        bytes[0] = (byte) edge;
        return new MapChunk(bytes);
    }

    public static MapChunk decode(byte[] bytes) {
        if (bytes.length < 1 || bytes[0] < 1 || bytes[0] > ProbabilityMaps.MAX_EDGE || bytes.length != size(bytes[0])) {
            throw new IllegalStateException("a stored map chunk of " + bytes.length + " bytes does not match its edge "
                    + (bytes.length < 1 ? "(none)" : bytes[0]));
        }
        return new MapChunk(bytes.clone());
    }

    public byte[] encode() {
        return bytes.clone();
    }

    /** Sub-cells each way of its maps. */
    int edge() {
        return edge;
    }

    boolean has(int cell) {
        return bytes[1 + cell] != 0;
    }

    /** Sets cell {@code cell}'s map: {@code edge²} values 0..255, row-major. */
    void put(int cell, int[] map) {
        bytes[1 + cell] = 1;
        int at = valuesOf(cell);
        for (int i = 0; i < map.length; i++) {
            bytes[at + i] = (byte) map[i];
        }
    }

    /** The probability of sub-cell {@code sub} (row-major) of cell {@code cell}'s map. */
    float value(int cell, int sub) {
        return ProbabilityMaps.value(bytes[valuesOf(cell) + sub] & 0xff);
    }

    private int valuesOf(int cell) {
        return 1 + ScoreChunks.CELLS + cell * edge * edge;
    }

    private static int size(int edge) {
        return 1 + ScoreChunks.CELLS + ScoreChunks.CELLS * edge * edge;
    }
}
