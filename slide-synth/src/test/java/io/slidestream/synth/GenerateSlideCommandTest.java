package io.slidestream.synth;

import io.slidestream.core.slide.Slide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void commandWritesAnAperioSlideWithArtefacts() throws IOException {
        Path svs = dir.resolve("cli.svs");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        GenerateSlideCommand.run(new String[] {"--out", svs.toString(), "--seed", "4", "--width", "2304", "--height",
                "1280", "--lesions", "1", "--lesion-um", "100:150", "--levels", "4x", "--resolution", "objective",
                "--grey-background", "--black-borders", "--pen-marks", "2", "--bubbles", "1"},
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("APERIO_SVS (OpenSlide vendor aperio), downsamples 1, 4, 16"), printed);
        assertTrue(printed.contains("AppMag 20 only"), printed);
        assertTrue(printed.contains("grey background, black borders, 2 pen marks, 1 bubbles"), printed);
        try (Slide slide = Slide.open(svs)) {
            assertEquals("aperio", slide.properties().get("openslide.vendor"));
            assertEquals(3, slide.levelCount());
            assertEquals("20", slide.properties().get("openslide.objective-power"));
            assertEquals(0, slide.mppX());
        }
        GroundTruth truth = GroundTruth.load(svs);
        assertEquals(new Artefacts(true, true, 2, 1), truth.artefacts());
        assertFalse(truth.phiValues().isEmpty());
    }

    @Test
    void flagsBecomeTheSpec() {
        GenerateSlideCommand.Invocation parsed = GenerateSlideCommand.parse(new String[] {"--out", "a/b.tiff",
                "--seed", "3", "--levels", "single", "--resolution", "none", "--pen-marks", "4", "--bubbles", "2",
                "--black-borders"});

        assertEquals(Path.of("a/b.tiff"), parsed.slide());
        assertEquals(SyntheticSlideSpec.of(3, 4096, 4096).withLevels(LevelLayout.SINGLE)
                .withResolution(ResolutionMetadata.NONE).withArtefacts(new Artefacts(false, true, 4, 2)), parsed.spec());
    }

    @Test
    void presetsAndFormatComeFromTheirFlagsOrTheFileName() {
        assertEquals(SyntheticSlideSpec.camelyon16(5),
                GenerateSlideCommand.parse(new String[] {"--out", "c.tiff", "--preset", "camelyon16", "--seed", "5"})
                        .spec());
        assertEquals(SlideFormat.APERIO_SVS,
                GenerateSlideCommand.parse(new String[] {"--out", "scan.SVS"}).spec().format());
        assertEquals(SlideFormat.APERIO_SVS,
                GenerateSlideCommand.parse(new String[] {"--out", "scan.svs", "--format", "svs"}).spec().format());
        assertEquals(LevelLayout.FOUR_X,
                GenerateSlideCommand.parse(new String[] {"--out", "x.tiff", "--levels", "4x"}).spec().levels());
        assertEquals(SyntheticSlideSpec.forTests(1).withArtefacts(new Artefacts(true, false, 0, 0)),
                GenerateSlideCommand.parse(new String[] {"--preset", "tests", "--grey-background", "--out", "t.tiff"})
                        .spec());
        assertEquals(SyntheticSlideSpec.hard(7),
                GenerateSlideCommand.parse(new String[] {"--out", "h.tiff", "--preset", "hard", "--seed", "7"}).spec());
        assertEquals(SyntheticSlideSpec.hard(7).withArtefacts(new Artefacts(false, false, 3, 0)),
                GenerateSlideCommand.parse(new String[] {"--out", "h.tiff", "--preset", "hard", "--seed", "7",
                        "--pen-marks", "3"}).spec(), "an artefact option replaces the preset's artefacts");
        assertEquals(SyntheticSlideSpec.forTests(1).withAppearance(TissueAppearance.HARD),
                GenerateSlideCommand.parse(new String[] {"--out", "t.tiff", "--preset", "tests", "--appearance", "hard"})
                        .spec());
        assertNull(GenerateSlideCommand.parse(new String[] {"--help"}));
    }

    @Test
    void inconsistentFlagsAreRejectedWithAReason() {
        assertRejected("must end in .svs", "--out", "x.tiff", "--format", "svs");
        assertRejected("must be an Aperio slide", "--out", "x.svs", "--format", "tiff");
        assertRejected("objective power", "--out", "x.tiff", "--resolution", "objective");
        assertRejected("unknown appearance blurry (classic or hard)", "--out", "x.tiff", "--appearance", "blurry");
        assertRejected("unknown --levels", "--out", "x.tiff", "--levels", "3x");
        assertRejected("unknown --format", "--out", "x.tiff", "--format", "ndpi");
        assertRejected("unknown --resolution", "--out", "x.tiff", "--resolution", "dpi");
        assertRejected("penMarks", "--out", "x.tiff", "--pen-marks", "-1");
        assertRejected("missing value", "--out", "x.tiff", "--bubbles");
    }

    private static void assertRejected(String reason, String... args) {
        IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
                () -> GenerateSlideCommand.parse(args));
        assertTrue(rejected.getMessage().contains(reason), rejected.getMessage());
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
