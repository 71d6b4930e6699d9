package io.slidestream.core.slide.isolated;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What isolation costs: the child's start, and each inspection in the child against the same in this
 * JVM. Prints its numbers; run with {@code -Dslidestream.bench=true -Dtest=IsolationOverheadBenchmark}.
 */
@EnabledIfSystemProperty(named = "slidestream.bench", matches = "true")
class IsolationOverheadBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void childStartAndPerInspectionOverhead() throws IOException {
        long[] starts = new long[5];
        for (int i = 0; i < starts.length; i++) {
            try (IsolatedSlideReader reader = new IsolatedSlideReader()) {
                long t = System.nanoTime();
                reader.start();
                starts[i] = System.nanoTime() - t;
            }
        }
        System.out.printf("bench: child start (JVM up, OpenSlide loaded, hello): median %.0f ms, min %.0f ms%n",
                median(starts) / 1e6, Arrays.stream(starts).min().orElseThrow() / 1e6);

        Path pyramid = dir.resolve("pyramid.tiff");
        TestTiff.writePyramid(pyramid, 4096, 3072, 3);
        SlideInspector inspector = new SlideInspector();
        long[] cold = new long[3];
        for (int i = 0; i < cold.length; i++) {
            try (IsolatedSlideReader reader = new IsolatedSlideReader()) {
                reader.start();
                long t = System.nanoTime();
                reader.inspect(pyramid, 2048, TIMEOUT);
                cold[i] = System.nanoTime() - t;
            }
        }
        System.out.printf("bench: first inspection in a fresh child (4096x3072, thumbnail 2048; no JIT yet): "
                + "median %.0f ms%n", median(cold) / 1e6);
        try (IsolatedSlideReader reader = new IsolatedSlideReader()) {
            reader.start();
            compare("boxes.tiff 300x250, thumbnail 2048 (level 0, 220 KB)", 200,
                    () -> inspector.inspect(Fixtures.slide("boxes.tiff"), 2048),
                    () -> reader.inspect(Fixtures.slide("boxes.tiff"), 2048, TIMEOUT));
            compare("small.svs 16x16, thumbnail 64", 200,
                    () -> inspector.inspect(Fixtures.slide("small.svs"), 64),
                    () -> reader.inspect(Fixtures.slide("small.svs"), 64, TIMEOUT));
            compare("4096x3072 deflate pyramid, thumbnail 2048 (level 1, 9 MB)", 10,
                    () -> inspector.inspect(pyramid, 2048),
                    () -> reader.inspect(pyramid, 2048, TIMEOUT));
            compare("4096x3072 deflate pyramid, thumbnail 512 (level 2, 0.6 MB)", 20,
                    () -> inspector.inspect(pyramid, 512),
                    () -> reader.inspect(pyramid, 512, TIMEOUT));
        }
    }

    private static void compare(String what, int runs, Supplier<SlideInspection> inProcess,
                                Supplier<SlideInspection> isolated) {
        for (int i = 0; i < Math.max(5, runs / 4); i++) { // warm both JVMs up
            inProcess.get();
            isolated.get();
        }
        long[] a = new long[runs];
        long[] b = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            inProcess.get();
            a[i] = System.nanoTime() - t;
            t = System.nanoTime();
            isolated.get();
            b[i] = System.nanoTime() - t;
        }
        System.out.printf("bench: %s: in-process median %.2f ms, isolated median %.2f ms, overhead %.2f ms%n",
                what, median(a) / 1e6, median(b) / 1e6, (median(b) - median(a)) / 1e6);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
