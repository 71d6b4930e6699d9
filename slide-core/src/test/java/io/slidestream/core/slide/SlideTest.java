package io.slidestream.core.slide;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlideTest {

    @Test
    void genericTiffOpensWithItsPyramid() {
        try (Slide slide = Slide.open(TestSlides.slide("boxes.tiff"))) {
            assertEquals(4, slide.levelCount());
            assertEquals(300, slide.width());
            assertEquals(250, slide.height());
            assertEquals(150, slide.levelWidth(1));
            assertEquals(2.0, slide.levelDownsample(1), 1e-9);
            assertEquals(slide.levelCount() - 1, slide.bestLevelForDownsample(1000));
            assertEquals(0, slide.bestLevelForDownsample(1));
            assertEquals("generic-tiff", slide.property("openslide.vendor").orElseThrow());
        }
    }

    @Test
    void genericTiffRegionReadsRealPixels() {
        try (Slide slide = Slide.open(TestSlides.slide("boxes.tiff"))) {
            RgbImage image = slide.read(new RegionRequest(0, 0, 0, 300, 250));
            assertEquals(300 * 250 * 3, image.rgb().length);
            // boxes.tiff is coloured boxes on white: the read must contain both white and non-white pixels.
            long white = 0;
            long coloured = 0;
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    if (image.rgbAt(x, y) == 0xffffff) {
                        white++;
                    } else {
                        coloured++;
                    }
                }
            }
            assertTrue(white > 0 && coloured > 0, "white=" + white + " coloured=" + coloured);
        }
    }

    @Test
    void regionOutsideTheSlideIsWhiteNotBlack() {
        try (Slide slide = Slide.open(TestSlides.slide("boxes.tiff"))) {
            RgbImage image = slide.read(new RegionRequest(0, 10_000, 10_000, 4, 4));
            for (byte b : image.rgb()) {
                assertEquals((byte) 0xff, b);
            }
        }
    }

    @Test
    void aperioSlideOpensWithPropertiesAndMpp() {
        try (Slide slide = Slide.open(TestSlides.slide("small.svs"))) {
            assertEquals("aperio", slide.property("openslide.vendor").orElseThrow());
            assertEquals(16, slide.width());
            assertEquals(0.499, slide.mppX(), 1e-6);
            assertTrue(slide.properties().containsKey("aperio.AppMag"));
            RgbImage image = slide.read(new RegionRequest(0, 0, 0, 16, 16));
            assertEquals(16 * 16 * 3, image.rgb().length);
        }
    }

    @Test
    void unopenableSlideFailsToOpenNamingTheFileAndOpenSlidesMessage() {
        Path file = TestSlides.slide("unopenable.tiff");
        SlideException e = assertThrows(SlideException.class, () -> Slide.open(file));
        assertTrue(e.getMessage().contains("unopenable.tiff"), e.getMessage());
        assertTrue(e.getMessage().contains("Unsupported TIFF compression"), e.getMessage());
    }

    @Test
    void unreadableSlideOpensButEveryReadFailsInsteadOfReturningBlankPixels() {
        try (Slide slide = Slide.open(TestSlides.slide("unreadable.svs"))) {
            SlideException first = assertThrows(SlideException.class,
                    () -> slide.read(new RegionRequest(0, 0, 0, 16, 16)));
            assertTrue(first.getMessage().contains("unreadable.svs"), first.getMessage());
            assertTrue(first.getMessage().contains("Bogus marker length"), first.getMessage());
            assertTrue(slide.failed());
            // OpenSlide's error state is permanent: a second read must fail too, not return a cleared buffer.
            assertThrows(SlideException.class, () -> slide.read(new RegionRequest(0, 0, 0, 1, 1)));
        }
    }

    @Test
    void missingFileFailsWithAClearMessage() {
        SlideException e = assertThrows(SlideException.class, () -> Slide.open(Path.of("/nonexistent/slide.svs")));
        assertTrue(e.getMessage().contains("/nonexistent/slide.svs") && e.getMessage().contains("no such file"),
                e.getMessage());
    }

    @Test
    void nonexistentLevelIsRejected() {
        try (Slide slide = Slide.open(TestSlides.slide("boxes.tiff"))) {
            assertThrows(SlideException.class, () -> slide.read(new RegionRequest(9, 0, 0, 4, 4)));
        }
    }

    @Test
    void concurrentReadsOfOneHandleAgreeWithASingleRead() throws Exception {
        try (Slide slide = Slide.open(TestSlides.slide("boxes.tiff"))) {
            RegionRequest request = new RegionRequest(1, 20, 30, 64, 64);
            byte[] expected = slide.read(request).rgb();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<byte[]>> reads = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    reads.add(pool.submit(() -> slide.read(request).rgb()));
                }
                for (Future<byte[]> read : reads) {
                    assertArrayEquals(expected, read.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void openSlideVersionIsReported() {
        assertTrue(Slide.openSlideVersion().matches("\\d+\\.\\d+.*"), Slide.openSlideVersion());
    }
}
