package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RgbImage;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the tiler needs to know about a new slide, gathered in one pass over it (by {@link SlideInspector}
 * in this JVM or by {@link IsolatedSlideReader} in a child JVM, with equal results).
 *
 * @param levels               the pyramid, level 0 first
 * @param properties           every OpenSlide property, in OpenSlide's order; unfiltered, so it may carry
 *                             PHI (the caller filters before publishing anything)
 * @param associatedImageNames names of the label, macro and thumbnail images; never their pixels
 * @param thumbnail            the whole slide, small
 */
public record SlideInspection(List<Level> levels, Map<String, String> properties,
                              List<String> associatedImageNames, Thumbnail thumbnail) {

    public SlideInspection {
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a slide has at least one level");
        }
        levels = List.copyOf(levels);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        associatedImageNames = List.copyOf(associatedImageNames);
        Objects.requireNonNull(thumbnail, "thumbnail");
    }

    public int levelCount() {
        return levels.size();
    }

    public Level level(int index) {
        return levels.get(index);
    }

    /** Level-0 width in pixels. */
    public long width() {
        return levels.getFirst().width();
    }

    /** Level-0 height in pixels. */
    public long height() {
        return levels.getFirst().height();
    }

    /** One pyramid level as OpenSlide reports it. */
    public record Level(long width, long height, double downsample) {
    }

    /**
     * The whole slide as RGB (transparent areas white), scaled down so that its long side is at most the
     * requested maximum; never scaled up. Thumbnail pixel (i, j) is the area average of the level-0
     * rectangle {@code [i·downsampleX, (i+1)·downsampleX) × [j·downsampleY, (j+1)·downsampleY)}, i.e.
     * {@code downsampleX = level-0 width / image.width()} and {@code downsampleY = level-0 height /
     * image.height()} exactly (they differ slightly when the sizes do not divide). The pixels come from
     * {@code sourceLevel}, the coarsest level at least as large as the thumbnail, whose whole extent is
     * area-averaged down to the thumbnail's size.
     */
    public record Thumbnail(RgbImage image, int sourceLevel, double downsampleX, double downsampleY) {

        public Thumbnail {
            Objects.requireNonNull(image, "image");
        }

        public int width() {
            return image.width();
        }

        public int height() {
            return image.height();
        }

        /** Pixel equality, not array identity: an inspection made in a child JVM equals the in-process one. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Thumbnail t && sourceLevel == t.sourceLevel
                    && Double.compare(downsampleX, t.downsampleX) == 0
                    && Double.compare(downsampleY, t.downsampleY) == 0
                    && image.width() == t.image.width() && image.height() == t.image.height()
                    && Arrays.equals(image.rgb(), t.image.rgb());
        }

        @Override
        public int hashCode() {
            return Objects.hash(sourceLevel, downsampleX, downsampleY, image.width(), image.height(),
                    Arrays.hashCode(image.rgb()));
        }

        @Override
        public String toString() {
            return "Thumbnail[" + image.width() + "x" + image.height() + " from level " + sourceLevel
                    + ", downsample " + downsampleX + " x " + downsampleY + "]";
        }
    }
}
