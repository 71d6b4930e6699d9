package io.slidestream.core.slide.isolated;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Writes tiled, deflate-compressed RGB TIFFs that OpenSlide opens as generic-tiff, with pixels that are a
 * known function of the position ({@link #pattern}), so tests can compute what a thumbnail must hold
 * without OpenSlide. Identical tiles are stored once and shared, so a slide whose single level is huge
 * (e.g. 65536²: hours to read) is a file of a few hundred KB.
 */
final class TestTiff {
    private static final int TILE = 256;

    private TestTiff() {
    }

    /** The level-0 pixel at (x, y) as 0xRRGGBB: smooth ramps under a checkerboard of 97 px boxes. */
    static int pattern(long x, long y) {
        int r = (int) ((x * 7) % 256);
        int g = (int) ((y * 5) % 256);
        int b = ((x / 97) + (y / 97)) % 2 == 0 ? 40 : 220;
        return r << 16 | g << 8 | b;
    }

    /**
     * A pyramid: level k is {@code ceil(width / 2^k) × ceil(height / 2^k)}, its pixel (x, y) is
     * {@link #pattern} at level-0 (x·2^k, y·2^k).
     */
    static void writePyramid(Path file, int width, int height, int levels) throws IOException {
        List<LevelSpec> specs = new ArrayList<>();
        for (int k = 0; k < levels; k++) {
            int scale = 1 << k;
            specs.add(new LevelSpec((width + scale - 1) / scale, (height + scale - 1) / scale,
                    (x, y) -> pattern(x * scale, y * scale)));
        }
        write(file, specs);
    }

    /** One level of {@link #pattern}; only sensible for sizes whose tiles differ (up to a few thousand px). */
    static void writeSingleLevel(Path file, int width, int height) throws IOException {
        write(file, List.of(new LevelSpec(width, height, TestTiff::pattern)));
    }

    /**
     * One level where every tile holds the same pixels: {@link #pattern} of the tile's own coordinates,
     * i.e. pixel (x, y) is {@code pattern(x % 256, y % 256)}. Width and height: multiples of 256.
     */
    static void writeRepeatingSingleLevel(Path file, long width, long height) throws IOException {
        write(file, List.of(new LevelSpec(width, height, (x, y) -> pattern(x % TILE, y % TILE), true)));
    }

    @FunctionalInterface
    interface Pixels {
        int rgbAt(long x, long y);
    }

    /** {@code repeatsEveryTile}: every tile equals the first, so only it is computed (sizes a multiple of 256). */
    record LevelSpec(long width, long height, Pixels pixels, boolean repeatsEveryTile) {
        LevelSpec(long width, long height, Pixels pixels) {
            this(width, height, pixels, false);
        }

        LevelSpec {
            if (repeatsEveryTile && (width % TILE != 0 || height % TILE != 0)) {
                throw new IllegalArgumentException("a repeating level is a whole number of tiles");
            }
        }
    }

    static void write(Path file, List<LevelSpec> levels) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Writer out = new Writer(channel);
            out.bytes(new byte[] {'I', 'I', 42, 0, 0, 0, 0, 0}); // first IFD offset patched below
            List<long[][]> tileTables = new ArrayList<>();
            for (LevelSpec level : levels) {
                tileTables.add(writeTiles(out, level));
            }
            long previousNextPointer = 4;
            for (int i = 0; i < levels.size(); i++) {
                long ifd = writeIfd(out, levels.get(i), i > 0, tileTables.get(i));
                out.patchInt(previousNextPointer, ifd);
                previousNextPointer = ifd + 2 + 12L * IFD_ENTRIES;
            }
            out.flush();
        }
    }

    /** Writes the level's tiles (each distinct tile once); returns {offsets, byte counts}. */
    private static long[][] writeTiles(Writer out, LevelSpec level) throws IOException {
        long across = (level.width + TILE - 1) / TILE;
        long down = (level.height + TILE - 1) / TILE;
        int count = Math.toIntExact(across * down);
        long[] offsets = new long[count];
        long[] counts = new long[count];
        Map<ByteBuffer, long[]> written = new HashMap<>();
        byte[] raw = new byte[TILE * TILE * 3];
        for (long ty = 0; ty < down; ty++) {
            for (long tx = 0; tx < across; tx++) {
                if (level.repeatsEveryTile && (tx | ty) != 0) {
                    offsets[(int) (ty * across + tx)] = offsets[0];
                    counts[(int) (ty * across + tx)] = counts[0];
                    continue;
                }
                int p = 0;
                for (int y = 0; y < TILE; y++) {
                    for (int x = 0; x < TILE; x++) {
                        long sx = tx * TILE + x;
                        long sy = ty * TILE + y;
                        // Beyond the image edge TIFF tiles are padding; keep it white.
                        int rgb = sx < level.width && sy < level.height ? level.pixels.rgbAt(sx, sy) : 0xffffff;
                        raw[p++] = (byte) (rgb >> 16);
                        raw[p++] = (byte) (rgb >> 8);
                        raw[p++] = (byte) rgb;
                    }
                }
                byte[] compressed = deflate(raw);
                ByteBuffer key = ByteBuffer.wrap(compressed); // equal contents, equal keys
                long[] at = written.get(key);
                if (at == null) {
                    at = new long[] {out.position(), compressed.length};
                    out.bytes(compressed);
                    written.put(key, at);
                }
                int index = (int) (ty * across + tx);
                offsets[index] = at[0];
                counts[index] = at[1];
            }
        }
        return new long[][] {offsets, counts};
    }

    private static final int IFD_ENTRIES = 12;

    private static long writeIfd(Writer out, LevelSpec level, boolean reduced, long[][] tiles) throws IOException {
        // Out-of-line values first, then the IFD pointing at them.
        long bitsPerSample = out.position();
        out.shorts(8, 8, 8);
        long offsets = out.position();
        out.ints(tiles[0]);
        long counts = out.position();
        out.ints(tiles[1]);
        out.align();
        long ifd = out.position();
        ByteBuffer b = ByteBuffer.allocate(2 + 12 * IFD_ENTRIES + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) IFD_ENTRIES);
        entry(b, 254, 4, 1, reduced ? 1 : 0); // NewSubfileType
        entry(b, 256, 4, 1, level.width);      // ImageWidth
        entry(b, 257, 4, 1, level.height);     // ImageLength
        entry(b, 258, 3, 3, bitsPerSample);    // BitsPerSample
        entry(b, 259, 3, 1, 8);                // Compression: Adobe deflate
        entry(b, 262, 3, 1, 2);                // Photometric: RGB
        entry(b, 277, 3, 1, 3);                // SamplesPerPixel
        entry(b, 284, 3, 1, 1);                // PlanarConfiguration: contiguous
        entry(b, 322, 4, 1, TILE);             // TileWidth
        entry(b, 323, 4, 1, TILE);             // TileLength
        int n = tiles[0].length;
        entry(b, 324, 4, n, n == 1 ? tiles[0][0] : offsets); // TileOffsets
        entry(b, 325, 4, n, n == 1 ? tiles[1][0] : counts);  // TileByteCounts
        b.putInt(0); // next IFD, patched by the caller
        out.bytes(b.array());
        return ifd;
    }

    private static void entry(ByteBuffer b, int tag, int type, long count, long value) {
        b.putShort((short) tag).putShort((short) type).putInt((int) count);
        if (type == 3 && count == 1) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt((int) value);
        }
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            bytes.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return bytes.toByteArray();
    }

    /** Sequential little-endian writer that can patch a 32-bit value behind it. */
    private static final class Writer {
        private final FileChannel channel;

        Writer(FileChannel channel) {
            this.channel = channel;
        }

        long position() throws IOException {
            return channel.position();
        }

        void bytes(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            if (channel.position() > 0xFFFF_FFFFL) {
                throw new IOException("classic TIFF cannot exceed 4 GiB");
            }
        }

        void shorts(int... values) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : values) {
                b.putShort((short) v);
            }
            bytes(b.array());
        }

        void ints(long[] values) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                b.putInt((int) v);
            }
            bytes(b.array());
        }

        void align() throws IOException {
            if (channel.position() % 2 != 0) {
                bytes(new byte[1]);
            }
        }

        void patchInt(long at, long value) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).flip();
            channel.write(b, at);
        }

        void flush() throws IOException {
            channel.force(false);
        }
    }
}
