package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideException;

/**
 * Makes a {@link SlideInspection.Thumbnail}: picks the coarsest level at least as large as the
 * thumbnail, reads all of it in bands of at most {@link #PIECE_PIXELS} pixels (so a slide whose only
 * level is huge is read piece by piece, never whole) and area-averages it down with {@link AreaAverager}.
 */
final class ThumbnailReader {
    /** Widest piece read at once, in pixels of the source level. */
    static final int PIECE_WIDTH = 4096;
    /** Most pixels read at once (4 MiB of OpenSlide's ARGB plus 3 MiB of RGB). */
    static final int PIECE_PIXELS = 1 << 20;
    /** Most memory for the band's horizontal sums. */
    private static final long BAND_SUM_BYTES = 8L << 20;

    private ThumbnailReader() {
    }

    /** Thumbnail size for a level-0 size: long side {@code min(maxSide, long side)}, aspect kept, at least 1. */
    static int[] thumbnailSize(long width, long height, int maxSide) {
        long longSide = Math.max(width, height);
        if (longSide <= maxSide) {
            return new int[] {(int) width, (int) height};
        }
        // Rounded to nearest in integers; width, height < 2^40 and maxSide <= 2^13 cannot overflow.
        long w = Math.max(1, (width * maxSide + longSide / 2) / longSide);
        long h = Math.max(1, (height * maxSide + longSide / 2) / longSide);
        return new int[] {(int) Math.min(w, maxSide), (int) Math.min(h, maxSide)};
    }

    /** The coarsest level no smaller than the thumbnail in either direction (level 0 always qualifies). */
    static int sourceLevel(Slide slide, int thumbnailWidth, int thumbnailHeight) {
        int best = 0;
        for (int level = 1; level < slide.levelCount(); level++) {
            long w = slide.levelWidth(level);
            long h = slide.levelHeight(level);
            if (w >= thumbnailWidth && h >= thumbnailHeight
                    && w * h < slide.levelWidth(best) * slide.levelHeight(best)) {
                best = level;
            }
        }
        return best;
    }

    /**
     * Where the band (or piece) that starts at level pixel {@code start} should end: at most {@code limit}
     * pixels on, at least half that, at the pixel whose level-0 coordinate is nearest a whole number.
     *
     * <p>Region reads take level-0 coordinates and OpenSlide divides them by the level's downsample; when
     * that is not a whole number (a level of ceil(w/4) px has 3.9968 or so) the read starts a fraction of a
     * pixel off and OpenSlide interpolates the whole piece by that fraction. Ending pieces where the
     * fraction is smallest keeps the strip-wise thumbnail close to one read of the whole level.
     */
    static long nextBoundary(long start, int limit, long size, double downsample) {
        long end = Math.min(size, start + limit);
        if (end == size || downsample == Math.rint(downsample)) {
            return end;
        }
        long best = end;
        double bestError = offset(end, downsample);
        for (long candidate = end - 1; candidate >= start + Math.max(1, limit / 2) && bestError > 1e-6; candidate--) {
            double error = offset(candidate, downsample);
            if (error < bestError) {
                best = candidate;
                bestError = error;
            }
        }
        return best;
    }

    /** How far (in level pixels) OpenSlide's read of level pixel {@code p} starts from it. */
    private static double offset(long p, double downsample) {
        return Math.abs(Math.round(p * downsample) / downsample - p);
    }

    static SlideInspection.Thumbnail read(Slide slide, int maxSide) {
        int[] size = thumbnailSize(slide.width(), slide.height(), maxSide);
        int tw = size[0];
        int th = size[1];
        int level = sourceLevel(slide, tw, th);
        long sw = slide.levelWidth(level);
        long sh = slide.levelHeight(level);
        double downsample = slide.levelDownsample(level);
        if (sw * sh > AreaAverager.MAX_SOURCE_PIXELS) {
            throw new SlideException(slide.path(), "level " + level + " is " + sw + "x" + sh
                    + ", too large to make a thumbnail from");
        }
        AreaAverager averager = new AreaAverager(sw, sh, tw, th);
        int pieceWidth = (int) Math.min(sw, PIECE_WIDTH);
        long bandLimit = Math.min(PIECE_PIXELS / pieceWidth, BAND_SUM_BYTES / (tw * 3L * Long.BYTES));
        int bandRows = (int) Math.max(1, Math.min(sh, bandLimit));
        for (long y = 0, yEnd; y < sh; y = yEnd) {
            yEnd = nextBoundary(y, bandRows, sh, downsample);
            int rows = (int) (yEnd - y);
            averager.beginBand(y, rows);
            for (long x = 0, xEnd; x < sw; x = xEnd) {
                xEnd = nextBoundary(x, pieceWidth, sw, downsample);
                int columns = (int) (xEnd - x);
                // Region reads take level-0 coordinates.
                RgbImage piece = slide.read(new RegionRequest(level, Math.round(x * downsample),
                        Math.round(y * downsample), columns, rows));
                averager.addPiece(x, columns, piece.rgb());
            }
            averager.endBand();
        }
        return new SlideInspection.Thumbnail(new RgbImage(tw, th, averager.result()), level,
                (double) slide.width() / tw, (double) slide.height() / th);
    }
}
