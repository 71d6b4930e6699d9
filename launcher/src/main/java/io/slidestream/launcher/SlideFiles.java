package io.slidestream.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which slide files {@code analyze} runs: a file argument is taken as it is (the tiler says if it cannot read
 * it); a folder argument contributes the slide files directly inside it, not those of sub-folders (a MIRAX
 * {@code .mrxs} keeps its data in a sub-folder of the same name, which is not a slide). Order: as given,
 * each folder's files by name; a file named twice is run once.
 */
final class SlideFiles {
    /** What OpenSlide opens, plus the plain images the tiler reads. */
    static final List<String> EXTENSIONS = List.of("svs", "tif", "tiff", "ndpi", "vms", "vmu", "scn", "mrxs", "bif",
            "svslide", "png", "jpg", "jpeg");

    private SlideFiles() {
    }

    static boolean isSlideFile(Path file) {
        return EXTENSIONS.contains(extension(file.getFileName().toString()));
    }

    /** The slides behind {@code inputs}; fails naming an input that is missing or a folder without slides. */
    static List<Path> discover(List<Path> inputs) {
        Set<Path> slides = new LinkedHashSet<>();
        for (Path input : inputs) {
            Path path = input.toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                List<Path> inside = slidesIn(path);
                if (inside.isEmpty()) {
                    throw new IllegalArgumentException("no slide files in " + input + " (looked for ."
                            + String.join(" .", EXTENSIONS) + ", not in sub-folders)");
                }
                slides.addAll(inside);
            } else if (Files.isRegularFile(path)) {
                slides.add(path);
            } else {
                throw new IllegalArgumentException("no such file or folder: " + input);
            }
        }
        return new ArrayList<>(slides);
    }

    private static List<Path> slidesIn(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).filter(SlideFiles::isSlideFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** The file name without its last extension: "a.svs" → "a", "b.ome.tiff" → "b.ome", "c" → "c". */
    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
