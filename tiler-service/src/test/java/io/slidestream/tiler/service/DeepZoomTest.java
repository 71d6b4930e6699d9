package io.slidestream.tiler.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeepZoomTest {

    @Test
    void levelsHalveRoundingUpFromTheFullResolutionDownToOnePixel() {
        DeepZoom zoom = DeepZoom.of(3000, 2200);
        assertEquals(12, zoom.maxLevel());
        assertEquals(3000, zoom.levelWidth(12));
        assertEquals(1500, zoom.levelWidth(11));
        assertEquals(2, zoom.levelWidth(1)); // ceil(3000 / 2048)
        assertEquals(1, zoom.levelWidth(0));
        assertEquals(1, zoom.levelHeight(0));
        assertEquals(12, zoom.cols(12));
        assertEquals(9, zoom.rows(12));
        assertEquals(0, DeepZoom.of(1, 1).maxLevel());
        assertEquals(1, DeepZoom.of(2, 1).maxLevel());
        assertEquals(12, DeepZoom.of(4096, 10).maxLevel());
        assertEquals(13, DeepZoom.of(4097, 10).maxLevel());
    }

    @Test
    void tilesOverlapTheirNeighboursAndAreClippedToTheLevel() {
        DeepZoom zoom = DeepZoom.of(3000, 2200);
        assertEquals(new DeepZoom.Bounds(0, 0, 255, 255), zoom.tile(12, 0, 0));
        assertEquals(new DeepZoom.Bounds(253, 253, 256, 256), zoom.tile(12, 1, 1));
        assertEquals(new DeepZoom.Bounds(2793, 2031, 207, 169), zoom.tile(12, 11, 8));
        assertEquals(new DeepZoom.Bounds(0, 0, 1, 1), zoom.tile(0, 0, 0));
        assertTrue(zoom.contains(12, 11, 8));
        assertFalse(zoom.contains(12, 12, 0));
        assertFalse(zoom.contains(13, 0, 0));
        assertFalse(zoom.contains(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> zoom.tile(0, 1, 0));
    }
}
