package io.slidestream.core.slide;

import java.util.Map;

/**
 * Reads the facts SlideStream needs from a slide's property map (OpenSlide's, or a plain image's), so that
 * an open {@link Slide} and a slide inspected in another process give the same answers. Resolution comes
 * from OpenSlide's own {@code openslide.mpp-*} when the vendor gives it, else the TIFF resolution tags
 * (OpenSlide 3.4.1's generic-tiff reports only those).
 */
public final class SlideProperties {
    public static final String VENDOR = "openslide.vendor";
    public static final String OBJECTIVE_POWER = "openslide.objective-power";
    /** Set by {@link PlainImageSlide}: a photograph, whose resolution must come from the request. */
    public static final String PLAIN_IMAGE = "slidestream.plain-image";
    static final double MAX_PLAUSIBLE_MPP = 50;

    private SlideProperties() {
    }

    public static String vendor(Map<String, String> properties) {
        return properties.getOrDefault(VENDOR, "unknown");
    }

    public static boolean plainImage(Map<String, String> properties) {
        return "true".equals(properties.get(PLAIN_IMAGE));
    }

    /** Level-0 microns per pixel along x, 0 when the slide does not say. */
    public static double mppX(Map<String, String> properties) {
        return micronsPerPixel(properties, "openslide.mpp-x", "tiff.XResolution");
    }

    /** Level-0 microns per pixel along y, 0 when the slide does not say. */
    public static double mppY(Map<String, String> properties) {
        return micronsPerPixel(properties, "openslide.mpp-y", "tiff.YResolution");
    }

    /** The scanner's objective magnification (20, 40, ...), 0 when the slide does not say. */
    public static double objectivePower(Map<String, String> properties) {
        return parse(properties.get(OBJECTIVE_POWER));
    }

    /** Tile width of level 0 in pixels, 0 when the file is not tiled or does not say. */
    public static int tileWidth(Map<String, String> properties) {
        return tileWidth(properties, 0);
    }

    /** Tile width of {@code level} in pixels, 0 when the file is not tiled or does not say. */
    public static int tileWidth(Map<String, String> properties, int level) {
        return (int) parse(properties.get("openslide.level[" + level + "].tile-width"));
    }

    /** Tile height of level 0 in pixels, 0 when the file is not tiled or does not say. */
    public static int tileHeight(Map<String, String> properties) {
        return tileHeight(properties, 0);
    }

    /** Tile height of {@code level} in pixels, 0 when the file is not tiled or does not say. */
    public static int tileHeight(Map<String, String> properties, int level) {
        return (int) parse(properties.get("openslide.level[" + level + "].tile-height"));
    }

    static double micronsPerPixel(Map<String, String> properties, String mppKey, String tiffResolutionKey) {
        double mpp = parse(properties.get(mppKey));
        if (mpp > 0) {
            return mpp;
        }
        double pixelsPerUnit = parse(properties.get(tiffResolutionKey));
        if (pixelsPerUnit <= 0) {
            return 0;
        }
        String unit = properties.getOrDefault("tiff.ResolutionUnit", "");
        double fromTiff = switch (unit) {
            case "centimeter" -> 10_000 / pixelsPerUnit;
            case "inch" -> 25_400 / pixelsPerUnit;
            default -> 0; // "none" or missing: the numbers carry no physical size
        };
        // Many writers put a screen default (72 dpi = 353 µm/px) in these tags; no microscope scans that coarsely.
        return fromTiff <= MAX_PLAUSIBLE_MPP ? fromTiff : 0;
    }

    static double parse(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            return Double.isFinite(parsed) ? parsed : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
