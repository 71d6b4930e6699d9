package io.slidestream.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a synthetic slide: a pyramidal, tiled, JPEG-compressed TIFF that OpenSlide opens as
 * generic-tiff, and its ground truth beside it (see {@link GroundTruth}). The same spec always gives the
 * same bytes. Memory stays at one tile row per pyramid level (about 100 MB for a 61440 px wide slide).
 */
public final class SyntheticSlideGenerator {
    private SyntheticSlideGenerator() {
    }

    /**
     * Generates the slide described by {@code spec} at {@code tiffPath} (replacing any file there), with
     * the ground truth files beside it. The TIFF is written under a temporary name and moved into place
     * last, so a watcher of the directory never sees a half-written slide, and its truth files are
     * already there when it appears.
     */
    public static GroundTruth generate(SyntheticSlideSpec spec, Path tiffPath) throws IOException {
        Path tiff = tiffPath.toAbsolutePath();
        Files.createDirectories(tiff.getParent());
        SlideContent content = SlideContent.plan(spec);
        List<PyramidLevel> levels = PyramidLevel.pyramid(spec.width(), spec.height(), spec.tileSize());
        Path partial = tiff.resolveSibling(tiff.getFileName() + ".partial");
        boolean bigTiff = PyramidTiffWriter.needsBigTiff(levels);
        int threads = Runtime.getRuntime().availableProcessors();
        try {
            try (PyramidTiffWriter writer = new PyramidTiffWriter(partial, levels, bigTiff);
                 TileWorkers workers = new TileWorkers(threads, spec.jpegQuality())) {
                new PyramidBuilder(content, levels, writer, workers).build();
                writer.finish(spec.mpp(), description(spec));
            }
            GroundTruth truth = MaskRenderer.render(content);
            truth.write(tiff);
            Files.move(partial, tiff, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return truth;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    /** Shown by OpenSlide as openslide.comment; must not start with a vendor's marker such as "Aperio". */
    private static String description(SyntheticSlideSpec spec) {
        return "SlideStream synthetic slide; seed=" + spec.seed() + "; mpp=" + spec.mpp() + "; " + spec.width()
                + "x" + spec.height();
    }
}
