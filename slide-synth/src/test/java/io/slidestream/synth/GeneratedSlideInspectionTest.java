package io.slidestream.synth;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.isolated.IsolatedSlideReader;
import io.slidestream.core.slide.isolated.SlideInspection;
import io.slidestream.core.slide.isolated.SlideInspector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Inspection of a generated 4096² slide (JPEG tiles, 4 levels), in this JVM and in the child. */
class GeneratedSlideInspectionTest {
    @TempDir
    static Path dir;
    private static Path slide;
    private final SlideInspector inspector = new SlideInspector();

    @BeforeAll
    static void generate() throws IOException {
        slide = dir.resolve("slide.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(7L), slide);
    }

    @Test
    void levelsAndPropertiesAreTheSlides() {
        SlideInspection inspection = inspector.inspect(slide, 2048);
        try (Slide opened = Slide.open(slide)) {
            assertEquals(4, inspection.levelCount());
            for (int level = 0; level < 4; level++) {
                assertEquals(new SlideInspection.Level(4096 >> level, 4096 >> level, 1 << level),
                        inspection.level(level));
            }
            assertEquals(opened.properties(), inspection.properties());
            assertEquals(opened.associatedImageNames(), inspection.associatedImageNames());
        }
    }

    @Test
    void thumbnailOfTheExactSizeOfALevelIsThatLevel() {
        SlideInspection.Thumbnail thumbnail = inspector.inspect(slide, 2048).thumbnail();
        assertEquals(1, thumbnail.sourceLevel());
        assertEquals(2.0, thumbnail.downsampleX());
        assertEquals(2.0, thumbnail.downsampleY());
        assertArrayEquals(readLevel(1).rgb(), thumbnail.image().rgb());
    }

    @Test
    void thumbnailBetweenLevelsIsTheAreaAverageOfTheNextLargerLevel() {
        SlideInspection.Thumbnail thumbnail = inspector.inspect(slide, 1000).thumbnail();
        assertEquals(2, thumbnail.sourceLevel()); // 1024 px
        assertEquals(1000, thumbnail.width());
        assertEquals(4.096, thumbnail.downsampleX());
        assertClose(average(readLevel(2), 1000, 1000), thumbnail.image());

        SlideInspection.Thumbnail small = inspector.inspect(slide, 300).thumbnail();
        assertEquals(3, small.sourceLevel()); // 512 px
        assertClose(average(readLevel(3), 300, 300), small.image());
    }

    @Test
    void childInspectionEqualsTheInProcessOne() {
        try (IsolatedSlideReader reader = new IsolatedSlideReader()) {
            for (int maxSide : new int[] {2048, 1000, 300}) {
                assertEquals(inspector.inspect(slide, maxSide), reader.inspect(slide, maxSide, Duration.ofSeconds(60)));
            }
            assertEquals(1, reader.childrenStarted());
        }
    }

    private static RgbImage readLevel(int level) {
        try (Slide opened = Slide.open(slide)) {
            int side = (int) opened.levelWidth(level);
            return opened.read(new RegionRequest(level, 0, 0, side, side));
        }
    }

    /** Plain double-precision box filter, output pixel by output pixel. */
    private static RgbImage average(RgbImage source, int width, int height) {
        byte[] out = new byte[width * height * 3];
        double sx = (double) source.width() / width;
        double sy = (double) source.height() / height;
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                double[] sum = new double[3];
                for (int y = (int) Math.floor(j * sy); y < Math.min(source.height(), Math.ceil((j + 1) * sy)); y++) {
                    double wy = Math.min(y + 1, (j + 1) * sy) - Math.max(y, j * sy);
                    for (int x = (int) Math.floor(i * sx); x < Math.min(source.width(), Math.ceil((i + 1) * sx)); x++) {
                        double w = wy * (Math.min(x + 1, (i + 1) * sx) - Math.max(x, i * sx));
                        int p = source.rgbAt(x, y);
                        sum[0] += w * (p >> 16 & 0xff);
                        sum[1] += w * (p >> 8 & 0xff);
                        sum[2] += w * (p & 0xff);
                    }
                }
                for (int c = 0; c < 3; c++) {
                    out[(j * width + i) * 3 + c] = (byte) Math.round(sum[c] / (sx * sy));
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    private static void assertClose(RgbImage expected, RgbImage actual) {
        assertEquals(expected.width(), actual.width());
        assertEquals(expected.height(), actual.height());
        for (int i = 0; i < expected.rgb().length; i++) {
            int d = Math.abs((expected.rgb()[i] & 0xff) - (actual.rgb()[i] & 0xff));
            if (d > 1) {
                fail("byte " + i + ": expected " + (expected.rgb()[i] & 0xff) + ", got " + (actual.rgb()[i] & 0xff));
            }
        }
    }
}
