package io.slidestream.core.events;

import java.util.List;

/**
 * The only facts about a slide file that leave the tiler: geometry and resolution. Vendor properties are
 * never published whole, because some hold personal data (Aperio's Filename, User, Date, Time; free-text
 * descriptions), and label or macro images never are.
 *
 * @param vendor          OpenSlide's vendor ("aperio", "generic-tiff", ...) or "image/png" and the like
 * @param width           level-0 width in pixels
 * @param height          level-0 height in pixels
 * @param levels          the pyramid, level 0 first
 * @param mpp             level-0 microns per pixel used for the analysis
 * @param mppSource       where {@code mpp} came from
 * @param objectivePower  the scanner objective's magnification, 0 when the file does not say
 * @param tileWidth       the file's tile width in pixels, 0 when it is not tiled or does not say
 * @param tileHeight      the file's tile height in pixels, 0 when it is not tiled or does not say
 */
public record SlideDescription(String vendor, long width, long height, List<Level> levels, double mpp,
                               MppSource mppSource, double objectivePower, int tileWidth, int tileHeight) {

    public SlideDescription {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a slide has at least one level");
        }
    }

    /** One pyramid level: its size and its downsample from level 0 (need not be a whole number). */
    public record Level(long width, long height, double downsample) {
    }

    public int levelCount() {
        return levels.size();
    }

    public Level level(int index) {
        return levels.get(index);
    }
}
