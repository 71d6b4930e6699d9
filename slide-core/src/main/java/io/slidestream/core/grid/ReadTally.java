package io.slidestream.core.grid;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.Slide;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the region reads of a reader cost, for the read stage's figures: the pixels the reads returned and
 * the pixels of the tiles they touched. OpenSlide decodes whole tiles, so the second is the decoding work
 * (an upper bound: a tile still in OpenSlide's cache is not decoded again). Untiled files count their
 * region pixels as decoded. Safe to share between threads.
 */
public final class ReadTally {
    private final LongAdder reads = new LongAdder();
    private final LongAdder regionPixels = new LongAdder();
    private final LongAdder tilePixels = new LongAdder();

    void add(Slide slide, RegionRequest request) {
        reads.increment();
        regionPixels.add(request.pixelCount());
        tilePixels.add(tilePixels(slide, request));
    }

    /** Pixels of the tiles of the request's level that the request overlaps. */
    static long tilePixels(Slide slide, RegionRequest request) {
        int tileWidth = slide.tileWidth(request.level());
        int tileHeight = slide.tileHeight(request.level());
        if (tileWidth <= 0 || tileHeight <= 0) {
            return request.pixelCount();
        }
        double downsample = slide.levelDownsample(request.level());
        long left = (long) Math.floor(request.x() / downsample);
        long top = (long) Math.floor(request.y() / downsample);
        long columns = Math.floorDiv(left + request.width() - 1, tileWidth) - Math.floorDiv(left, tileWidth) + 1;
        long rows = Math.floorDiv(top + request.height() - 1, tileHeight) - Math.floorDiv(top, tileHeight) + 1;
        return columns * rows * tileWidth * tileHeight;
    }

    public long reads() {
        return reads.sum();
    }

    public long regionPixels() {
        return regionPixels.sum();
    }

    public long tilePixels() {
        return tilePixels.sum();
    }
}
