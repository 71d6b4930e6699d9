package io.slidestream.synth;

import java.util.List;

/**
 * One level of the halving cascade: level k is level k-1 halved (rounded up), so its downsample is 2^k
 * (exactly, when the size divides). {@code index} is k, whether or not the level is written to the file
 * (see {@link PyramidPlan}).
 */
record PyramidLevel(int index, int width, int height, int tileSize) {
    static final int TOP_LEVEL_MAX = 512;

    /** The 2x pyramid of a generic TIFF: every halving down to the first that fits in {@link #TOP_LEVEL_MAX}. */
    static List<PyramidLevel> pyramid(int width, int height, int tileSize) {
        return PyramidPlan.of(width, height, tileSize, LevelLayout.TWO_X, false).written();
    }

    /** The next level of the cascade. */
    PyramidLevel halved() {
        return new PyramidLevel(index + 1, (width + 1) / 2, (height + 1) / 2, tileSize);
    }

    int longSide() {
        return Math.max(width, height);
    }

    int tilesAcross() {
        return Math.ceilDiv(width, tileSize);
    }

    int tilesDown() {
        return Math.ceilDiv(height, tileSize);
    }

    int tileCount() {
        return tilesAcross() * tilesDown();
    }

    /** Image rows in tile row {@code tileRow}: a full tile, or what is left at the bottom. */
    int rowsInTileRow(int tileRow) {
        return Math.min(tileSize, height - tileRow * tileSize);
    }
}
