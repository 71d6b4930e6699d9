package io.slidestream.trainer;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchDatasetTest {

    private static final List<Integer> SIZES = List.of(8, 4);

    @Test
    @DisplayName("examples written to a dataset file read back byte for byte, label, slide and window included")
    void roundTrip(@TempDir Path dir) throws IOException {
        Random random = new Random(3);
        LabelledPatch first = example(random, true, 5, 7);
        LabelledPatch second = example(random, false, 6, 8);
        Path file = dir.resolve("d.bin");
        try (PatchDataset.Writer writer = new PatchDataset.Writer(file, SIZES, 0)) {
            writer.append(first, 0);
            writer.append(second, 3);
            assertEquals(1, writer.tumour());
            assertEquals(1, writer.normal());
        }

        assertEquals(2 * (16 + 8 * 8 * 3 + 4 * 4 * 3), Files.size(file), "fixed-size records, raw bytes");
        try (PatchDataset dataset = PatchDataset.open(file, SIZES, 0)) {
            assertEquals(2, dataset.size());
            assertTrue(dataset.isTumour(0));
            assertFalse(dataset.isTumour(1));
            assertEquals(3, dataset.slideIndex(1));
            LabelledPatch read = dataset.get(1);
            assertArrayEquals(second.patch(), read.patch());
            assertArrayEquals(second.context(), read.context());
            assertEquals(6, read.col());
            assertEquals(8, read.row());
            assertArrayEquals(first.patch(), dataset.get(0).patch());
            assertThrows(IndexOutOfBoundsException.class, () -> dataset.get(2));
        }
    }

    @Test
    @DisplayName("a truncated file, or one written for other inputs, is refused when opened")
    void truncatedFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("d.bin");
        try (PatchDataset.Writer writer = new PatchDataset.Writer(file, SIZES, 0)) {
            writer.append(example(new Random(1), true, 0, 0), 0);
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> PatchDataset.open(file, SIZES, 0));
        assertTrue(e.getCause().getMessage().contains("not a whole number"), e.getCause().getMessage());
    }

    @Test
    @DisplayName("an example whose inputs do not have the dataset's sizes is refused and leaves no half record")
    void wrongSizes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("d.bin");
        LabelledPatch good = example(new Random(2), false, 1, 1);
        try (PatchDataset.Writer writer = new PatchDataset.Writer(file, SIZES, 0)) {
            LabelledPatch wrong = new LabelledPatch(new byte[8 * 8 * 3], new byte[3], true, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> writer.append(wrong, 0));
            LabelledPatch single = new LabelledPatch(new byte[][] {new byte[8 * 8 * 3]}, true, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> writer.append(single, 0));
            writer.append(good, 0);
        }

        try (PatchDataset dataset = PatchDataset.open(file, SIZES, 0)) {
            assertEquals(1, dataset.size());
            assertArrayEquals(good.context(), dataset.get(0).context());
        }
    }

    private static LabelledPatch example(Random random, boolean tumour, int col, int row) {
        byte[] patch = new byte[8 * 8 * 3];
        byte[] context = new byte[4 * 4 * 3];
        random.nextBytes(patch);
        random.nextBytes(context);
        return new LabelledPatch(patch, context, tumour, col, row);
    }
}
