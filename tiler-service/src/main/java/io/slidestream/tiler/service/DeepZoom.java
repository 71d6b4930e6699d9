package io.slidestream.tiler.service;

/**
 * DeepZoom geometry of a slide's level 0 (OpenSeadragon's, as openslide-python's DeepZoomGenerator makes
 * it): level {@code maxLevel = ceil(log2(max(width, height)))} is the full resolution, each level below
 * halves it (rounding up), level 0 is 1 × 1 px. Tile (col, row) of a level covers
 * {@code [col·tileSize − overlap, (col+1)·tileSize + overlap)} horizontally, and likewise vertically,
 * clipped to the level.
 */
public record DeepZoom(long width, long height, int tileSize, int overlap) {
    public static final int TILE_SIZE = 254;
    public static final int OVERLAP = 1;

    public DeepZoom {
        if (width < 1 || height < 1 || tileSize < 1 || overlap < 0) {
            throw new IllegalArgumentException("bad DeepZoom geometry " + width + "x" + height + ", tile " + tileSize
                    + ", overlap " + overlap);
        }
    }

    public static DeepZoom of(long width, long height) {
        return new DeepZoom(width, height, TILE_SIZE, OVERLAP);
    }

    public int maxLevel() {
        long longest = Math.max(width, height);
        return longest == 1 ? 0 : 64 - Long.numberOfLeadingZeros(longest - 1);
    }

    /** Level-0 pixels per pixel of DeepZoom level {@code level}: 2^(maxLevel − level). */
    public long scale(int level) {
        return 1L << (maxLevel() - level);
    }

    public long levelWidth(int level) {
        return ceilDiv(width, scale(level));
    }

    public long levelHeight(int level) {
        return ceilDiv(height, scale(level));
    }

    public long cols(int level) {
        return ceilDiv(levelWidth(level), tileSize);
    }

    public long rows(int level) {
        return ceilDiv(levelHeight(level), tileSize);
    }

    public boolean contains(int level, long col, long row) {
        return level >= 0 && level <= maxLevel() && col >= 0 && row >= 0 && col < cols(level) && row < rows(level);
    }

    /** A tile's rectangle in pixels of its DeepZoom level. */
    public record Bounds(long x, long y, int width, int height) {
    }

    /** The rectangle tile (col, row) of {@code level} covers; the tile must exist ({@link #contains}). */
    public Bounds tile(int level, long col, long row) {
        if (!contains(level, col, row)) {
            throw new IllegalArgumentException("no tile " + col + "_" + row + " at level " + level);
        }
        long x0 = Math.max(0, col * tileSize - overlap);
        long y0 = Math.max(0, row * tileSize - overlap);
        long x1 = Math.min(levelWidth(level), (col + 1) * tileSize + overlap);
        long y1 = Math.min(levelHeight(level), (row + 1) * tileSize + overlap);
        return new Bounds(x0, y0, (int) (x1 - x0), (int) (y1 - y0));
    }

    private static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }
}
