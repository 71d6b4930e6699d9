package io.slidestream.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * One level of the pyramid: level k is level k-1 halved (rounded up), down to the first level that
 * fits in {@link #TOP_LEVEL_MAX} pixels each way.
 */
record PyramidLevel(int index, int width, int height, int tileSize) {
    static final int TOP_LEVEL_MAX = 512;

    static List<PyramidLevel> pyramid(int width, int height, int tileSize) {
        List<PyramidLevel> levels = new ArrayList<>();
        PyramidLevel level = new PyramidLevel(0, width, height, tileSize);
        levels.add(level);
        while (Math.max(level.width, level.height) > TOP_LEVEL_MAX) {
            level = new PyramidLevel(level.index + 1, (level.width + 1) / 2, (level.height + 1) / 2, tileSize);
            levels.add(level);
        }
        return levels;
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
