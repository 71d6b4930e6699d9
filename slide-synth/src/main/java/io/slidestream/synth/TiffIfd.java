package io.slidestream.synth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * One TIFF image file directory, little-endian, as classic TIFF or BigTIFF. Entries are kept sorted by
 * tag (TIFF requires it); values too long to sit in an entry follow the directory, 8-byte aligned.
 */
final class TiffIfd {
    private static final short ASCII = 2;
    private static final short SHORT = 3;
    private static final short LONG = 4;
    private static final short RATIONAL = 5;
    private static final short LONG8 = 16;

    private record Entry(int tag, short type, long count, byte[] value) {
    }

    private final TreeMap<Integer, Entry> entries = new TreeMap<>();
    private final boolean bigTiff;

    TiffIfd(boolean bigTiff) {
        this.bigTiff = bigTiff;
    }

    TiffIfd shorts(int tag, int... values) {
        ByteBuffer buffer = little(2 * values.length);
        for (int value : values) {
            buffer.putShort((short) value);
        }
        return put(tag, SHORT, values.length, buffer);
    }

    TiffIfd longs(int tag, long... values) {
        ByteBuffer buffer = little(4 * values.length);
        for (long value : values) {
            buffer.putInt((int) checkedUnsigned32(value));
        }
        return put(tag, LONG, values.length, buffer);
    }

    /** File offsets: LONG in classic TIFF, LONG8 in BigTIFF. */
    TiffIfd offsets(int tag, long... values) {
        if (!bigTiff) {
            return longs(tag, values);
        }
        ByteBuffer buffer = little(8 * values.length);
        for (long value : values) {
            buffer.putLong(value);
        }
        return put(tag, LONG8, values.length, buffer);
    }

    /** Rationals given as numerator, denominator pairs. */
    TiffIfd rationals(int tag, long... numeratorsAndDenominators) {
        ByteBuffer buffer = little(4 * numeratorsAndDenominators.length);
        for (long value : numeratorsAndDenominators) {
            buffer.putInt((int) checkedUnsigned32(value));
        }
        return put(tag, RATIONAL, numeratorsAndDenominators.length / 2, buffer);
    }

    TiffIfd ascii(int tag, String text) {
        byte[] chars = (text + '\0').getBytes(StandardCharsets.US_ASCII);
        return put(tag, ASCII, chars.length, ByteBuffer.wrap(chars));
    }

    /** Bytes taken by the directory and the values that follow it. */
    long byteSize() {
        long size = directorySize();
        for (Entry entry : entries.values()) {
            if (entry.value.length > inlineBytes()) {
                size = align8(size) + entry.value.length;
            }
        }
        return align8(size);
    }

    /** The directory as it sits at file offset {@code at}, pointing to the next one at {@code next} (0: last). */
    ByteBuffer encode(long at, long next) {
        ByteBuffer out = little((int) byteSize());
        long valueAt = directorySize();
        if (bigTiff) {
            out.putLong(entries.size());
        } else {
            out.putShort((short) entries.size());
        }
        for (Entry entry : entries.values()) {
            out.putShort((short) entry.tag).putShort(entry.type);
            if (bigTiff) {
                out.putLong(entry.count);
            } else {
                out.putInt((int) entry.count);
            }
            int slot = out.position();
            if (entry.value.length <= inlineBytes()) {
                out.put(entry.value);
            } else {
                valueAt = align8(valueAt);
                long offset = at + valueAt;
                if (bigTiff) {
                    out.putLong(offset);
                } else {
                    out.putInt((int) checkedUnsigned32(offset));
                }
                out.put((int) valueAt, entry.value);
                valueAt += entry.value.length;
            }
            out.position(slot + inlineBytes());
        }
        if (bigTiff) {
            out.putLong(next);
        } else {
            out.putInt((int) checkedUnsigned32(next));
        }
        return out.rewind();
    }

    private TiffIfd put(int tag, short type, long count, ByteBuffer value) {
        entries.put(tag, new Entry(tag, type, count, value.array()));
        return this;
    }

    private long directorySize() {
        return bigTiff ? 8 + 20L * entries.size() + 8 : 2 + 12L * entries.size() + 4;
    }

    private int inlineBytes() {
        return bigTiff ? 8 : 4;
    }

    private static long align8(long value) {
        return (value + 7) & ~7L;
    }

    private static long checkedUnsigned32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalStateException("value " + value + " does not fit a classic TIFF field; use BigTIFF");
        }
        return value;
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
