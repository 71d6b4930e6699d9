package io.slidestream.synth;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real OpenSlide fixtures in ../shared/testdata/slides. */
final class Fixtures {
    private Fixtures() {
    }

    static Path slide(String name) {
        Path dir = Path.of(System.getProperty("slidestream.testdata", "../../shared/testdata"), "slides");
        Path file = dir.resolve(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("test slide missing: " + file);
        }
        return file;
    }
}
