package io.slidestream.trainer.truth;

import io.slidestream.synth.GroundTruth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which slide files {@code analyze} runs and {@code train} learns from: a file argument is taken as it is (the tiler says if it cannot read
 * it); a folder argument contributes the slide files directly inside it, not those of sub-folders (a MIRAX
 * {@code .mrxs} keeps its data in a sub-folder of the same name, which is not a slide), except the ground
 * truth of another slide there (a generated slide's {@code <base>.tumour-mask.png} and the other masks, a
 * {@code <base>_mask.tif} as CAMELYON16 names them, and the other names {@code eval} looks for), so a folder
 * of slides with their truth is analysed as it is evaluated. Order: as given, each folder's files by name; a
 * file named twice is run once.
 */
public final class SlideFiles {
    /** What OpenSlide opens, plus the plain images the tiler reads. */
    public static final List<String> EXTENSIONS = List.of("svs", "tif", "tiff", "ndpi", "vms", "vmu", "scn", "mrxs", "bif",
            "svslide", "png", "jpg", "jpeg");

    private SlideFiles() {
    }

    public static boolean isSlideFile(Path file) {
        return EXTENSIONS.contains(extension(file.getFileName().toString()));
    }

    /** The slides behind {@code inputs}; fails naming an input that is missing or a folder without slides. */
    public static List<Path> discover(List<Path> inputs) {
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
        List<Path> candidates;
        try (Stream<Path> entries = Files.list(folder)) {
            candidates = entries.filter(Files::isRegularFile).filter(SlideFiles::isSlideFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        Set<String> truthFiles = new HashSet<>();
        for (Path slide : candidates) {
            truthFiles.addAll(truthNames(slide));
        }
        return candidates.stream()
                .filter(file -> !truthFiles.contains(file.getFileName().toString().toLowerCase(Locale.ROOT))).toList();
    }

    /** Lower-case names of the files that hold {@code slide}'s ground truth rather than a slide. */
    private static List<String> truthNames(Path slide) {
        List<String> names = new ArrayList<>();
        for (Path generated : List.of(GroundTruth.tumourMaskPath(slide), GroundTruth.tissueMaskPath(slide),
                GroundTruth.artefactMaskPath(slide))) {
            names.add(generated.getFileName().toString().toLowerCase(Locale.ROOT));
        }
        for (String suffix : SlideTruth.SUFFIXES) {
            names.add((baseName(slide) + suffix).toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /** The file name without its last extension: "a.svs" → "a", "b.ome.tiff" → "b.ome", "c" → "c". */
    public static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
