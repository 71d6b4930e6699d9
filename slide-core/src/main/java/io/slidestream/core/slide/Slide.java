package io.slidestream.core.slide;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One open slide, whatever its format: the one way SlideStream reads pixels (QuPath's ImageServer idea).
 * A pyramid of levels, level 0 the full resolution; {@link #read} takes a {@link RegionRequest} and may be
 * called from many threads at once. Whole-slide formats are read by OpenSlide; a plain PNG, JPEG or
 * non-pyramidal TIFF (a microscope photograph) is a one-level slide.
 */
public interface Slide extends AutoCloseable {

    /**
     * Opens a slide. Fails with a {@link SlideException} naming the file when it does not exist, is
     * neither a format OpenSlide knows nor a plain image, or could not be opened.
     */
    static Slide open(Path path) {
        Path file = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new SlideException(file, "no such file");
        }
        if (!Files.isReadable(file)) {
            throw new SlideException(file, "file is not readable");
        }
        if (OpenSlideSlide.detectVendor(file).isPresent()) {
            return OpenSlideSlide.open(file);
        }
        if (PlainImageSlide.looksLikePlainImage(file)) {
            return PlainImageSlide.open(file);
        }
        throw new SlideException(file, "not a slide format OpenSlide can open, nor a PNG, JPEG or TIFF image");
    }

    /**
     * Opens a slide that OpenSlide reads with every read through openslide_read_region, never through the
     * direct JPEG tile reader ({@code jpeg.DirectJpegTiles}): the reference that reader, and everything read
     * with it, is tested against.
     */
    static Slide openThroughOpenSlide(Path path) {
        Path file = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || OpenSlideSlide.detectVendor(file).isEmpty()) {
            throw new SlideException(file, "not a slide file OpenSlide reads");
        }
        return OpenSlideSlide.open(file, false);
    }

    /** OpenSlide's version, e.g. "3.4.1". */
    static String openSlideVersion() {
        return OpenSlideLibrary.version();
    }

    Path path();

    int levelCount();

    long levelWidth(int level);

    long levelHeight(int level);

    /** Level-0 pixels per pixel of {@code level} (1 for level 0; need not be an integer). */
    double levelDownsample(int level);

    default long width() {
        return levelWidth(0);
    }

    default long height() {
        return levelHeight(0);
    }

    /**
     * The coarsest level that is not coarser than {@code downsample} (OpenSlide's rule), level 0 when every
     * level is.
     */
    default int bestLevelForDownsample(double downsample) {
        int best = 0;
        for (int level = 1; level < levelCount(); level++) {
            if (levelDownsample(level) <= downsample) {
                best = level;
            }
        }
        return best;
    }

    /** Every property the file carries. May hold personal data (vendor fields): never publish them whole. */
    Map<String, String> properties();

    default Optional<String> property(String name) {
        return Optional.ofNullable(properties().get(name));
    }

    /** Names of the label, macro and thumbnail images; they may carry PHI and never leave the tiler. */
    List<String> associatedImageNames();

    /** Who wrote the file: OpenSlide's vendor ("aperio", "generic-tiff", ...) or "image/png" and the like. */
    default String vendor() {
        return SlideProperties.vendor(properties());
    }

    /** Level-0 microns per pixel along x, 0 when the file does not say. */
    default double mppX() {
        return SlideProperties.mppX(properties());
    }

    /** Level-0 microns per pixel along y, 0 when the file does not say. */
    default double mppY() {
        return SlideProperties.mppY(properties());
    }

    /** The scanner's objective magnification (20, 40, ...), 0 when the file does not say. */
    default double objectivePower() {
        return SlideProperties.objectivePower(properties());
    }

    /** Tile width of {@code level} in pixels, 0 when the file is not tiled or does not say. */
    default int tileWidth(int level) {
        return SlideProperties.tileWidth(properties(), level);
    }

    /** Tile height of {@code level} in pixels, 0 when the file is not tiled or does not say. */
    default int tileHeight(int level) {
        return SlideProperties.tileHeight(properties(), level);
    }

    /** True for a plain image (PNG, JPEG, flat TIFF), which has one level and no resolution of its own. */
    default boolean plainImage() {
        return SlideProperties.plainImage(properties());
    }

    /**
     * Reads a region as opaque RGB (transparent areas, outside the scanned area, become white). Throws a
     * {@link SlideException} when the region cannot be read: a failed read is never returned as pixels.
     */
    RgbImage read(RegionRequest request);

    /** True once the slide failed in a way that makes every later read fail too. */
    boolean failed();

    @Override
    void close();
}
