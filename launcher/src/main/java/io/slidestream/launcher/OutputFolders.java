package io.slidestream.launcher;

import io.slidestream.trainer.truth.SlideFiles;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The folder under {@code --out} for each slide: the file's base name ("a.svs" → "a"); when two slides share
 * one (a/x.svs and b/x.tiff), the later ones get "-2", "-3"... Names are compared ignoring case (so the
 * folders stay apart on macOS and Windows) and never take a name the run itself uses.
 */
final class OutputFolders {
    /** Names in the output folder that belong to the run, not to a slide. */
    static final Set<String> RESERVED = Set.of(AnalysisReport.FILE_NAME, AnalyzeRun.WORK_DIR, AnalyzeRun.DEMO_SLIDES_DIR);

    private OutputFolders() {
    }

    /** Slide → folder name, in the slides' order. */
    static Map<Path, String> names(List<Path> slides) {
        Map<Path, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        RESERVED.forEach(r -> taken.add(r.toLowerCase(Locale.ROOT)));
        for (Path slide : slides) {
            String base = safe(SlideFiles.baseName(slide));
            String name = base;
            for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
                name = base + "-" + n;
            }
            names.put(slide, name);
        }
        return names;
    }

    /** A base name that cannot climb out of the output folder or hide ("..", ".x"). */
    private static String safe(String base) {
        String name = base.replaceAll("[^\\p{L}\\p{N}._ -]", "_");
        return name.startsWith(".") ? "_" + name.substring(1) : name;
    }
}
