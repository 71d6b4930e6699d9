package io.slidestream.core.slide.isolated;

/**
 * A region of one pyramid level, area-averaged down to a target size: what a viewer tile needs. The
 * region starts at level-0 pixel {@code (x0, y0)} and spans {@code sourceWidth × sourceHeight} pixels of
 * {@code level}; the answer is {@code targetWidth × targetHeight} RGB pixels (at most
 * {@link #MAX_TARGET_SIDE} a side, never larger than the source). Parts outside the level are white.
 */
public record RegionRead(int level, long x0, long y0, long sourceWidth, long sourceHeight, int targetWidth,
                         int targetHeight) {
    /** Largest target side: a viewer tile is some 256 px. */
    public static final int MAX_TARGET_SIDE = 4096;

    public RegionRead {
        if (level < 0 || x0 < 0 || y0 < 0) {
            throw new IllegalArgumentException("level and origin must be >= 0: level " + level + " at (" + x0
                    + ", " + y0 + ")");
        }
        if (targetWidth < 1 || targetHeight < 1 || targetWidth > MAX_TARGET_SIDE || targetHeight > MAX_TARGET_SIDE) {
            throw new IllegalArgumentException("target " + targetWidth + "x" + targetHeight + " outside [1, "
                    + MAX_TARGET_SIDE + "]");
        }
        if (sourceWidth < targetWidth || sourceHeight < targetHeight
                || sourceWidth > AreaAverager.MAX_SOURCE_PIXELS / sourceHeight) {
            throw new IllegalArgumentException("cannot average " + sourceWidth + "x" + sourceHeight + " down to "
                    + targetWidth + "x" + targetHeight);
        }
    }
}
