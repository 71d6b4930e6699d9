package io.slidestream.synth;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic mutations of a slide file for fuzzing its readers (the slide-core reader process, the
 * tiler): the same (file, kind, seed) gives the same bytes, so any finding is a recipe. Each mutation
 * also describes what it did.
 */
public final class SlideMutator {
    public enum Kind {
        /** Cut the file short: inside the header, inside a directory, inside the tile data, or anywhere. */
        TRUNCATE,
        /** Flip a few random bits in the header, the directories and the values they point at. */
        FLIP_STRUCTURE,
        /** Overwrite a few random bytes of the compressed tile (or strip) data. */
        FLIP_DATA,
        /** Zero the header, or only its pointer to the first directory. */
        ZERO_HEADER,
        /** Zero one whole directory entry (tag, type, count and value). */
        ZERO_ENTRY,
        /** Set one entry's count or value to an edge value: 0, 1, 2^16, 2^31 - 1, 2^32 - 1, past the end... */
        ENTRY_EDGE_VALUE,
        /**
         * Give an image-format tag (compression, photometric, bits and samples per pixel, subsampling,
         * planar configuration, tile size) another value it can legally have, so that libtiff decodes
         * the data as what it is not.
         */
        TAG_VALUE,
        /** Two to four of the above at once. */
        STACKED
    }

    public record Mutant(byte[] bytes, String description) {
    }

    private static final long[] EDGE_VALUES = {0, 1, 2, 3, 7, 0xFF, 0xFFFF, 0x10000, 0x7FFF_FFFFL, 0x8000_0000L,
            0xFFFF_FFFFL, 0xFFFF_FFFEL};

    private SlideMutator() {
    }

    public static Mutant mutate(byte[] original, TiffLayout layout, Kind kind, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = original.clone();
        return switch (kind) {
            case TRUNCATE -> truncate(bytes, layout, random);
            case FLIP_STRUCTURE -> flipStructure(bytes, layout, random);
            case FLIP_DATA -> flipData(bytes, layout, random);
            case ZERO_HEADER -> zeroHeader(bytes, layout, random);
            case ZERO_ENTRY -> zeroEntry(bytes, layout, random);
            case ENTRY_EDGE_VALUE -> edgeValue(bytes, layout, random);
            case TAG_VALUE -> tagValue(bytes, layout, random);
            case STACKED -> stacked(bytes, layout, random);
        };
    }

    /** Values each image-format tag can take: codecs libtiff knows, photometrics, bit depths, sizes. */
    private static final java.util.Map<Integer, long[]> TAG_VALUES = java.util.Map.of(
            259, new long[] {1, 2, 3, 4, 5, 6, 7, 8, 32773, 32946, 34676, 34677, 34712, 34925, 50000, 50001,
                    33003, 33005},
            262, new long[] {0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 32844, 32845},
            258, new long[] {1, 2, 4, 12, 16, 24, 32, 64},
            277, new long[] {1, 2, 4, 5, 8},
            530, new long[] {0x0001_0001L, 0x0001_0002L, 0x0002_0001L, 0x0002_0002L, 0x0004_0004L, 0x0004_0002L,
                    0x0003_0003L},
            284, new long[] {1, 2},
            322, new long[] {16, 32, 48, 240, 272, 512, 4096, 65536, 0x0100_0000L, 0x7FFF_FFFFL},
            323, new long[] {16, 32, 48, 240, 272, 512, 4096, 65536, 0x0100_0000L, 0x7FFF_FFFFL},
            339, new long[] {1, 2, 3, 4},
            317, new long[] {1, 2, 3});

    private static Mutant tagValue(byte[] bytes, TiffLayout layout, SplittableRandom random) {
        java.util.List<TiffLayout.Entry> candidates = layout.entries().stream()
                .filter(e -> TAG_VALUES.containsKey(e.tag())).toList();
        if (candidates.isEmpty()) {
            return edgeValue(bytes, layout, random);
        }
        TiffLayout.Entry entry = candidates.get(random.nextInt(candidates.size()));
        long[] values = TAG_VALUES.get(entry.tag());
        long value = values[random.nextInt(values.length)];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(layout.order());
        int inline = (int) entry.position() + (layout.bigTiff() ? 12 : 8);
        String where;
        if (entry.tag() == 530 && entry.type() == 3) {
            // YCbCrSubsampling: two SHORTs, horizontal then vertical.
            b.putShort(inline, (short) (value >>> 16)).putShort(inline + 2, (short) value);
            where = "inline";
        } else if (entry.count() == 1 || entry.tag() == 258 && entry.value().start() >= bytes.length) {
            if (entry.type() == 3 && value <= 0xFFFF) {
                b.putShort(inline, (short) value);
                where = "inline";
            } else {
                b.putShort((int) entry.position() + 2, (short) 4);
                b.putInt(inline, (int) value);
                where = "inline, as LONG";
            }
        } else {
            // BitsPerSample with one value per sample, out of line: set them all.
            int size = TiffLayout.typeSize(entry.type());
            for (long i = 0; i < entry.count(); i++) {
                long at = entry.value().start() + i * size;
                if (at + size <= bytes.length) {
                    if (size == 2) {
                        b.putShort((int) at, (short) value);
                    } else if (size == 4) {
                        b.putInt((int) at, (int) value);
                    }
                }
            }
            where = "all " + entry.count() + " values";
        }
        return new Mutant(bytes, "set tag " + entry.tag() + " (entry at " + entry.position() + ", " + where + ") to "
                + value);
    }

