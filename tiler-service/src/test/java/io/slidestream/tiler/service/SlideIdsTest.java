package io.slidestream.tiler.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlideIdsTest {

    @Test
    void idIsTheFileStemAndARandomSuffix() {
        String id = SlideIds.newId("/slides/node 03.svs");
        assertTrue(id.matches("node-03-[0-9a-f]{8}"), id);
        assertNotEquals(id, SlideIds.newId("/slides/node 03.svs"));
    }

    @Test
    void hostileOrMissingNamesStillGiveSafeIds() {
        assertTrue(SlideIds.newId("/slides/../<script>\u0000.tiff").matches("[A-Za-z0-9_-]+"));
        assertTrue(SlideIds.newId(null).matches("slide-[0-9a-f]{8}"));
        assertTrue(SlideIds.newId("/slides/").matches("slide-[0-9a-f]{8}"));
        assertTrue(SlideIds.newId("/x/" + "a".repeat(200) + ".svs").length() <= 49);
    }
}
