package io.slidestream.core.slide.jpeg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tiled images of a TIFF (classic or BigTIFF, either byte order) and where each tile's bytes are: the
 * tags ImageWidth, ImageLength, TileWidth, TileLength, Compression, TileOffsets (324) and TileByteCounts
 * (325) of each directory. Reads only the header and the directories, never the whole file (a
 * benchmark slide is several GB, BigTIFF, which the JDK's TIFF reader does not read). Directories without
 * tiles (stripped thumbnail, label, macro) are skipped.
 */
public final class TiffTiles implements AutoCloseable {
    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int COMPRESSION = 259;
    private static final int PHOTOMETRIC = 262;
    private static final int SAMPLES_PER_PIXEL = 277;
    private static final int PLANAR_CONFIGURATION = 284;
    private static final int JPEG_TABLES = 347;
    private static final int TILE_WIDTH = 322;
    private static final int TILE_LENGTH = 323;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTE_COUNTS = 325;
    /** Compression 7: JPEG ("new-style", a stream per tile, tables in the stream or in JPEGTables). */
    public static final int COMPRESSION_JPEG = 7;
    /** Photometric 2: RGB. */
    public static final int PHOTOMETRIC_RGB = 2;
    /** Photometric 6: YCbCr (JPEG's usual colour space). */
    public static final int PHOTOMETRIC_YCBCR = 6;
    private static final int MAX_DIRECTORIES = 1024;

    /**
     * One tiled directory: its image size, tile size, how its pixels are stored and every tile's offset and
     * byte count (row by row).
     *
     * @param jpegTables whether the directory has a JPEGTables tag (tiles are then abbreviated streams)
     */
    public record TiledImage(int directory, long width, long height, int tileWidth, int tileHeight, int compression,
                             int photometric, int samplesPerPixel, int planarConfiguration, boolean jpegTables,
                             long[] offsets, long[] byteCounts) {
        public int tilesAcross() {
            return (int) ((width + tileWidth - 1) / tileWidth);
        }

        public int tilesDown() {
            return (int) ((height + tileHeight - 1) / tileHeight);
        }

        public int tileCount() {
            return offsets.length;
        }

        public int index(int column, int row) {
            return row * tilesAcross() + column;
        }
    }

    private final FileChannel channel;
    private final List<TiledImage> images;

    private TiffTiles(FileChannel channel, List<TiledImage> images) {
        this.channel = channel;
        this.images = images;
    }

    public static TiffTiles open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new TiffTiles(channel, parse(channel, file));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The tiled directories, in file order (a pyramid's levels, largest first). */
    public List<TiledImage> images() {
        return images;
    }

    /** The tiled directory of exactly this size. */
    public TiledImage image(long width, long height) {
        return images.stream().filter(i -> i.width() == width && i.height() == height).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tiled directory of " + width + "x" + height
                        + " (have " + images.stream().map(i -> i.width() + "x" + i.height()).toList() + ")"));
    }

    /** The bytes of one tile as stored (for compression 7, one JPEG stream). */
    public byte[] tile(TiledImage image, int index) throws IOException {
        long count = image.byteCounts()[index];
        if (count <= 0 || count > Integer.MAX_VALUE - 8) {
            throw new IOException("tile " + index + " of directory " + image.directory() + " has " + count + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) count);
        readFully(channel, buffer, image.offsets()[index]);
        return buffer.array();
    }

    /** Reads one tile into {@code target} at its position (a direct buffer, e.g. over native memory). */
    public void tile(TiledImage image, int index, ByteBuffer target) throws IOException {
        long count = image.byteCounts()[index];
        if (count <= 0 || count > target.remaining()) {
            throw new IOException("tile " + index + " of directory " + image.directory() + " has " + count
                    + " bytes, " + target.remaining() + " left in the buffer");
        }
        ByteBuffer slice = target.slice(target.position(), (int) count);
        readFully(channel, slice, image.offsets()[index]);
        target.position(target.position() + (int) count);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    // ------------------------------------------------------------------------------------------ parsing

    private static List<TiledImage> parse(FileChannel channel, Path file) throws IOException {
        ByteBuffer header = read(channel, 0, 16, ByteOrder.LITTLE_ENDIAN);
        byte b0 = header.get(0);
        byte b1 = header.get(1);
        ByteOrder order;
        if (b0 == 'I' && b1 == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (b0 == 'M' && b1 == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new IOException(file + " is not a TIFF (no II/MM byte order mark)");
        }
        header.order(order);
        int magic = Short.toUnsignedInt(header.getShort(2));
        boolean big;
        long ifd;
        if (magic == 42) {
            big = false;
            ifd = Integer.toUnsignedLong(header.getInt(4));
        } else if (magic == 43) {
            big = true;
            if (header.getShort(4) != 8) {
                throw new IOException(file + ": BigTIFF with an offset size other than 8");
            }
            ifd = header.getLong(8);
        } else {
            throw new IOException(file + " is not a TIFF (magic " + magic + ")");
        }
        long size = channel.size();
        List<TiledImage> images = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        int directory = 0;
        while (ifd != 0) {
            if (ifd < 0 || ifd >= size || !seen.add(ifd) || seen.size() > MAX_DIRECTORIES) {
                throw new IOException(file + ": bad directory offset " + ifd);
            }
            long entries = big ? read(channel, ifd, 8, order).getLong(0)
                    : Short.toUnsignedInt(read(channel, ifd, 2, order).getShort(0));
            int entrySize = big ? 20 : 12;
            long first = ifd + (big ? 8 : 2);
            if (entries <= 0 || entries > 4096) {
                throw new IOException(file + ": directory " + directory + " has " + entries + " entries");
            }
            ByteBuffer table = read(channel, first, (int) (entries * entrySize + (big ? 8 : 4)), order);
            long width = -1;
            long height = -1;
            long tileWidth = -1;
            long tileHeight = -1;
            long compression = 1;
            long photometric = -1;
            long samples = 1;
            long planar = 1;
            boolean tables = false;
            long[] offsets = null;
            long[] counts = null;
            for (int i = 0; i < entries; i++) {
                int p = i * entrySize;
                int tag = Short.toUnsignedInt(table.getShort(p));
                int type = Short.toUnsignedInt(table.getShort(p + 2));
                long count = big ? table.getLong(p + 4) : Integer.toUnsignedLong(table.getInt(p + 4));
                int valueAt = p + (big ? 12 : 8);
                switch (tag) {
                    case IMAGE_WIDTH -> width = values(channel, table, valueAt, type, count, big, order)[0];
                    case IMAGE_LENGTH -> height = values(channel, table, valueAt, type, count, big, order)[0];
                    case COMPRESSION -> compression = values(channel, table, valueAt, type, count, big, order)[0];
                    case TILE_WIDTH -> tileWidth = values(channel, table, valueAt, type, count, big, order)[0];
                    case TILE_LENGTH -> tileHeight = values(channel, table, valueAt, type, count, big, order)[0];
                    case TILE_OFFSETS -> offsets = values(channel, table, valueAt, type, count, big, order);
                    case TILE_BYTE_COUNTS -> counts = values(channel, table, valueAt, type, count, big, order);
                    case PHOTOMETRIC -> photometric = values(channel, table, valueAt, type, count, big, order)[0];
                    case SAMPLES_PER_PIXEL -> samples = values(channel, table, valueAt, type, count, big, order)[0];
                    case PLANAR_CONFIGURATION -> planar = values(channel, table, valueAt, type, count, big, order)[0];
                    case JPEG_TABLES -> tables = true;
                    default -> {
                    }
                }
            }
            if (offsets != null) {
                if (counts == null || counts.length != offsets.length || width <= 0 || height <= 0
                        || tileWidth <= 0 || tileHeight <= 0) {
                    throw new IOException(file + ": directory " + directory + " has tile offsets but no usable "
                            + "TileByteCounts, ImageWidth, ImageLength, TileWidth or TileLength");
                }
                TiledImage image = new TiledImage(directory, width, height, (int) tileWidth, (int) tileHeight,
                        (int) compression, (int) photometric, (int) samples, (int) planar, tables, offsets, counts);
                long expected = (long) image.tilesAcross() * image.tilesDown();
                if (offsets.length != expected) {
                    throw new IOException(file + ": directory " + directory + " has " + offsets.length
                            + " tiles, " + width + "x" + height + " in " + tileWidth + "x" + tileHeight + " tiles needs "
                            + expected);
                }
                for (int i = 0; i < offsets.length; i++) {
                    if (offsets[i] < 0 || counts[i] < 0 || offsets[i] + counts[i] > size) {
                        throw new IOException(file + ": tile " + i + " of directory " + directory + " lies outside the file");
                    }
                }
                images.add(image);
            }
            int nextAt = (int) (entries * entrySize);
            ifd = big ? table.getLong(nextAt) : Integer.toUnsignedLong(table.getInt(nextAt));
            directory++;
        }
        return List.copyOf(images);
    }

    /** An entry's values as unsigned integers (BYTE, SHORT, LONG, LONG8), inline or at their offset. */
    private static long[] values(FileChannel channel, ByteBuffer table, int valueAt, int type, long count, boolean big,
                                 ByteOrder order) throws IOException {
        int size = switch (type) {
            case 1 -> 1;   // BYTE
            case 3 -> 2;   // SHORT
            case 4 -> 4;   // LONG
            case 16 -> 8;  // LONG8
            default -> throw new IOException("unexpected TIFF field type " + type + " for an integer tag");
        };
        if (count <= 0 || count > (1 << 26)) {
            throw new IOException("TIFF field of " + count + " values");
        }
        long bytes = count * size;
        ByteBuffer values;
        if (bytes <= (big ? 8 : 4)) {
            values = table.slice(valueAt, (int) bytes).order(order);
        } else {
            long at = big ? table.getLong(valueAt) : Integer.toUnsignedLong(table.getInt(valueAt));
            values = read(channel, at, (int) bytes, order);
        }
        long[] out = new long[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (size) {
                case 1 -> Byte.toUnsignedInt(values.get(i));
                case 2 -> Short.toUnsignedInt(values.getShort(i * 2));
                case 4 -> Integer.toUnsignedLong(values.getInt(i * 4));
                default -> values.getLong(i * 8);
            };
        }
        return out;
    }

    private static ByteBuffer read(FileChannel channel, long at, int length, ByteOrder order) throws IOException {
        if (at < 0 || at + length > channel.size()) {
            // The header of a tiny file may be shorter than 16 bytes: read what there is.
            if (at == 0 && length == 16 && channel.size() >= 8) {
                length = (int) Math.min(16, channel.size());
            } else {
                throw new IOException("TIFF structure at " + at + " (+" + length + ") lies outside the file");
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
        readFully(channel, buffer, at);
        return buffer.flip().order(order);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        long position = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("end of file at " + position);
            }
            position += n;
        }
    }
}
