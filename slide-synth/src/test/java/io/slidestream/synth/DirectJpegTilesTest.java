package io.slidestream.synth;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.jpeg.DirectJpegTiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct JPEG tile reader gives exactly OpenSlide's pixels: on generated slides of every layout, every
 * region (inside a tile, across tiles, across the level's edge, outside it, at fractional level positions
 * where OpenSlide answers itself) read through {@link Slide#open} equals, byte for byte, the same region read
 * through openslide_read_region alone.
 */
class DirectJpegTilesTest {

    @Test
    void everyRegionOfEveryLayoutIsWhatOpenSlideReads(@TempDir Path dir) throws Exception {
        List<SyntheticSlideSpec> specs = List.of(
                SyntheticSlideSpec.of(71, 4096, 3072),
                SyntheticSlideSpec.of(72, 4096, 4096).withLevels(LevelLayout.FOUR_X),
                SyntheticSlideSpec.of(73, 1536, 1024).withLevels(LevelLayout.SINGLE),
                SyntheticSlideSpec.of(74, 3001, 2003), // odd sizes: levels are not exact halves
                SyntheticSlideSpec.of(75, 4096, 3072).withFormat(SlideFormat.APERIO_SVS));
        Random random = new Random(7);
        for (SyntheticSlideSpec spec : specs) {
            Path file = dir.resolve("slide-" + spec.seed() + "." + spec.format().extension());
            SyntheticSlideGenerator.generate(spec, file);
            try (Slide fast = Slide.open(file); Slide reference = Slide.openThroughOpenSlide(file)) {
                assertTrue(directReaderCovers(file, reference), file.getFileName() + " is read directly");
                int compared = 0;
                for (int level = 0; level < reference.levelCount(); level++) {
                    for (RegionRequest request : regions(reference, level, random)) {
                        assertArrayEquals(reference.read(request).rgb(), fast.read(request).rgb(),
                                file.getFileName() + " " + request);
                        compared++;
                    }
                }
                assertTrue(compared >= 10 * reference.levelCount());
            }
        }
    }

    @Test
    void aCorruptTileIsAnErrorNamingTheTileNotPixels(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.of(76, 2048, 2048), file);
        DamagedTiles.breakTile(file, 0, 2, 1);
        try (Slide slide = Slide.open(file)) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(io.slidestream.core.slide.SlideException.class,
                    () -> slide.read(new RegionRequest(0, 2 * 256 + 10, 256 + 10, 64, 64)));
            assertTrue(e.getMessage().contains("tile (2, 1) of level 0") && e.getMessage().contains("marker"),
                    e.getMessage());
            assertEquals(64 * 64 * 3, slide.read(new RegionRequest(0, 0, 0, 64, 64)).rgb().length,
                    "the other tiles still read");
        }
    }

    private static boolean directReaderCovers(Path file, Slide slide) {
        int levels = slide.levelCount();
        long[] widths = new long[levels];
        long[] heights = new long[levels];
        double[] downsamples = new double[levels];
        for (int level = 0; level < levels; level++) {
            widths[level] = slide.levelWidth(level);
            heights[level] = slide.levelHeight(level);
            downsamples[level] = slide.levelDownsample(level);
        }
        Optional<DirectJpegTiles> direct = DirectJpegTiles.open(file, slide.vendor(), widths, heights, downsamples);
        direct.ifPresent(DirectJpegTiles::close);
        return direct.isPresent();
    }

    /** Regions of one level: random ones, tile corners, the level's edges and beyond, fractional positions. */
    private static List<RegionRequest> regions(Slide slide, int level, Random random) {
        long width = slide.levelWidth(level);
        long height = slide.levelHeight(level);
        double downsample = slide.levelDownsample(level);
        List<RegionRequest> regions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long x = (long) (random.nextDouble() * width);
            long y = (long) (random.nextDouble() * height);
            regions.add(at(level, downsample, x, y, 1 + random.nextInt(300), 1 + random.nextInt(300)));
        }
        regions.add(at(level, downsample, 250, 250, 12, 12));                     // across four tiles
        regions.add(at(level, downsample, width - 40, height - 30, 100, 80));     // across the corner
        regions.add(at(level, downsample, -20, -10, 64, 64));                     // before the origin
        regions.add(at(level, downsample, width + 5, 0, 16, 16));                 // outside
        regions.add(new RegionRequest(level, Math.round(3.5 * downsample) + 1, 1, 40, 40)); // fractional at level > 0
        return regions;
    }

    private static RegionRequest at(int level, double downsample, long levelX, long levelY, int w, int h) {
        return new RegionRequest(level, Math.round(levelX * downsample), Math.round(levelY * downsample), w, h);
    }
}
