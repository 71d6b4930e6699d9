package io.slidestream.core.slide;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegionRequestTest {

    @Test
    void emptyNegativeOrHugeRegionsAreRefusedBeforeAnyAllocation() {
        assertThrows(IllegalArgumentException.class, () -> new RegionRequest(0, 0, 0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new RegionRequest(0, 0, 0, 10, -1));
        assertThrows(IllegalArgumentException.class, () -> new RegionRequest(-1, 0, 0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new RegionRequest(0, 0, 0, 100_000, 100_000));
        assertEquals(100, new RegionRequest(0, 0, 0, 10, 10).pixelCount());
    }

    @Test
    void mppComesFromOpenSlideThenFromTiffResolutionAndIgnoresScreenDefaults() {
        assertEquals(0.25, SlideProperties.micronsPerPixel(Map.of("openslide.mpp-x", "0.25"), "openslide.mpp-x",
                "tiff.XResolution"), 1e-9);
        assertEquals(0.5, SlideProperties.micronsPerPixel(Map.of("tiff.XResolution", "20000",
                "tiff.ResolutionUnit", "centimeter"), "openslide.mpp-x", "tiff.XResolution"), 1e-9);
        // 72 dpi is a writer's default, not a microscope: reported as unknown.
        assertEquals(0, SlideProperties.micronsPerPixel(Map.of("tiff.XResolution", "72",
                "tiff.ResolutionUnit", "inch"), "openslide.mpp-x", "tiff.XResolution"));
        assertEquals(0, SlideProperties.micronsPerPixel(Map.of("tiff.XResolution", "20000"), "openslide.mpp-x",
                "tiff.XResolution"), "no unit: no physical size");
    }
}
