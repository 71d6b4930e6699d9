package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** The real OpenSlide fixtures in ../shared/testdata/slides, and a reference thumbnail to compare with. */
final class Fixtures {
    private Fixtures() {
    }

    static Path slide(String name) {
        Path dir = Path.of(System.getProperty("slidestream.testdata", "../../shared/testdata"), "slides");
        Path file = dir.resolve(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("test slide missing: " + file);
        }
        return file;
    }

    /** A whole level read with one region read, as the reference the strip-wise thumbnail must match. */
    static RgbImage readWholeLevel(Path file, int level) {
        try (Slide slide = Slide.open(file)) {
            return slide.read(new RegionRequest(level, 0, 0, Math.toIntExact(slide.levelWidth(level)),
                    Math.toIntExact(slide.levelHeight(level))));
        }
    }

    /**
     * Area-averages {@code source} to {@code width × height} the obvious way, in doubles, output pixel by
     * output pixel: an independent reference for the streaming integer {@link AreaAverager}.
     */
    static RgbImage referenceAverage(RgbImage source, int width, int height) {
        return referenceAverage(source.width(), source.height(), (x, y) -> source.rgbAt((int) x, (int) y), width,
                height);
    }

    static RgbImage referenceAverage(long sourceWidth, long sourceHeight, TestTiff.Pixels pixels, int width,
                                     int height) {
        byte[] out = new byte[width * height * 3];
        double sx = (double) sourceWidth / width;
        double sy = (double) sourceHeight / height;
        for (int j = 0; j < height; j++) {
            double y0 = j * sy;
            double y1 = (j + 1) * sy;
            for (int i = 0; i < width; i++) {
                double x0 = i * sx;
                double x1 = (i + 1) * sx;
                double r = 0;
                double g = 0;
                double b = 0;
                for (long y = (long) Math.floor(y0); y < Math.min(sourceHeight, Math.ceil(y1)); y++) {
                    double wy = Math.min(y + 1, y1) - Math.max(y, y0);
                    for (long x = (long) Math.floor(x0); x < Math.min(sourceWidth, Math.ceil(x1)); x++) {
                        double w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
                        int p = pixels.rgbAt(x, y);
                        r += w * (p >> 16 & 0xff);
                        g += w * (p >> 8 & 0xff);
                        b += w * (p & 0xff);
                    }
                }
                double area = sx * sy;
                int o = (j * width + i) * 3;
                out[o] = (byte) Math.round(r / area);
                out[o + 1] = (byte) Math.round(g / area);
                out[o + 2] = (byte) Math.round(b / area);
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Every channel of every pixel within {@code tolerance}. */
    static void assertPixelsClose(RgbImage expected, RgbImage actual, int tolerance) {
        assertEquals(expected.width(), actual.width(), "width");
        assertEquals(expected.height(), actual.height(), "height");
        byte[] e = expected.rgb();
        byte[] a = actual.rgb();
        for (int i = 0; i < e.length; i++) {
            int d = Math.abs((e[i] & 0xff) - (a[i] & 0xff));
            if (d > tolerance) {
                int pixel = i / 3;
                fail("pixel (" + pixel % expected.width() + ", " + pixel / expected.width() + ") channel " + i % 3
                        + ": expected " + (e[i] & 0xff) + ", got " + (a[i] & 0xff));
            }
        }
    }
}
