package io.slidestream.core.slide.jpeg;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads regions of a tiled TIFF pyramid whose tiles are self-contained YCbCr JPEG streams by decoding the
 * tiles with libjpeg-turbo straight into RGB. OpenSlide decodes the same streams with the same library and
 * the same (default) settings, then converts each tile to premultiplied ARGB and composites it with cairo;
 * that costs several times the decoding itself, and it is the read stage of every worker. The pixels are
 * the same bytes OpenSlide gives (the slide tests compare every pixel of many regions), so this is only a
 * faster way to the same answer, and it declines, for OpenSlide to answer, whatever it does not cover:
 * <ul>
 * <li>files of other vendors than generic TIFF and Aperio, or any level whose directory is not 3-sample
 *     YCbCr JPEG without shared tables (JPEGTables), checked when the slide is opened;</li>
 * <li>requests that do not start on a whole pixel of their level (OpenSlide paints those at a fractional
 *     offset, interpolating).</li>
 * </ul>
 * Pixels outside the level are white, as OpenSlide's transparent ones are on white. Like OpenSlide, it keeps
 * recently decoded tiles ({@value #CACHE_BYTES} bytes per slide): neighbouring patch batches share the tiles
 * of their context inputs, which are read at a coarser level. Safe for many threads: each read borrows a
 * decompressor and reads tiles with positional reads.
 */
public final class DirectJpegTiles implements AutoCloseable {
    private static final Set<String> VENDORS = Set.of("generic-tiff", "aperio");
    /** Decoded tiles kept per slide: 48 tiles of 256 × 256 px. */
    static final long CACHE_BYTES = 48L * 256 * 256 * 3;

    private final Path file;
    private final TiffTiles tiff;
    private final TiffTiles.TiledImage[] levels;
    private final double[] downsamples;
    private final ConcurrentLinkedQueue<Decoder> decoders = new ConcurrentLinkedQueue<>();
    private final TileCache cache = new TileCache(CACHE_BYTES);

    /** Decoded tiles by level and index, least recently used dropped first. */
    private static final class TileCache {
        private final long capacity;
        private final java.util.LinkedHashMap<Long, byte[]> tiles = new java.util.LinkedHashMap<>(64, 0.75f, true);
        private long bytes;

        TileCache(long capacity) {
            this.capacity = capacity;
        }

        synchronized byte[] get(long key) {
            return tiles.get(key);
        }

        synchronized void put(long key, byte[] rgb) {
            byte[] old = tiles.put(key, rgb);
            bytes += rgb.length - (old == null ? 0 : old.length);
            var eldest = tiles.entrySet().iterator();
            while (bytes > capacity && eldest.hasNext()) {
                bytes -= eldest.next().getValue().length;
                eldest.remove();
            }
        }
    }

    /** A decompressor with its native buffer for one tile's stream. */
    private static final class Decoder implements AutoCloseable {
        final TurboJpeg jpeg = TurboJpeg.decompressor();
        final Arena arena = Arena.ofShared();
        MemorySegment stream = MemorySegment.NULL;

        MemorySegment stream(long bytes) {
            if (stream.byteSize() < bytes) {
                stream = arena.allocate(Math.max(bytes, 128 * 1024));
            }
            return stream;
        }

        @Override
        public void close() {
            jpeg.close();
            arena.close();
        }
    }

    private DirectJpegTiles(Path file, TiffTiles tiff, TiffTiles.TiledImage[] levels, double[] downsamples) {
        this.file = file;
        this.tiff = tiff;
        this.levels = levels;
        this.downsamples = downsamples.clone();
    }

    /**
     * The direct reader of a slide OpenSlide has opened, given its vendor and levels; empty when the file is
     * not one this reader covers exactly or libturbojpeg is not installed.
     */
    public static Optional<DirectJpegTiles> open(Path file, String vendor, long[] widths, long[] heights,
                                                 double[] downsamples) {
        if (vendor == null || !VENDORS.contains(vendor) || !TurboJpeg.available()) {
            return Optional.empty();
        }
        TiffTiles tiff;
        try {
            tiff = TiffTiles.open(file);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        List<TiffTiles.TiledImage> images = tiff.images();
        TiffTiles.TiledImage[] levels = new TiffTiles.TiledImage[widths.length];
        for (int level = 0; level < widths.length; level++) {
            long w = widths[level];
            long h = heights[level];
            levels[level] = images.stream().filter(i -> i.width() == w && i.height() == h).findFirst()
                    .filter(DirectJpegTiles::covered).orElse(null);
            if (levels[level] == null) {
                close(tiff);
                return Optional.empty();
            }
        }
        return Optional.of(new DirectJpegTiles(file, tiff, levels, downsamples));
    }

    private static boolean covered(TiffTiles.TiledImage image) {
        return image.compression() == TiffTiles.COMPRESSION_JPEG && image.photometric() == TiffTiles.PHOTOMETRIC_YCBCR
                && image.samplesPerPixel() == 3 && image.planarConfiguration() == 1 && !image.jpegTables();
    }

    /**
     * The region's packed RGB, or null when it does not start on a whole pixel of its level (OpenSlide must
     * read it).
     *
     * @param x level-0 x of the top-left corner, as OpenSlide takes it
     * @param y level-0 y of the top-left corner
     * @throws IOException when a tile cannot be read or decoded (its message names the tile and the cause)
     */
    public byte[] read(int level, long x, long y, int width, int height) throws IOException {
        double levelX = x / downsamples[level];
        double levelY = y / downsamples[level];
        if (levelX != Math.floor(levelX) || levelY != Math.floor(levelY)) {
            return null;
        }
        long left = (long) levelX;
        long top = (long) levelY;
        TiffTiles.TiledImage image = levels[level];
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        long fromX = Math.max(left, 0);
        long fromY = Math.max(top, 0);
        long toX = Math.min(left + width, image.width());
        long toY = Math.min(top + height, image.height());
        if (fromX > left || fromY > top || toX < left + width || toY < top + height) {
            java.util.Arrays.fill(out, (byte) 255); // partly outside the level: white, as OpenSlide's transparent
        }
        if (fromX >= toX || fromY >= toY) {
            return out;
        }
        int tileWidth = image.tileWidth();
        int tileHeight = image.tileHeight();
        Decoder decoder = null;
        try {
            for (long row = fromY / tileHeight; row <= (toY - 1) / tileHeight; row++) {
                for (long column = fromX / tileWidth; column <= (toX - 1) / tileWidth; column++) {
                    long key = ((long) level << 40) | image.index((int) column, (int) row);
                    byte[] pixels = cache.get(key);
                    if (pixels == null) {
                        decoder = decoder != null ? decoder : borrow();
                        pixels = decode(decoder, image, level, (int) column, (int) row);
                        cache.put(key, pixels);
                    }
                    long tileX = column * tileWidth;
                    long tileY = row * tileHeight;
                    long x0 = Math.max(fromX, tileX);
                    long x1 = Math.min(toX, tileX + tileWidth);
                    int bytes = (int) (x1 - x0) * 3;
                    for (long py = Math.max(fromY, tileY); py < Math.min(toY, tileY + tileHeight); py++) {
                        long source = ((py - tileY) * tileWidth + (x0 - tileX)) * 3;
                        int target = (int) (((py - top) * width + (x0 - left)) * 3);
                        System.arraycopy(pixels, (int) source, out, target, bytes);
                    }
                }
            }
        } finally {
            if (decoder != null) {
                decoders.add(decoder);
            }
        }
        return out;
    }

    private byte[] decode(Decoder decoder, TiffTiles.TiledImage image, int level, int column, int row)
            throws IOException {
        int index = image.index(column, row);
        long size = image.byteCounts()[index];
        MemorySegment stream = decoder.stream(size);
        ByteBuffer buffer = stream.asSlice(0, size).asByteBuffer();
        tiff.tile(image, index, buffer);
        try {
            TurboJpeg.Header header = decoder.jpeg.header(stream, size);
            if (header.width() != image.tileWidth() || header.height() != image.tileHeight()) {
                throw new IOException("tile (" + column + ", " + row + ") of level " + level + " is " + header.width()
                        + "x" + header.height() + ", not the directory's " + image.tileWidth() + "x" + image.tileHeight());
            }
            byte[] rgb = new byte[Math.toIntExact(header.pixels() * 3)];
            decoder.jpeg.decompress(stream, size, header, MemorySegment.ofArray(rgb));
            return rgb;
        } catch (TurboJpeg.TurboJpegException e) {
            throw new IOException("tile (" + column + ", " + row + ") of level " + level + " of " + file.getFileName()
                    + " cannot be decoded: " + e.libraryMessage(), e);
        }
    }

    private Decoder borrow() {
        Decoder decoder = decoders.poll();
        return decoder != null ? decoder : new Decoder();
    }

    /** Call when no read is in progress (the slide's close takes its write lock). */
    @Override
    public void close() {
        Decoder decoder;
        while ((decoder = decoders.poll()) != null) {
            decoder.close();
        }
        close(tiff);
    }

    private static void close(TiffTiles tiff) {
        try {
            tiff.close();
        } catch (IOException ignored) {
            // read-only file: nothing to flush
        }
    }
}
