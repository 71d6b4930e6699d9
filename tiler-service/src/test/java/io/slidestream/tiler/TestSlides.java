package io.slidestream.tiler;

import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slides for the tiler's tests: the shared real fixtures, and generated slides written once per test JVM
 * into {@code target/tiler-test}, which the test configuration makes a slide root.
 */
final class TestSlides {
    static final Path GENERATED_ROOT = Path.of("target", "tiler-test").toAbsolutePath();
    private static final Map<String, GroundTruth> TRUTHS = new ConcurrentHashMap<>();

    private TestSlides() {
    }

    static Path fixture(String name) {
        return Path.of(System.getProperty("slidestream.testdata"), "slides", name).toAbsolutePath();
    }

    /** A generated slide by file name (under the generated root); generated on first use. */
    static Path generated(String name, SyntheticSlideSpec spec) {
        Path file = GENERATED_ROOT.resolve(name);
        TRUTHS.computeIfAbsent(name, n -> {
            try {
                Files.createDirectories(GENERATED_ROOT);
                return SyntheticSlideGenerator.generate(spec, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return file;
    }

    static GroundTruth truth(String name) {
        return TRUTHS.get(name);
    }
}
