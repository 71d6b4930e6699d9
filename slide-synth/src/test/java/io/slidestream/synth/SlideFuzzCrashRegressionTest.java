package io.slidestream.synth;

import io.slidestream.core.slide.isolated.IsolatedSlideReader;
import io.slidestream.core.slide.isolated.SlideInspection;
import io.slidestream.core.slide.isolated.SlideReaderCrashedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutants that {@link SlideFuzzTest} (seed 20251126) found to really crash OpenSlide 3.4.1, kept as
 * recipes: each must still crash the child (a true native abort, not a signal from outside), cost only
 * that slide, and leave the reader good for the next one. Both abort in GLib: the mutant claims tiles of
 * 2^31 - 1 px, OpenSlide asks g_malloc for width × height × 4 bytes, and GLib raises SIGTRAP.
 */
class SlideFuzzCrashRegressionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void generatedSlideWithAHugeTileWidthCrashesTheChildOnly() throws IOException {
        Path source = dir.resolve("generated.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.of(20251126L, 1024, 768), source);
        // Mutant 509 of source 2 in the campaign.
        assertContainedCrash(source, SlideMutator.Kind.ENTRY_EDGE_VALUE, 20251186953887L,
                "set value of tag 322 (entry at 147190) to 2147483647", "failed to allocate 2199023254528 bytes");
    }

    @Test
    void boxesFixtureWithAHugeTileWidthCrashesTheChildOnly() throws IOException {
        // Mutant 326 of source 0 in the campaign.
        assertContainedCrash(Fixtures.slide("boxes.tiff"), SlideMutator.Kind.TAG_VALUE, 20251186753704L,
                "set tag 322 (entry at 4416, inline, as LONG) to 2147483647", "failed to allocate 549755813632 bytes");
    }

    private void assertContainedCrash(Path source, SlideMutator.Kind kind, long seed, String mutation,
                                      String lastWords) throws IOException {
        byte[] original = Files.readAllBytes(source);
        SlideMutator.Mutant mutant = SlideMutator.mutate(original, TiffLayout.parse(original), kind, seed);
        assertEquals(mutation, mutant.description(), "the recipe no longer makes the same mutant");
        Path crafted = dir.resolve("crash-" + seed + ".tiff");
        Files.write(crafted, mutant.bytes());
        try (IsolatedSlideReader reader = new IsolatedSlideReader(IsolatedSlideReader.Options.defaults()
                .withJvmArgs(List.of("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"))))) {
            SlideInspection before = reader.inspect(source, 512, TIMEOUT);
            long pid = reader.childPids().getFirst();
            SlideReaderCrashedException crash = assertThrows(SlideReaderCrashedException.class,
                    () -> reader.inspect(crafted, 512, TIMEOUT));
            assertTrue(crash.getMessage().contains("reader crashed (signal 5, SIGTRAP; last words: GLib-ERROR"),
                    crash.getMessage());
            assertTrue(crash.lastWords().orElseThrow().endsWith(lastWords), crash.getMessage());
            assertEquals(before, reader.inspect(source, 512, TIMEOUT));
            assertNotEquals(pid, reader.childPids().getFirst());
        }
    }
}
