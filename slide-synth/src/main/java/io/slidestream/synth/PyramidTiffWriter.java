package io.slidestream.synth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a tiled, JPEG-compressed, pyramidal TIFF: tiles are appended as they are produced, in any
 * order; at the end come the small stripped images (thumbnail, label, macro), then the directories in
 * the order {@link #finish} is given them, when all offsets are known. The header is rewritten last to
 * point at the first directory.
 */
final class PyramidTiffWriter implements AutoCloseable {
    /** One directory of the file. */
    sealed interface Page permits LevelPage, StripPage {
    }

    /**
     * A written pyramid level, its tiles already appended.
     *
     * @param description ImageDescription, or null for none
     * @param software    Software, or null for none
     * @param mpp         level-0 microns per pixel for the resolution tags (scaled to the level), or 0 for
     *                    no resolution tags at all
     */
    record LevelPage(PyramidLevel level, String description, String software, double mpp) implements Page {
    }

    /** A small image stored whole as one JPEG strip, as Aperio stores its thumbnail, label and macro. */
    record StripPage(int width, int height, byte[] jpeg, String description) implements Page {
    }

    private static final int NEW_SUBFILE_TYPE = 254;
    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int BITS_PER_SAMPLE = 258;
    private static final int COMPRESSION = 259;
    private static final int PHOTOMETRIC = 262;
    private static final int IMAGE_DESCRIPTION = 270;
    private static final int STRIP_OFFSETS = 273;
    private static final int SAMPLES_PER_PIXEL = 277;
    private static final int ROWS_PER_STRIP = 278;
    private static final int STRIP_BYTE_COUNTS = 279;
    private static final int X_RESOLUTION = 282;
    private static final int Y_RESOLUTION = 283;
    private static final int PLANAR_CONFIGURATION = 284;
    private static final int RESOLUTION_UNIT = 296;
    private static final int SOFTWARE = 305;
    private static final int TILE_WIDTH = 322;
    private static final int TILE_LENGTH = 323;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTE_COUNTS = 325;
    private static final int YCBCR_SUBSAMPLING = 530;
    private static final int REFERENCE_BLACK_WHITE = 532;

    private static final int COMPRESSION_JPEG = 7;
    private static final int PHOTOMETRIC_YCBCR = 6;
    private static final int RESOLUTION_UNIT_CENTIMETER = 3;
    private static final int SUBFILE_REDUCED_IMAGE = 1;
    /** Resolution rationals carry three decimals of pixels per cm. */
    private static final long RESOLUTION_DENOMINATOR = 1000;
    /** Classic TIFF offsets are 32-bit; leave room for the stripped images and directories after the tiles. */
    private static final long CLASSIC_TIFF_LIMIT = 0xFFFF_FFFFL - (64L << 20);

    private final FileChannel channel;
    private final List<PyramidLevel> levels;
    private final boolean bigTiff;
    /** Per written level (by position in {@code levels}). */
    private final long[][] tileOffsets;
    private final long[][] tileByteCounts;
    /** Position in {@code levels} by cascade index, -1 for a level that is not written. */
    private final int[] positionOfIndex;
    private long end;

    /** {@code levels}: the written levels, largest first. */
    PyramidTiffWriter(Path path, List<PyramidLevel> levels, boolean bigTiff) throws IOException {
        this.levels = List.copyOf(levels);
        this.bigTiff = bigTiff;
        tileOffsets = new long[levels.size()][];
        tileByteCounts = new long[levels.size()][];
        positionOfIndex = new int[levels.getLast().index() + 1];
        Arrays.fill(positionOfIndex, -1);
        for (int position = 0; position < levels.size(); position++) {
            PyramidLevel level = levels.get(position);
            tileOffsets[position] = new long[level.tileCount()];
            tileByteCounts[position] = new long[level.tileCount()];
            positionOfIndex[level.index()] = position;
        }
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        end = header(0).remaining();
        channel.position(end);
    }

    /**
     * BigTIFF only when the file could pass 4 GiB: if every tile were as large as its raw pixels (JPEG of
     * noise at high quality comes close), plus its JPEG headers. Smaller slides stay classic TIFF, which
     * more tools read.
     */
    static boolean needsBigTiff(List<PyramidLevel> levels) {
        long worstCase = 0;
        for (PyramidLevel level : levels) {
            long rawTile = 3L * level.tileSize() * level.tileSize();
            worstCase += level.tileCount() * (rawTile + rawTile / 4 + 2048);
        }
        return worstCase > CLASSIC_TIFF_LIMIT;
    }

    /** Appends one tile's JPEG stream; {@code index} is row * tilesAcross + column. */
    void writeTile(PyramidLevel level, int index, byte[] jpeg) throws IOException {
        int position = positionOfIndex[level.index()];
        tileOffsets[position][index] = end;
        tileByteCounts[position][index] = jpeg.length;
        writeFully(ByteBuffer.wrap(jpeg));
        end += jpeg.length;
    }

    /**
     * Appends the strips of the strip pages, then writes the directories in the order of {@code pages}
     * and the header. Every written level must be among the pages.
     */
    void finish(List<Page> pages) throws IOException {
        long[] stripOffsets = new long[pages.size()];
        for (int i = 0; i < pages.size(); i++) {
            if (pages.get(i) instanceof StripPage strip) {
                stripOffsets[i] = end;
                writeFully(ByteBuffer.wrap(strip.jpeg()));
                end += strip.jpeg().length;
            }
        }
        end = (end + 7) & ~7L;
        channel.position(end);
        long firstDirectory = end;
        for (int i = 0; i < pages.size(); i++) {
            TiffIfd ifd = switch (pages.get(i)) {
                case LevelPage level -> directory(level);
                case StripPage strip -> directory(strip, stripOffsets[i]);
            };
            long next = i == pages.size() - 1 ? 0 : end + ifd.byteSize();
            writeFully(ifd.encode(end, next));
            end += ifd.byteSize();
        }
        channel.position(0);
        writeFully(header(firstDirectory));
    }

    private TiffIfd directory(LevelPage page) {
        PyramidLevel level = page.level();
        int position = positionOfIndex[level.index()];
        TiffIfd ifd = new TiffIfd(bigTiff)
                .longs(NEW_SUBFILE_TYPE, position == 0 ? 0 : SUBFILE_REDUCED_IMAGE)
                .longs(IMAGE_WIDTH, level.width())
                .longs(IMAGE_LENGTH, level.height())
                .shorts(BITS_PER_SAMPLE, 8, 8, 8)
                .shorts(COMPRESSION, COMPRESSION_JPEG)
                .shorts(PHOTOMETRIC, PHOTOMETRIC_YCBCR)
                .shorts(SAMPLES_PER_PIXEL, 3)
                .shorts(PLANAR_CONFIGURATION, 1)
                .longs(TILE_WIDTH, level.tileSize())
                .longs(TILE_LENGTH, level.tileSize())
                .offsets(TILE_OFFSETS, tileOffsets[position])
                .longs(TILE_BYTE_COUNTS, tileByteCounts[position])
                // Must match the JPEG streams' own sampling (the JDK writer's 2x2) for libtiff.
                .shorts(YCBCR_SUBSAMPLING, 2, 2)
                .rationals(REFERENCE_BLACK_WHITE, 0, 1, 255, 1, 128, 1, 255, 1, 128, 1, 255, 1);
        if (page.mpp() > 0) {
            // The true ratio of this level to level 0, which OpenSlide also uses as the level's downsample.
            double downsample = (double) levels.getFirst().width() / level.width();
            long pixelsPerCm = Math.round(10_000 / (page.mpp() * downsample) * RESOLUTION_DENOMINATOR);
            ifd.rationals(X_RESOLUTION, pixelsPerCm, RESOLUTION_DENOMINATOR)
                    .rationals(Y_RESOLUTION, pixelsPerCm, RESOLUTION_DENOMINATOR)
                    .shorts(RESOLUTION_UNIT, RESOLUTION_UNIT_CENTIMETER);
        }
        if (page.description() != null) {
            ifd.ascii(IMAGE_DESCRIPTION, page.description());
        }
        if (page.software() != null) {
            ifd.ascii(SOFTWARE, page.software());
        }
        return ifd;
    }

    /** One strip holding the whole image; libtiff decodes it like a tile, as full-image YCbCr JPEG. */
    private TiffIfd directory(StripPage page, long offset) {
        TiffIfd ifd = new TiffIfd(bigTiff)
                .longs(NEW_SUBFILE_TYPE, SUBFILE_REDUCED_IMAGE)
                .longs(IMAGE_WIDTH, page.width())
                .longs(IMAGE_LENGTH, page.height())
                .shorts(BITS_PER_SAMPLE, 8, 8, 8)
                .shorts(COMPRESSION, COMPRESSION_JPEG)
                .shorts(PHOTOMETRIC, PHOTOMETRIC_YCBCR)
                .offsets(STRIP_OFFSETS, offset)
                .shorts(SAMPLES_PER_PIXEL, 3)
                .longs(ROWS_PER_STRIP, page.height())
                .longs(STRIP_BYTE_COUNTS, page.jpeg().length)
                .shorts(PLANAR_CONFIGURATION, 1)
                .shorts(YCBCR_SUBSAMPLING, 2, 2)
                .rationals(REFERENCE_BLACK_WHITE, 0, 1, 255, 1, 128, 1, 255, 1, 128, 1, 255, 1);
        if (page.description() != null) {
            ifd.ascii(IMAGE_DESCRIPTION, page.description());
        }
        return ifd;
    }

    private ByteBuffer header(long firstDirectory) {
        ByteBuffer header = ByteBuffer.allocate(bigTiff ? 16 : 8).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 'I').put((byte) 'I');
        if (bigTiff) {
            header.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(firstDirectory);
        } else {
            header.putShort((short) 42).putInt((int) firstDirectory);
        }
        return header.flip();
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
