package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AreaAveragerTest {

    @Test
    void equalSizesCopyTheSource() {
        RgbImage source = random(7, 5, 1);
        assertArrayEquals(source.rgb(), averageInBands(source, 7, 5, 2, 3));
    }

    @Test
    void resultDoesNotDependOnHowTheSourceIsCutIntoPieces() {
        RgbImage source = random(53, 41, 2);
        byte[] whole = averageInBands(source, 10, 9, 41, 53);
        for (int bandRows : new int[] {1, 3, 7, 40}) {
            for (int pieceWidth : new int[] {1, 5, 52}) {
                assertArrayEquals(whole, averageInBands(source, 10, 9, bandRows, pieceWidth));
            }
        }
    }

    @Test
    void matchesTheReferenceAverageWithinRounding() {
        for (int seed = 0; seed < 5; seed++) {
            RgbImage source = random(97 + seed, 61 + 3 * seed, seed);
            for (int[] size : new int[][] {{1, 1}, {2, 3}, {13, 11}, {48, 30}, {97 + seed, 61 + 3 * seed}}) {
                RgbImage actual = new RgbImage(size[0], size[1], averageInBands(source, size[0], size[1], 4, 16));
                Fixtures.assertPixelsClose(Fixtures.referenceAverage(source, size[0], size[1]), actual, 1);
            }
        }
    }

    @Test
    void refusesToUpscaleOrToMissRows() {
        assertThrows(IllegalArgumentException.class, () -> new AreaAverager(10, 10, 11, 5));
        AreaAverager averager = new AreaAverager(10, 10, 5, 5);
        averager.beginBand(0, 4);
        averager.addPiece(0, 10, new byte[10 * 4 * 3]);
        averager.endBand();
        assertThrows(IllegalStateException.class, () -> averager.beginBand(5, 4));
        assertThrows(IllegalStateException.class, averager::result);
    }

    private static byte[] averageInBands(RgbImage source, int width, int height, int bandRows, int pieceWidth) {
        AreaAverager averager = new AreaAverager(source.width(), source.height(), width, height);
        for (int y = 0; y < source.height(); y += bandRows) {
            int rows = Math.min(bandRows, source.height() - y);
            averager.beginBand(y, rows);
            for (int x = 0; x < source.width(); x += pieceWidth) {
                int columns = Math.min(pieceWidth, source.width() - x);
                averager.addPiece(x, columns, source.crop(x, y, columns, rows).rgb());
            }
            averager.endBand();
        }
        return averager.result();
    }

    private static RgbImage random(int width, int height, long seed) {
        byte[] rgb = new byte[width * height * 3];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(width, height, rgb);
    }
}
