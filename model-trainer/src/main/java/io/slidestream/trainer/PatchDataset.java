package io.slidestream.trainer;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Labelled examples in one file, read in place: the file is memory-mapped and each {@link #get} copies one
 * example's bytes out, so training streams through a dataset of any size (the operating system's page cache
 * holds what fits) and only the shuffled order, an int per example, lives on the heap.
 *
 * <p>Format: fixed-size records, no header (the dataset's manifest states the inputs' sizes and the label
 * map's). A record is {@value #HEADER_BYTES} bytes of big-endian ints (label 0/1, slide index, window column,
 * window row), then each input's RGB bytes, size × size × 3, in the model's input order, then for the FCN its
 * m × m label map, a byte 0/1 per pixel. Raw bytes, as read from the slide: augmentation and scaling happen
 * as batches are filled.
 */
final class PatchDataset extends AbstractList<LabelledPatch> implements RandomAccess, AutoCloseable {

    static final int HEADER_BYTES = 16;
    private static final ValueLayout.OfInt BIG_ENDIAN_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final Path file;
    private final int[] inputBytes;
    private final int mapBytes;
    private final long recordBytes;
    private final int size;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;

    private PatchDataset(Path file, List<Integer> inputSizes, int mapSize) throws IOException {
        this.file = file;
        this.inputBytes = inputSizes.stream().mapToInt(s -> s * s * 3).toArray();
        this.mapBytes = mapSize * mapSize;
        this.recordBytes = recordBytes(inputSizes, mapSize);
        long length = Files.size(file);
        if (length % recordBytes != 0) {
            throw new IOException(file + " is " + length + " bytes, not a whole number of " + recordBytes
                    + "-byte records: truncated, or written for other inputs");
        }
        this.size = Math.toIntExact(length / recordBytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            this.data = length == 0 ? MemorySegment.NULL : channel.map(FileChannel.MapMode.READ_ONLY, 0, length, arena);
        }
    }

    /** Opens {@code file}, written for inputs of these edges (pixels) and label maps of this edge (0: none). */
    static PatchDataset open(Path file, List<Integer> inputSizes, int mapSize) {
        try {
            return new PatchDataset(file, inputSizes, mapSize);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the patch dataset " + file, e);
        }
    }

    static long recordBytes(List<Integer> inputSizes, int mapSize) {
        return HEADER_BYTES + inputSizes.stream().mapToLong(s -> (long) s * s * 3).sum() + (long) mapSize * mapSize;
    }

    @Override
    public LabelledPatch get(int index) {
        long offset = offset(index);
        byte[][] inputs = new byte[inputBytes.length][];
        long at = offset + HEADER_BYTES;
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = new byte[inputBytes[i]];
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, inputs[i], 0, inputBytes[i]);
            at += inputBytes[i];
        }
        byte[] map = null;
        if (mapBytes > 0) {
            map = new byte[mapBytes];
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, map, 0, mapBytes);
        }
        return new LabelledPatch(inputs, isTumour(index), map, data.get(BIG_ENDIAN_INT, offset + 8),
                data.get(BIG_ENDIAN_INT, offset + 12));
    }

    /** The label alone, without copying pixels. */
    boolean isTumour(int index) {
        return data.get(BIG_ENDIAN_INT, offset(index)) == 1;
    }

    /** Index of the slide (in the manifest's list) the example was cut from. */
    int slideIndex(int index) {
        return data.get(BIG_ENDIAN_INT, offset(index) + 4);
    }

    private long offset(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("example " + index + " of " + size + " in " + file);
        }
        return index * recordBytes;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void close() {
        arena.close();
    }

    /** Appends examples to a dataset file. */
    static final class Writer implements AutoCloseable {
        private final DataOutputStream out;
        private final int[] inputBytes;
        private final int mapBytes;
        private int tumour;
        private int normal;

        Writer(Path file, List<Integer> inputSizes, int mapSize) throws IOException {
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20));
            this.inputBytes = inputSizes.stream().mapToInt(s -> s * s * 3).toArray();
            this.mapBytes = mapSize * mapSize;
        }

        void append(LabelledPatch example, int slideIndex) {
            // Checked before anything is written: a refused example must not leave half a record.
            if (example.inputs().length != inputBytes.length) {
                throw new IllegalArgumentException("an example of " + example.inputs().length + " inputs for a dataset of "
                        + inputBytes.length);
            }
            for (int i = 0; i < inputBytes.length; i++) {
                if (example.inputs()[i].length != inputBytes[i]) {
                    throw new IllegalArgumentException("input " + i + " has " + example.inputs()[i].length
                            + " bytes, the dataset takes " + inputBytes[i]);
                }
            }
            int exampleMap = example.labelMap() == null ? 0 : example.labelMap().length;
            if (exampleMap != mapBytes) {
                throw new IllegalArgumentException("a label map of " + exampleMap + " pixels for a dataset of " + mapBytes);
            }
            try {
                out.writeInt(example.tumour() ? 1 : 0);
                out.writeInt(slideIndex);
                out.writeInt(example.col());
                out.writeInt(example.row());
                for (byte[] input : example.inputs()) {
                    out.write(input);
                }
                if (mapBytes > 0) {
                    out.write(example.labelMap());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the patch dataset", e);
            }
            if (example.tumour()) {
                tumour++;
            } else {
                normal++;
            }
        }

        int tumour() {
            return tumour;
        }

        int normal() {
            return normal;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
