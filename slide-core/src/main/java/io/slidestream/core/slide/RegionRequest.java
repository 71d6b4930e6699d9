package io.slidestream.core.slide;

/**
 * The one way to ask a slide for pixels, as OpenSlide's read_region takes it: the top-left corner in
 * level-0 pixels and the size in pixels of the level being read.
 */
public record RegionRequest(int level, long x, long y, int width, int height) {
    /** Refuse absurd requests before they allocate: 64 Mpx is a 8k×8k region, far beyond any patch batch. */
    public static final long MAX_PIXELS = 64L << 20;

    public RegionRequest {
        if (level < 0) {
            throw new IllegalArgumentException("level must be >= 0, got " + level);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("region size must be positive, got " + width + "x" + height);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("region " + width + "x" + height + " exceeds " + MAX_PIXELS + " pixels");
        }
    }

    public long pixelCount() {
        return (long) width * height;
    }
}
