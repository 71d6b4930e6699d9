package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Inspects a slide in this JVM: opens it, reads its levels, properties and associated image names,
 * makes its thumbnail and reads a small region of every other level, in one pass. OpenSlide runs in-process here, so a crafted file can crash this JVM;
 * for untrusted slides use {@link IsolatedSlideReader}, which runs this class in a child JVM.
 */
public final class SlideInspector {
    /** A thumbnail size that suits tissue detection on real slides. */
    public static final int DEFAULT_THUMBNAIL_MAX_SIDE = 2048;
    /** Largest thumbnail long side: 8192² RGB is already 192 MiB. */
    public static final int MAX_THUMBNAIL_SIDE = 8192;
    /** Larger levels are refused as implausible (real slides are below 2^18 px a side). */
    static final long MAX_LEVEL_SIDE = 1L << 31;
    /** Edge of the region read from each level besides the thumbnail's. */
    static final int PROBE_SIDE = 16;

    /**
     * Inspects {@code file}. Throws a {@link SlideException} with OpenSlide's reason when the slide cannot
     * be opened or read, or when what it reports is implausible.
     */
    public SlideInspection inspect(Path file, int thumbnailMaxSide) {
        checkMaxSide(thumbnailMaxSide);
        try (Slide slide = Slide.open(file)) {
            List<SlideInspection.Level> levels = new ArrayList<>(slide.levelCount());
            for (int level = 0; level < slide.levelCount(); level++) {
                long width = slide.levelWidth(level);
                long height = slide.levelHeight(level);
                double downsample = slide.levelDownsample(level);
                if (width < 1 || height < 1 || width > MAX_LEVEL_SIDE || height > MAX_LEVEL_SIDE
                        || !(downsample > 0) || Double.isInfinite(downsample)) {
                    throw new SlideException(slide.path(), "level " + level + " is implausible: " + width + "x"
                            + height + ", downsample " + downsample);
                }
                levels.add(new SlideInspection.Level(width, height, downsample));
            }
            SlideInspection.Thumbnail thumbnail = ThumbnailReader.read(slide, thumbnailMaxSide);
            probeOtherLevels(slide, thumbnail.sourceLevel());
            return new SlideInspection(levels, slide.properties(), slide.associatedImageNames(), thumbnail);
        }
    }

    /**
     * Reads a small region from the middle of every level the thumbnail did not come from, so that a
     * level whose tiles OpenSlide cannot decode (or, in a crafted file, whose tile size makes OpenSlide
     * abort) fails here, where the caller expects it, and not later while tiling.
     */
    private static void probeOtherLevels(Slide slide, int thumbnailLevel) {
        for (int level = 0; level < slide.levelCount(); level++) {
            if (level != thumbnailLevel) {
                int w = (int) Math.min(PROBE_SIDE, slide.levelWidth(level));
                int h = (int) Math.min(PROBE_SIDE, slide.levelHeight(level));
                double downsample = slide.levelDownsample(level);
                long x = Math.round((slide.levelWidth(level) - w) / 2 * downsample);
                long y = Math.round((slide.levelHeight(level) - h) / 2 * downsample);
                slide.read(new RegionRequest(level, x, y, w, h));
            }
        }
    }

    static void checkMaxSide(int thumbnailMaxSide) {
        if (thumbnailMaxSide < 1 || thumbnailMaxSide > MAX_THUMBNAIL_SIDE) {
            throw new IllegalArgumentException("thumbnailMaxSide must be in [1, " + MAX_THUMBNAIL_SIDE + "], got "
                    + thumbnailMaxSide);
        }
    }
}
