package io.slidestream.synth;

import io.slidestream.core.slide.SlideException;
import io.slidestream.core.slide.isolated.IsolatedSlideReader;
import io.slidestream.core.slide.isolated.SlideInspection;
import io.slidestream.core.slide.isolated.SlideReaderCrashedException;
import io.slidestream.core.slide.isolated.SlideReaderTimedOutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation fuzzing of slide inspection through {@link IsolatedSlideReader}: deterministic mutants of the
 * shared fixtures and of a small generated slide, each inspected in the child JVM. Every mutant must end
 * in an inspection or a {@link SlideException} with a reason, and this JVM must come through all of them.
 *
 * <p>{@code -Dslidestream.fuzz.mutants=N} mutants per source (default 150, i.e. 450 in all; 3000 a source
 * take about 75 s on 2 cores);
 * {@code -Dslidestream.fuzz.seed=S} another campaign; {@code -Dslidestream.fuzz.verbose=true} also
 * prints how often each error reason came. A mutant that crashes the reader is printed as a
 * recipe (source, kind, seed) to turn into a regression test.
 */
class SlideFuzzTest {
    private static final long SEED = Long.getLong("slidestream.fuzz.seed", 20251126L);
    private static final int MUTANTS_PER_SOURCE = Integer.getInteger("slidestream.fuzz.mutants", 150);
    private static final int THUMBNAIL_MAX_SIDE = 512;
    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("slidestream.fuzz.timeout-s", 5));

    enum Outcome { OK, ERROR, CRASHED, TIMED_OUT }

    @TempDir
    Path dir;

    @Test
    void everyMutantEndsInAnInspectionOrASlideExceptionAndThisJvmSurvives() throws IOException {
        Map<String, Path> sources = new LinkedHashMap<>();
        sources.put("boxes.tiff", Fixtures.slide("boxes.tiff"));
        sources.put("small.svs", Fixtures.slide("small.svs"));
        Path generated = dir.resolve("generated.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.of(SEED, 1024, 768), generated);
        sources.put("generated.tiff", generated);

        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0);
        }
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> crashes = new ArrayList<>();
        List<String> timeouts = new ArrayList<>();
        long started = System.nanoTime();
        try (IsolatedSlideReader reader = new IsolatedSlideReader(IsolatedSlideReader.Options.defaults()
                .withJvmArgs(List.of("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"))))) {
            int sourceIndex = 0;
            for (Map.Entry<String, Path> source : sources.entrySet()) {
                byte[] original = Files.readAllBytes(source.getValue());
                TiffLayout layout = TiffLayout.parse(original);
                assertFalse(layout.entries().isEmpty(), source.getKey() + " parses as TIFF");
                for (int i = 0; i < MUTANTS_PER_SOURCE; i++) {
                    SlideMutator.Kind kind = SlideMutator.Kind.values()[i % SlideMutator.Kind.values().length];
                    long seed = mutantSeed(sourceIndex, i);
                    SlideMutator.Mutant mutant = SlideMutator.mutate(original, layout, kind, seed);
                    String name = source.getKey().replace(".", "-" + i + ".");
                    Path file = dir.resolve(name);
                    Files.write(file, mutant.bytes());
                    String recipe = "source=" + source.getKey() + " kind=" + kind + " seed=" + seed + " ("
                            + mutant.description() + ")";
                    Outcome outcome = inspect(reader, file, recipe, reasons, crashes, timeouts);
                    counts.merge(outcome, 1, Integer::sum);
                    if (outcome != Outcome.CRASHED && outcome != Outcome.TIMED_OUT) {
                        Files.delete(file);
                    }
                }
                sourceIndex++;
            }
            // The reader is still good for real slides after all of that.
            assertEquals(4, reader.inspect(Fixtures.slide("boxes.tiff"), 256, Duration.ofSeconds(30)).levelCount());
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            System.out.println("fuzz: " + total + " mutants of " + sources.size() + " slides (seed " + SEED + "): "
                    + counts.get(Outcome.OK) + " ok, " + counts.get(Outcome.ERROR) + " error, "
                    + counts.get(Outcome.CRASHED) + " crashed, " + counts.get(Outcome.TIMED_OUT) + " timed out, in "
                    + seconds + " s; " + reader.childrenStarted() + " children started");
            if (Boolean.getBoolean("slidestream.fuzz.verbose")) {
                reasons.forEach((reason, n) -> System.out.println("fuzz: error x" + n + ": " + reason));
            }
            crashes.forEach(crash -> System.out.println("fuzz: CRASH " + crash));
            timeouts.forEach(timeout -> System.out.println("fuzz: TIMEOUT " + timeout));
            assertEquals(MUTANTS_PER_SOURCE * sources.size(), total);
        }
    }

    static long mutantSeed(int sourceIndex, int mutant) {
        return SEED * 1_000_003L + sourceIndex * 100_000L + mutant;
    }

    private static Outcome inspect(IsolatedSlideReader reader, Path file, String recipe, Map<String, Integer> reasons,
                                   List<String> crashes, List<String> timeouts) {
        try {
            SlideInspection inspection = reader.inspect(file, THUMBNAIL_MAX_SIDE, TIMEOUT);
            assertTrue(inspection.levelCount() >= 1);
            assertTrue(inspection.thumbnail().width() <= THUMBNAIL_MAX_SIDE);
            return Outcome.OK;
        } catch (SlideReaderCrashedException e) {
            crashes.add(recipe + ": " + e.getMessage());
            return Outcome.CRASHED;
        } catch (SlideReaderTimedOutException e) {
            timeouts.add(recipe);
            return Outcome.TIMED_OUT;
        } catch (SlideException e) {
            String prefix = "slide " + e.slide() + ": ";
            assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
            String reason = e.getMessage().substring(prefix.length());
            assertFalse(reason.isBlank(), recipe);
            reasons.merge(reason.replaceAll("\\d+", "N"), 1, Integer::sum);
            return Outcome.ERROR;
        } catch (RuntimeException e) {
            fail(recipe + " ended in " + e, e);
            throw e;
        }
    }
}
