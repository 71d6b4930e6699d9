package io.slidestream.tiler.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlideIdsTest {

    @Test
    void sameContentAndProfileGiveTheSameIdUnderAnyNameAndNeverTheFileName(@TempDir Path dir) throws IOException {
        byte[] content = new byte[3 << 20];
        new Random(7).nextBytes(content);
        Path original = Files.write(dir.resolve("DOE-JANE-1962.svs"), content);
        Path renamed = Files.write(dir.resolve("S26-1234.svs"), content);

        String id = SlideIds.stableId(original, "demo");
        assertEquals(id, SlideIds.stableId(renamed, "demo"));
        assertTrue(id.matches("slide-[0-9a-f]{16}"), id);
        assertFalse(id.contains("DOE"));
        assertNotEquals(id, SlideIds.stableId(original, "pcam"), "another profile is another analysis");
    }

    @Test
    void anyChangeToTheHeaderOrTheTailOrTheSizeGivesAnotherId(@TempDir Path dir) throws IOException {
        byte[] content = new byte[3 << 20];
        new Random(8).nextBytes(content);
        String id = SlideIds.stableId(Files.write(dir.resolve("a.tiff"), content), "demo");
        content[10] ^= 1;
        assertNotEquals(id, SlideIds.stableId(Files.write(dir.resolve("b.tiff"), content), "demo"));
        content[10] ^= 1;
        content[content.length - 5] ^= 1;
        assertNotEquals(id, SlideIds.stableId(Files.write(dir.resolve("c.tiff"), content), "demo"));
        assertNotEquals(id, SlideIds.stableId(Files.write(dir.resolve("d.tiff"), new byte[10]), "demo"));
    }

    @Test
    void scannerIdsAreUsedOnlyWhenSafeForUrlsAndFileNames() {
        assertTrue(SlideIds.isSafe("scanner-7_2026.11.26-001"));
        assertFalse(SlideIds.isSafe("../etc/passwd"));
        assertFalse(SlideIds.isSafe("<script>"));
        assertFalse(SlideIds.isSafe(""));
        assertFalse(SlideIds.isSafe(null));
        assertFalse(SlideIds.isSafe("a".repeat(65)));
    }
}
