package io.slidestream.core.slide;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real OpenSlide fixtures in ../shared/testdata/slides. */
final class TestSlides {
    private TestSlides() {
    }

    static Path slide(String name) {
        Path dir = Path.of(System.getProperty("slidestream.testdata", "../../shared/testdata"), "slides");
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("test slide missing: " + file.toAbsolutePath());
        }
        return file;
    }
}
