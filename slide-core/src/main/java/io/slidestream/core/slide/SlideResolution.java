package io.slidestream.core.slide;

import java.util.Map;

/**
 * Microns per pixel from a slide's properties: OpenSlide's own {@code openslide.mpp-*} when the vendor
 * gives it, else the TIFF resolution tags (OpenSlide 3.4.1's generic-tiff reports only those).
 */
final class SlideResolution {
    static final double MAX_PLAUSIBLE_MPP = 50;
    private SlideResolution() {
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

    private static double parse(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
