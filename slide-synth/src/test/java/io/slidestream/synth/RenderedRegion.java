package io.slidestream.synth;

/**
 * A level-0 region painted in process as the generator paints it, before JPEG: tile by tile on the
 * slide's tile grid (or in one call, to compare), into BGR bytes.
 */
final class RenderedRegion {
    final long x0;
    final long y0;
    final int width;
    final int height;
    private final byte[] bgr;

    private RenderedRegion(long x0, long y0, int width, int height) {
        this.x0 = x0;
        this.y0 = y0;
        this.width = width;
        this.height = height;
        this.bgr = new byte[3 * width * height];
    }

    /** The region painted in tiles of {@code tile} pixels; x0, y0, width and height must be multiples of it. */
    static RenderedRegion inTiles(SlideContent content, long x0, long y0, int width, int height, int tile) {
        RenderedRegion region = new RenderedRegion(x0, y0, width, height);
        TileRenderer renderer = new TileRenderer(content);
        for (int top = 0; top < height; top += tile) {
            for (int left = 0; left < width; left += tile) {
                byte[] pixels = new byte[3 * tile * tile];
                renderer.render(pixels, 3 * tile, 0, x0 + left, y0 + top, tile, tile);
                for (int j = 0; j < tile; j++) {
                    System.arraycopy(pixels, 3 * tile * j, region.bgr, 3 * ((top + j) * width + left), 3 * tile);
                }
            }
        }
        return region;
    }

    /** The region painted in a single call. */
    static RenderedRegion whole(SlideContent content, long x0, long y0, int width, int height) {
        RenderedRegion region = new RenderedRegion(x0, y0, width, height);
        new TileRenderer(content).render(region.bgr, 3 * width, 0, x0, y0, width, height);
        return region;
    }

    /** The whole slide, in the spec's tiles. */
    static RenderedRegion slide(SlideContent content) {
        SyntheticSlideSpec spec = content.spec();
        return inTiles(content, 0, 0, spec.width(), spec.height(), spec.tileSize());
    }

    int red(long x, long y) {
        return channel(x, y, 2);
    }

    int green(long x, long y) {
        return channel(x, y, 1);
    }

    int blue(long x, long y) {
        return channel(x, y, 0);
    }

    double grey(long x, long y) {
        return (red(x, y) + green(x, y) + blue(x, y)) / 3.0;
    }

    boolean samePixel(RenderedRegion other, long x, long y) {
        return red(x, y) == other.red(x, y) && green(x, y) == other.green(x, y) && blue(x, y) == other.blue(x, y);
    }

    byte[] bytes() {
        return bgr.clone();
    }

    private int channel(long x, long y, int channel) {
        return bgr[3 * (int) ((y - y0) * width + (x - x0)) + channel] & 0xff;
    }
}
