package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlideInspectorTest {
    private final SlideInspector inspector = new SlideInspector();

    @TempDir
    Path dir;

    @Test
    void genericTiffInspectionHasTheSlidesLevelsPropertiesAndNames() {
        Path file = Fixtures.slide("boxes.tiff");
        SlideInspection inspection = inspector.inspect(file, 2048);
        try (Slide slide = Slide.open(file)) {
            assertEquals(slide.levelCount(), inspection.levelCount());
            assertEquals(4, inspection.levelCount());
            for (int level = 0; level < slide.levelCount(); level++) {
                assertEquals(new SlideInspection.Level(slide.levelWidth(level), slide.levelHeight(level),
                        slide.levelDownsample(level)), inspection.level(level));
            }
            assertEquals(slide.properties(), inspection.properties());
            assertEquals(List.copyOf(slide.properties().keySet()), List.copyOf(inspection.properties().keySet()));
            assertEquals(slide.associatedImageNames(), inspection.associatedImageNames());
        }
        assertEquals(300, inspection.width());
        assertEquals(250, inspection.height());
    }

    @Test
    void smallSlideThumbnailIsLevelZeroUnscaled() {
        Path file = Fixtures.slide("boxes.tiff");
        SlideInspection.Thumbnail thumbnail = inspector.inspect(file, 2048).thumbnail();
        assertEquals(300, thumbnail.width());
        assertEquals(250, thumbnail.height());
        assertEquals(0, thumbnail.sourceLevel());
        assertEquals(1.0, thumbnail.downsampleX());
        assertEquals(1.0, thumbnail.downsampleY());
        assertArrayEquals(Fixtures.readWholeLevel(file, 0).rgb(), thumbnail.image().rgb());
    }

    @Test
    void thumbnailComesFromTheCoarsestLevelNotSmallerThanItAndIsItsAreaAverage() {
        Path file = Fixtures.slide("boxes.tiff"); // 300x250, 150x125, 75x63, 38x32 (or so)
        SlideInspection.Thumbnail thumbnail = inspector.inspect(file, 100).thumbnail();
        assertEquals(100, thumbnail.width());
        assertEquals(83, thumbnail.height()); // 250 * 100 / 300 = 83.3
        assertEquals(1, thumbnail.sourceLevel());
        assertEquals(3.0, thumbnail.downsampleX());
        assertEquals(250.0 / 83, thumbnail.downsampleY());
        RgbImage expected = Fixtures.referenceAverage(Fixtures.readWholeLevel(file, 1), 100, 83);
        Fixtures.assertPixelsClose(expected, thumbnail.image(), 1);
    }

    @Test
    void aperioSlideWithOneLevel() {
        Path file = Fixtures.slide("small.svs");
        SlideInspection inspection = inspector.inspect(file, 5);
        assertEquals(1, inspection.levelCount());
        assertEquals("aperio", inspection.properties().get("openslide.vendor"));
        try (Slide slide = Slide.open(file)) {
            assertEquals(slide.associatedImageNames(), inspection.associatedImageNames());
        }
        SlideInspection.Thumbnail thumbnail = inspection.thumbnail();
        assertEquals(5, thumbnail.width());
        assertEquals(5, thumbnail.height());
        assertEquals(16 / 5.0, thumbnail.downsampleX());
        Fixtures.assertPixelsClose(Fixtures.referenceAverage(Fixtures.readWholeLevel(file, 0), 5, 5),
                thumbnail.image(), 1);
    }

    @Test
    void pyramidThumbnailIsReadInSeveralBandsAndMatchesOneWholeRead() throws IOException {
        Path file = dir.resolve("pyramid.tiff");
        TestTiff.writePyramid(file, 5000, 3000, 3); // 5000x3000, 2500x1500, 1250x750
        SlideInspection inspection = inspector.inspect(file, 1000);
        SlideInspection.Thumbnail thumbnail = inspection.thumbnail();
        assertEquals(3, inspection.levelCount());
        assertEquals(1000, thumbnail.width());
        assertEquals(600, thumbnail.height());
        assertEquals(2, thumbnail.sourceLevel());
        assertEquals(5.0, thumbnail.downsampleX());
        assertEquals(5.0, thumbnail.downsampleY());
        // 1000 px wide thumbnail: bands of at most 8 MiB / (1000 * 3 * 8 B) = 349 rows, so 750 rows are 3 bands.
        RgbImage expected = Fixtures.referenceAverage(Fixtures.readWholeLevel(file, 2), 1000, 600);
        Fixtures.assertPixelsClose(expected, thumbnail.image(), 1);
    }

    @Test
    void levelWithAFractionalDownsampleIsReadInBandsThatStartOnWholeLevel0Pixels() throws IOException {
        // Level 2 is 1251x751 at downsample 3.9968: a band starting at an arbitrary row would start a fraction
        // of a pixel off and OpenSlide would interpolate it (up to 11 grey levels off at edges).
        Path file = dir.resolve("odd-pyramid.tiff");
        TestTiff.writePyramid(file, 5001, 3001, 3);
        SlideInspection inspection = inspector.inspect(file, 1000);
        assertEquals(2, inspection.thumbnail().sourceLevel());
        assertTrue(inspection.level(2).downsample() != Math.rint(inspection.level(2).downsample()));
        RgbImage expected = Fixtures.referenceAverage(Fixtures.readWholeLevel(file, 2), 1000, 600);
        Fixtures.assertPixelsClose(expected, inspection.thumbnail().image(), 1);
    }

    @Test
    void bandsEndWhereTheReadStartsOnAWholeLevel0Pixel() {
        double downsample = 3.9968036223484598;
        long end = ThumbnailReader.nextBoundary(0, 349, 751, downsample);
        assertTrue(end >= 175 && end <= 349, "end " + end);
        assertTrue(Math.abs(Math.round(end * downsample) / downsample - end) < 0.01, "end " + end);
        assertEquals(751, ThumbnailReader.nextBoundary(700, 349, 751, downsample));
        assertEquals(349, ThumbnailReader.nextBoundary(0, 349, 751, 4.0));
    }

    @Test
    void slideWithOnlyOneLargeLevelIsReadInPiecesAndAveragedDown() throws IOException {
        Path file = dir.resolve("single-level.tiff");
        TestTiff.writeSingleLevel(file, 8500, 2600); // 3 pieces across, 11 bands of 256 rows
        SlideInspection.Thumbnail thumbnail = inspector.inspect(file, 850).thumbnail();
        assertEquals(0, thumbnail.sourceLevel());
        assertEquals(850, thumbnail.width());
        assertEquals(260, thumbnail.height());
        // The file's pixels are known without OpenSlide: compare with the pattern itself, averaged.
        RgbImage expected = Fixtures.referenceAverage(8500, 2600, TestTiff::pattern, 850, 260);
        Fixtures.assertPixelsClose(expected, thumbnail.image(), 1);
    }

    @Test
    void thumbnailOfATallNarrowSlideKeepsItsAspect() throws IOException {
        Path file = dir.resolve("tall.tiff");
        TestTiff.writeSingleLevel(file, 300, 2000);
        SlideInspection.Thumbnail thumbnail = inspector.inspect(file, 256).thumbnail();
        assertEquals(38, thumbnail.width()); // 300 * 256 / 2000 = 38.4
        assertEquals(256, thumbnail.height());
        assertEquals(300.0 / 38, thumbnail.downsampleX());
        assertEquals(2000.0 / 256, thumbnail.downsampleY());
        Fixtures.assertPixelsClose(Fixtures.referenceAverage(300, 2000, TestTiff::pattern, 38, 256),
                thumbnail.image(), 1);
    }

    @Test
    void levelTheThumbnailDoesNotUseIsStillProbedAndItsFailureIsTheSlides() throws IOException {
        Path file = dir.resolve("broken-level-0.tiff");
        TestTiff.writePyramid(file, 256, 256, 2); // one tile per level, level 0's first in the file
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        java.util.Arrays.fill(bytes, 8, 40, (byte) 0x55); // the start of level 0's deflate stream
        java.nio.file.Files.write(file, bytes);
        SlideException e = assertThrows(SlideException.class, () -> inspector.inspect(file, 100));
        assertTrue(e.getMessage().contains("read_region of level 0"), e.getMessage());
    }

    @Test
    void unopenableSlideFailsWithOpenSlidesReason() {
        SlideException e = assertThrows(SlideException.class,
                () -> inspector.inspect(Fixtures.slide("unopenable.tiff"), 256));
        assertTrue(e.getMessage().contains("unopenable.tiff"), e.getMessage());
        assertTrue(e.getMessage().contains("Unsupported TIFF compression"), e.getMessage());
    }

    @Test
    void slideWhosePixelsCannotBeReadFailsWithOpenSlidesReason() {
        SlideException e = assertThrows(SlideException.class,
                () -> inspector.inspect(Fixtures.slide("unreadable.svs"), 256));
        assertTrue(e.getMessage().contains("Bogus marker length"), e.getMessage());
    }

    @Test
    void missingFileFails() {
        SlideException e = assertThrows(SlideException.class,
                () -> inspector.inspect(dir.resolve("nothing.svs"), 256));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void thumbnailSizeIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> inspector.inspect(Fixtures.slide("boxes.tiff"), 0));
        assertThrows(IllegalArgumentException.class,
                () -> inspector.inspect(Fixtures.slide("boxes.tiff"), SlideInspector.MAX_THUMBNAIL_SIDE + 1));
    }

    @Test
    void inspectionsOfTheSameSlideAreEqual() {
        Path file = Fixtures.slide("boxes.tiff");
        assertEquals(inspector.inspect(file, 64), inspector.inspect(file, 64));
        List<SlideInspection> different = new ArrayList<>(List.of(inspector.inspect(file, 65)));
        assertTrue(!different.getFirst().equals(inspector.inspect(file, 64)));
    }
}
