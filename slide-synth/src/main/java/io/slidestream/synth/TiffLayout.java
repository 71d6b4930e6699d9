package io.slidestream.synth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where things are in a (classic or Big-) TIFF, for aiming mutations: the header, each directory and its
 * entries, the values entries point at, and the tile or strip data. Tolerant: it stops at the first
 * thing that does not parse and keeps what it found.
 */
public record TiffLayout(boolean bigTiff, ByteOrder order, List<Entry> entries, List<Range> structure, List<Range> data) {

    /** One directory entry: where its bytes are, and where its value (inline or not) is. */
    record Entry(int tag, int type, long count, long position, int size, Range value) {
    }

    /** Bytes [start, end). */
    record Range(long start, long end) {
        long length() {
            return end - start;
        }
    }

    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTE_COUNTS = 325;
    private static final int STRIP_OFFSETS = 273;
    private static final int STRIP_BYTE_COUNTS = 279;

    public static TiffLayout parse(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file);
        List<Entry> entries = new ArrayList<>();
        List<Range> structure = new ArrayList<>();
        List<Range> data = new ArrayList<>();
        if (file.length < 16 || !(file[0] == 'I' && file[1] == 'I' || file[0] == 'M' && file[1] == 'M')) {
            return new TiffLayout(false, ByteOrder.LITTLE_ENDIAN, entries, structure, data);
        }
        ByteOrder order = file[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        b.order(order);
        boolean big = b.getShort(2) == 43;
        structure.add(new Range(0, big ? 16 : 8));
        long ifd = big ? b.getLong(8) : Integer.toUnsignedLong(b.getInt(4));
        Set<Long> seen = new HashSet<>();
        int entrySize = big ? 20 : 12;
        while (ifd > 0 && ifd + 8 < file.length && seen.add(ifd)) {
            long count = big ? b.getLong((int) ifd) : Short.toUnsignedInt(b.getShort((int) ifd));
            long first = ifd + (big ? 8 : 2);
            long end = first + count * entrySize + (big ? 8 : 4);
            if (count > 4096 || end > file.length) {
                break;
            }
            structure.add(new Range(ifd, end));
            long[] offsets = null;
            long[] counts = null;
            for (int i = 0; i < count; i++) {
                int p = (int) (first + (long) i * entrySize);
                int tag = Short.toUnsignedInt(b.getShort(p));
                int type = Short.toUnsignedInt(b.getShort(p + 2));
                long n = big ? b.getLong(p + 4) : Integer.toUnsignedLong(b.getInt(p + 4));
                int valuePosition = p + (big ? 12 : 8);
                long bytes = n * typeSize(type);
                Range value;
                if (bytes <= (big ? 8 : 4)) {
                    value = new Range(valuePosition, valuePosition + (big ? 8 : 4));
                } else {
                    long at = big ? b.getLong(valuePosition) : Integer.toUnsignedLong(b.getInt(valuePosition));
                    value = new Range(at, Math.min(file.length, at + bytes));
                    if (at < file.length) {
                        structure.add(value);
                    }
                }
                entries.add(new Entry(tag, type, n, p, entrySize, value));
                if (tag == TILE_OFFSETS || tag == STRIP_OFFSETS) {
                    offsets = values(b, value, type, n, file.length);
                } else if (tag == TILE_BYTE_COUNTS || tag == STRIP_BYTE_COUNTS) {
                    counts = values(b, value, type, n, file.length);
                }
            }
            if (offsets != null && counts != null) {
                for (int i = 0; i < Math.min(offsets.length, counts.length); i++) {
                    if (offsets[i] < file.length && counts[i] > 0) {
                        data.add(new Range(offsets[i], Math.min(file.length, offsets[i] + counts[i])));
                    }
                }
            }
            ifd = big ? b.getLong((int) (end - 8)) : Integer.toUnsignedLong(b.getInt((int) (end - 4)));
        }
        return new TiffLayout(big, order, List.copyOf(entries), List.copyOf(structure), List.copyOf(data));
    }

    private static long[] values(ByteBuffer b, Range at, int type, long n, long fileLength) {
        int size = typeSize(type);
        if (n > 1 << 20 || at.start + n * size > fileLength || (size != 2 && size != 4 && size != 8)) {
            return null;
        }
        long[] values = new long[(int) n];
        for (int i = 0; i < n; i++) {
            int p = (int) (at.start + (long) i * size);
            values[i] = switch (size) {
                case 2 -> Short.toUnsignedInt(b.getShort(p));
                case 4 -> Integer.toUnsignedLong(b.getInt(p));
                default -> b.getLong(p);
            };
        }
        return values;
    }

    static int typeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;          // BYTE, ASCII, SBYTE, UNDEFINED
            case 3, 8 -> 2;                // SHORT, SSHORT
            case 4, 9, 11, 13 -> 4;        // LONG, SLONG, FLOAT, IFD
            case 5, 10, 12, 16, 17, 18 -> 8; // RATIONAL, SRATIONAL, DOUBLE, LONG8, SLONG8, IFD8
            default -> 1;
        };
    }
}
