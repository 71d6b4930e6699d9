package io.slidestream.synth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Streams a tiled, JPEG-compressed, pyramidal TIFF: tiles are appended as they are produced, in any
 * order, and the directories (one per level, largest first, with their TileOffsets and TileByteCounts)
 * go at the end, when all offsets are known. The header is rewritten last to point at the first one.
 */
final class PyramidTiffWriter implements AutoCloseable {
    private static final int NEW_SUBFILE_TYPE = 254;
    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int BITS_PER_SAMPLE = 258;
    private static final int COMPRESSION = 259;
    private static final int PHOTOMETRIC = 262;
    private static final int IMAGE_DESCRIPTION = 270;
    private static final int SAMPLES_PER_PIXEL = 277;
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
    /** Classic TIFF offsets are 32-bit; leave room for the directories after the tiles. */
    private static final long CLASSIC_TIFF_LIMIT = 0xFFFF_FFFFL - (64L << 20);

    private final FileChannel channel;
    private final List<PyramidLevel> levels;
    private final boolean bigTiff;
    private final long[][] tileOffsets;
    private final long[][] tileByteCounts;
    private long end;

    PyramidTiffWriter(Path path, List<PyramidLevel> levels, boolean bigTiff) throws IOException {
        this.levels = levels;
        this.bigTiff = bigTiff;
        tileOffsets = new long[levels.size()][];
        tileByteCounts = new long[levels.size()][];
        for (PyramidLevel level : levels) {
            tileOffsets[level.index()] = new long[level.tileCount()];
            tileByteCounts[level.index()] = new long[level.tileCount()];
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
    void writeTile(int level, int index, byte[] jpeg) throws IOException {
        tileOffsets[level][index] = end;
        tileByteCounts[level][index] = jpeg.length;
        writeFully(ByteBuffer.wrap(jpeg));
        end += jpeg.length;
    }

    /** Writes the directories and the header; {@code mpp} is the level-0 resolution. */
    void finish(double mpp, String description) throws IOException {
        end = (end + 7) & ~7L;
        channel.position(end);
        long firstDirectory = end;
        for (PyramidLevel level : levels) {
            TiffIfd ifd = directory(level, mpp, description);
            long next = level.index() == levels.size() - 1 ? 0 : end + ifd.byteSize();
            writeFully(ifd.encode(end, next));
            end += ifd.byteSize();
        }
        channel.position(0);
        writeFully(header(firstDirectory));
    }

    private TiffIfd directory(PyramidLevel level, double mpp, String description) {
        int index = level.index();
        // The true ratio of this level to level 0, which OpenSlide also uses as the level's downsample.
        double downsample = (double) levels.getFirst().width() / level.width();
        long pixelsPerCm = Math.round(10_000 / (mpp * downsample) * RESOLUTION_DENOMINATOR);
        TiffIfd ifd = new TiffIfd(bigTiff)
                .longs(NEW_SUBFILE_TYPE, index == 0 ? 0 : SUBFILE_REDUCED_IMAGE)
                .longs(IMAGE_WIDTH, level.width())
                .longs(IMAGE_LENGTH, level.height())
                .shorts(BITS_PER_SAMPLE, 8, 8, 8)
                .shorts(COMPRESSION, COMPRESSION_JPEG)
                .shorts(PHOTOMETRIC, PHOTOMETRIC_YCBCR)
                .shorts(SAMPLES_PER_PIXEL, 3)
                .rationals(X_RESOLUTION, pixelsPerCm, RESOLUTION_DENOMINATOR)
                .rationals(Y_RESOLUTION, pixelsPerCm, RESOLUTION_DENOMINATOR)
                .shorts(PLANAR_CONFIGURATION, 1)
                .shorts(RESOLUTION_UNIT, RESOLUTION_UNIT_CENTIMETER)
                .longs(TILE_WIDTH, level.tileSize())
                .longs(TILE_LENGTH, level.tileSize())
                .offsets(TILE_OFFSETS, tileOffsets[index])
                .longs(TILE_BYTE_COUNTS, tileByteCounts[index])
                // Must match the JPEG streams' own sampling (the JDK writer's 2x2) for libtiff.
                .shorts(YCBCR_SUBSAMPLING, 2, 2)
                .rationals(REFERENCE_BLACK_WHITE, 0, 1, 255, 1, 128, 1, 255, 1, 128, 1, 255, 1);
        if (index == 0) {
            ifd.ascii(IMAGE_DESCRIPTION, description).ascii(SOFTWARE, "SlideStream slide-synth");
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
