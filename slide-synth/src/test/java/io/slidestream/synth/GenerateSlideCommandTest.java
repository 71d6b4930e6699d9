package io.slidestream.synth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateSlideCommandTest {
    @TempDir
    Path dir;

    @Test
    void commandWritesTheSlideAndItsTruthAndSaysSo() throws IOException {
        Path tiff = dir.resolve("cli.tiff");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        GenerateSlideCommand.run(new String[] {"--out", tiff.toString(), "--seed", "9", "--width", "4096",
                "--height", "3072", "--mpp", "0.25", "--lesions", "2", "--lesion-um", "100:200"},
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("4096 x 3072 px, 0.250 µm/px, 4 levels"), printed);
        assertTrue(printed.matches("(?s).*in \\d+\\.\\d s.*"), "reports the time taken: " + printed);
        assertTrue(Files.size(tiff) > 0);
        GroundTruth truth = GroundTruth.load(tiff);
        assertEquals(9, truth.seed());
        assertEquals(0.25, truth.mpp());
        assertEquals(4096, truth.width());
        assertEquals(2, truth.lesions().size());
    }

    @Test
    void unknownOptionsAndMissingOutputAreRejected() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class,
                () -> GenerateSlideCommand.run(new String[] {"--bogus", "1"}, out));
        assertThrows(IllegalArgumentException.class,
                () -> GenerateSlideCommand.run(new String[] {"--seed", "1"}, out));
        assertThrows(IllegalArgumentException.class,
                () -> GenerateSlideCommand.run(new String[] {"--out", "x.tiff", "--preset", "huge"}, out));
    }
}