    private static Mutant stacked(byte[] bytes, TiffLayout layout, SplittableRandom random) {
        int n = 2 + random.nextInt(3);
        StringBuilder what = new StringBuilder("stacked:");
        byte[] current = bytes;
        for (int i = 0; i < n; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.STACKED.ordinal())];
            if (kind == Kind.TRUNCATE && i < n - 1) {
                kind = Kind.FLIP_DATA; // cut last, so later mutations still see the whole layout
            }
            Mutant step = mutate(current, layout, kind, random.nextLong());
            current = step.bytes();
            what.append(" [").append(kind).append(": ").append(step.description()).append(']');
        }
        return new Mutant(current, what.toString());
    }

    private static Mutant truncate(byte[] bytes, TiffLayout layout, SplittableRandom random) {
        long length = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(Math.min(16, bytes.length));
            case 1 -> pick(layout.structure(), random, bytes.length);
            case 2 -> pick(layout.data(), random, bytes.length);
            default -> random.nextInt(bytes.length);
        };
        return new Mutant(Arrays.copyOf(bytes, (int) length), "truncated to " + length + " of " + bytes.length
                + " bytes");
    }

    private static Mutant flipStructure(byte[] bytes, TiffLayout layout, SplittableRandom random) {
        int flips = 1 + random.nextInt(8);
        StringBuilder what = new StringBuilder("flipped bits in structure at");
        for (int i = 0; i < flips; i++) {
            int at = (int) pick(layout.structure(), random, bytes.length);
            int bit = random.nextInt(8);
            bytes[at] ^= (byte) (1 << bit);
            what.append(' ').append(at).append('.').append(bit);
        }
        return new Mutant(bytes, what.toString());
    }

    private static Mutant flipData(byte[] bytes, TiffLayout layout, SplittableRandom random) {
        int changes = 1 + random.nextInt(16);
        StringBuilder what = new StringBuilder("overwrote data bytes at");
        for (int i = 0; i < changes; i++) {
            int at = (int) pick(layout.data(), random, bytes.length);
            byte value = (byte) random.nextInt(256);
            bytes[at] = value;
            what.append(' ').append(at).append('=').append(value & 0xff);
        }
        return new Mutant(bytes, what.toString());
    }

    private static Mutant zeroHeader(byte[] bytes, TiffLayout layout, SplittableRandom random) {
        boolean whole = random.nextBoolean();
        int from = whole ? 0 : 4;
        int to = Math.min(bytes.length, layout.bigTiff() ? 16 : 8);
        Arrays.fill(bytes, from, to, (byte) 0);
        return new Mutant(bytes, "zeroed header bytes " + from + ".." + to);
    }

    private static Mutant zeroEntry(byte[] bytes, TiffLayout layout, SplittableRandom random) {
        if (layout.entries().isEmpty()) {
            return flipStructure(bytes, layout, random);
        }
        TiffLayout.Entry entry = layout.entries().get(random.nextInt(layout.entries().size()));
        Arrays.fill(bytes, (int) entry.position(), (int) entry.position() + entry.size(), (byte) 0);
        return new Mutant(bytes, "zeroed entry of tag " + entry.tag() + " at " + entry.position());
    }

    private static Mutant edgeValue(byte[] bytes, TiffLayout layout, SplittableRandom random) {
        if (layout.entries().isEmpty()) {
            return flipStructure(bytes, layout, random);
        }
        TiffLayout.Entry entry = layout.entries().get(random.nextInt(layout.entries().size()));
        boolean count = random.nextInt(4) == 0;
        long value = random.nextInt(5) == 0 ? bytes.length + random.nextInt(4096)
                : EDGE_VALUES[random.nextInt(EDGE_VALUES.length)];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(layout.order());
        int countAt = (int) entry.position() + 4;
        int valueAt = (int) entry.position() + (layout.bigTiff() ? 12 : 8);
        int at = count ? countAt : valueAt;
        String retyped = "";
        if (layout.bigTiff()) {
            b.putLong(at, value);
        } else if (!count && entry.type() == 3 && entry.count() == 1) {
            if (value > 0xFFFF) {
                b.putShort((int) entry.position() + 2, (short) 4); // a SHORT cannot hold it: make it a LONG
                b.putInt(at, (int) value);
                retyped = " as LONG";
            } else {
                b.putShort(at, (short) value); // an inline SHORT sits in the first two bytes
            }
        } else {
            b.putInt(at, (int) value);
        }
        return new Mutant(bytes, "set " + (count ? "count" : "value") + " of tag " + entry.tag() + " (entry at "
                + entry.position() + ") to " + value + retyped);
    }

    /** A random byte position inside one of the ranges (any position when there are none). */
    private static long pick(java.util.List<TiffLayout.Range> ranges, SplittableRandom random, int length) {
        java.util.List<TiffLayout.Range> usable = ranges.stream()
                .filter(r -> r.start() < length && r.length() > 0).toList();
        if (usable.isEmpty()) {
            return random.nextInt(length);
        }
        TiffLayout.Range range = usable.get(random.nextInt(usable.size()));
        long end = Math.min(length, range.end());
        return range.start() + random.nextLong(end - range.start());
    }
}
