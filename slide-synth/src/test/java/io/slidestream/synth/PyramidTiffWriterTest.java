package io.slidestream.synth;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyramidTiffWriterTest {
    @TempDir
    Path dir;

    @Test
    void bigTiffAndClassicTiffOpenInOpenSlideWithTheSamePixels() throws IOException {
        SyntheticSlideSpec spec = SyntheticSlideSpec.of(11, 2560, 1536).withLesionCount(1)
                .withLesionDiametersUm(150, 200);
        Path classic = write(spec, dir.resolve("classic.tiff"), false, 2);
        Path big = write(spec, dir.resolve("big.tiff"), true, 2);

        assertEquals(42, magic(classic));
        assertEquals(43, magic(big));
        try (Slide fromClassic = Slide.open(classic); Slide fromBig = Slide.open(big)) {
            assertEquals("generic-tiff", fromBig.properties().get("openslide.vendor"));
            assertEquals(List.of("2560x1536", "1280x768", "640x384", "320x192"), levelSizes(fromBig));
            assertEquals(levelSizes(fromClassic), levelSizes(fromBig));
            for (int level = 0; level < 3; level++) {
                RegionRequest region = new RegionRequest(level, 512, 256, 400, 300);
                assertArrayEquals(fromClassic.read(region).rgb(), fromBig.read(region).rgb(), "level " + level);
            }
        }
    }

    @Test
    void bytesDoNotDependOnTheNumberOfThreads() throws IOException {
        SyntheticSlideSpec spec = SyntheticSlideSpec.of(12, 2048, 1280).withLesionCount(1)
                .withLesionDiametersUm(150, 200);

        Path oneThread = write(spec, dir.resolve("one.tiff"), false, 1);
        Path threeThreads = write(spec, dir.resolve("three.tiff"), false, 3);

        assertEquals(-1, Files.mismatch(oneThread, threeThreads));
    }

    @Test
    void slideWhoseSizeIsNoMultipleOfTheTileSizeHasRoundedUpLevels() throws IOException {
        Path slide = dir.resolve("odd.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.of(5, 3001, 2099).withLesionCount(1), slide);

        try (Slide opened = Slide.open(slide)) {
            assertEquals(List.of("3001x2099", "1501x1050", "751x525", "376x263"), levelSizes(opened));
            // The last partial tiles read back as glass (light grey), not as padding, transparency or an error.
            assertGlass(opened.read(new RegionRequest(0, 2999, 2097, 2, 2)));
            assertGlass(opened.read(new RegionRequest(2, 3001 - 4 * 3, 2099 - 4 * 3, 3, 3)));
        }
    }

    @Test
    void bigTiffIsChosenOnlyWhenTheFileCouldPassFourGibibytes() {
        assertFalse(PyramidTiffWriter.needsBigTiff(PyramidLevel.pyramid(4096, 4096, 256)));
        assertFalse(PyramidTiffWriter.needsBigTiff(PyramidLevel.pyramid(20000, 20000, 256)));
        assertTrue(PyramidTiffWriter.needsBigTiff(PyramidLevel.pyramid(61440, 40960, 256)));
    }

    private static Path write(SyntheticSlideSpec spec, Path path, boolean bigTiff, int threads) throws IOException {
        PyramidPlan plan = PyramidPlan.of(spec);
        try (PyramidTiffWriter writer = new PyramidTiffWriter(path, plan.written(), bigTiff);
             TileWorkers workers = new TileWorkers(threads, spec.jpegQuality())) {
            new PyramidBuilder(SlideContent.plan(spec), plan, writer, workers).build();
            writer.finish(TiffPages.genericTiff(spec, plan.written()));
        }
        return path;
    }

    private static List<String> levelSizes(Slide slide) {
        return IntStream.range(0, slide.levelCount())
                .mapToObj(level -> slide.levelWidth(level) + "x" + slide.levelHeight(level)).toList();
    }

    /** Glass is 241..244 grey; JPEG may move it by a few levels, white (255, OpenSlide's "no data") it is not. */
    private static void assertGlass(RgbImage image) {
        for (byte value : image.rgb()) {
            int grey = value & 0xff;
            assertTrue(grey >= 236 && grey <= 249, "glass grey " + grey);
        }
    }

    private static int magic(Path tiff) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(tiff.toFile(), "r")) {
            file.seek(2);
            return file.read() | file.read() << 8;
        }
    }
}
