package io.slidestream.launcher.bench;

import io.slidestream.core.slide.jpeg.TiffTiles;
import io.slidestream.core.slide.jpeg.TurboJpeg;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tile extraction from the generator's pyramids (OpenSlide says what the levels are) and from a BigTIFF. */
class TiffTilesTest {

    @Test
    void everyLevelOfAGeneratedSlideHasAllItsTilesAsCompleteJpegStreams(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("slide.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(11), file);

        try (Slide slide = Slide.open(file); TiffTiles tiff = TiffTiles.open(file); TurboJpeg tj = TurboJpeg.decompressor()) {
            List<TiffTiles.TiledImage> images = tiff.images();
            assertEquals(slide.levelCount(), images.size(), "one tiled directory per OpenSlide level");
            for (int level = 0; level < slide.levelCount(); level++) {
                TiffTiles.TiledImage image = images.get(level);
                assertEquals(slide.levelWidth(level), image.width());
                assertEquals(slide.levelHeight(level), image.height());
                assertEquals(TiffTiles.COMPRESSION_JPEG, image.compression());
                assertEquals(256, image.tileWidth());
                assertEquals(256, image.tileHeight());
                long expected = ((image.width() + 255) / 256) * ((image.height() + 255) / 256);
                assertEquals(expected, image.tileCount(), "tiles of level " + level);
                assertEquals(image.tileCount(), image.byteCounts().length);
                for (int i = 0; i < image.tileCount(); i++) {
                    byte[] tile = tiff.tile(image, i);
                    assertTrue((tile[0] & 0xff) == 0xFF && (tile[1] & 0xff) == 0xD8,
                            "tile " + i + " of level " + level + " starts with the SOI marker FFD8");
                    assertTrue((tile[tile.length - 2] & 0xff) == 0xFF && (tile[tile.length - 1] & 0xff) == 0xD9,
                            "tile " + i + " of level " + level + " ends with the EOI marker FFD9");
                }
            }
            assertEquals(4096, images.getFirst().width());
            assertEquals(16 * 16, images.getFirst().tileCount());

            // A tile in the middle of level 0, decoded on its own, is what OpenSlide reads there.
            TiffTiles.TiledImage level0 = images.getFirst();
            int column = 8;
            int row = 8;
            TurboJpeg.Decoded decoded = tj.decode(tiff.tile(level0, level0.index(column, row)));
            RgbImage read = slide.read(new RegionRequest(0, column * 256L, row * 256L, 256, 256));
            assertEquals(256, decoded.width());
            assertEquals(256, decoded.height());
            long sum = 0;
            int max = 0;
            for (int i = 0; i < decoded.rgb().length; i++) {
                int difference = Math.abs((decoded.rgb()[i] & 0xff) - (read.rgb()[i] & 0xff));
                sum += difference;
                max = Math.max(max, difference);
            }
            double mean = (double) sum / decoded.rgb().length;
            assertTrue(mean <= 1.0 && max <= 8, "decoded tile vs OpenSlide's read: mean " + mean + ", max " + max);
        }
    }

    @Test
    void readsTheTilesOfABigTiff(@TempDir Path dir) throws IOException {
        byte[] left = TurboJpegTest.jpeg(TurboJpegTest.tissueLike(32, 16, 1), 0.9f);
        byte[] right = TurboJpegTest.jpeg(TurboJpegTest.tissueLike(32, 16, 2), 0.9f);
        Path file = dir.resolve("big.tiff");
        Files.write(file, bigTiff(48, 16, 32, 16, left, right));

        try (TiffTiles tiff = TiffTiles.open(file)) {
            assertEquals(1, tiff.images().size());
            TiffTiles.TiledImage image = tiff.image(48, 16);
            assertEquals(2, image.tilesAcross());
            assertEquals(1, image.tilesDown());
            assertEquals(2, image.tileCount());
            assertArrayEquals(left, tiff.tile(image, 0));
            assertArrayEquals(right, tiff.tile(image, 1));
            ByteBuffer both = ByteBuffer.allocateDirect(left.length + right.length);
            tiff.tile(image, 0, both);
            tiff.tile(image, 1, both);
            assertEquals(left.length + right.length, both.position());
            assertThrows(IllegalArgumentException.class, () -> tiff.image(32, 16));
        }
    }

    @Test
    void somethingThatIsNotATiffIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.tiff");
        Files.write(file, "GIF89a and then some more bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        IOException e = assertThrows(IOException.class, () -> TiffTiles.open(file));
        assertTrue(e.getMessage().contains("not a TIFF"), e.getMessage());
    }

    /** A little-endian BigTIFF with one tiled JPEG directory (offsets and counts as LONG8, out of line). */
    private static byte[] bigTiff(int width, int height, int tileWidth, int tileHeight, byte[]... tiles) {
        int entries = 7;
        int ifdAt = 16;
        int ifdSize = 8 + entries * 20 + 8;
        int offsetsAt = ifdAt + ifdSize;
        int countsAt = offsetsAt + 8 * tiles.length;
        int dataAt = countsAt + 8 * tiles.length;
        int total = dataAt;
        for (byte[] tile : tiles) {
            total += tile.length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(ifdAt);
        b.putLong(entries);
        entry(b, 256, 3, 1, width);           // ImageWidth
        entry(b, 257, 3, 1, height);          // ImageLength
        entry(b, 259, 3, 1, 7);               // Compression: JPEG
        entry(b, 322, 3, 1, tileWidth);       // TileWidth
        entry(b, 323, 3, 1, tileHeight);      // TileLength
        entry(b, 324, 16, tiles.length, offsetsAt); // TileOffsets (LONG8)
        entry(b, 325, 16, tiles.length, countsAt);  // TileByteCounts (LONG8)
        b.putLong(0); // no next directory
        long at = dataAt;
        for (byte[] tile : tiles) {
            b.putLong(at);
            at += tile.length;
        }
        for (byte[] tile : tiles) {
            b.putLong(tile.length);
        }
        for (byte[] tile : tiles) {
            b.put(tile);
        }
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, long count, long value) {
        b.putShort((short) tag).putShort((short) type).putLong(count);
        if (type == 3 && count == 1) {
            b.putShort((short) value).putShort((short) 0).putInt(0);
        } else {
            b.putLong(value);
        }
    }
}
