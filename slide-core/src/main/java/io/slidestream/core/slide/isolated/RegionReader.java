package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Path;

/**
 * Serves {@link RegionRead}s in the reader process: keeps the last few slides open (closing the one used
 * least recently when another is opened) and reads each region in pieces of at most
 * {@link ThumbnailReader#PIECE_PIXELS}, area-averaging them down with {@link AreaAverager}, so that even a
 * region of a slide with one huge level never has to be in memory at once. Only the main pyramid is read:
 * associated images (label, macro) have no level number and are never reachable. One thread.
 */
final class RegionReader implements AutoCloseable {
    /** Most memory for a band's horizontal sums. */
    private static final long BAND_SUM_BYTES = 8L << 20;
    private final int capacity;
    private final Map<Path, Slide> open;

    RegionReader(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.open = new LinkedHashMap<>(capacity * 2, 0.75f, true);
    }

    RgbImage read(Path file, RegionRead region) {
        Slide slide = slide(file);
        try {
            return read(slide, region);
        } finally {
            if (slide.failed()) {
                open.remove(file);
                slide.close();
            }
        }
    }

    /** Paths of the slides held open, least recently used first. */
    java.util.List<Path> openSlides() {
        return java.util.List.copyOf(open.keySet());
    }

    private Slide slide(Path file) {
        Slide slide = open.get(file);
        if (slide != null) {
            return slide;
        }
        while (open.size() >= capacity) {
            var eldest = open.entrySet().iterator().next();
            open.remove(eldest.getKey());
            eldest.getValue().close();
        }
        slide = Slide.open(file);
        open.put(file, slide);
        return slide;
    }

    static RgbImage read(Slide slide, RegionRead region) {
        int level = region.level();
        if (level >= slide.levelCount()) {
            throw new SlideException(slide.path(), "has no level " + level);
        }
        double downsample = slide.levelDownsample(level);
        long sw = region.sourceWidth();
        long sh = region.sourceHeight();
        int tw = region.targetWidth();
        int th = region.targetHeight();
        AreaAverager averager = new AreaAverager(sw, sh, tw, th);
        int pieceWidth = (int) Math.min(sw, ThumbnailReader.PIECE_WIDTH);
        long bandLimit = Math.min(ThumbnailReader.PIECE_PIXELS / pieceWidth, BAND_SUM_BYTES / (tw * 3L * Long.BYTES));
        int bandRows = (int) Math.max(1, Math.min(sh, bandLimit));
        for (long y = 0; y < sh; y += bandRows) {
            int rows = (int) Math.min(bandRows, sh - y);
            averager.beginBand(y, rows);
            for (long x = 0; x < sw; x += pieceWidth) {
                int columns = (int) Math.min(pieceWidth, sw - x);
                // Region reads take level-0 coordinates.
                RgbImage piece = slide.read(new RegionRequest(level, region.x0() + Math.round(x * downsample),
                        region.y0() + Math.round(y * downsample), columns, rows));
                averager.addPiece(x, columns, piece.rgb());
            }
            averager.endBand();
        }
        return new RgbImage(tw, th, averager.result());
    }

    @Override
    public void close() {
        open.values().forEach(Slide::close);
        open.clear();
    }
}
