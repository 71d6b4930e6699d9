package io.slidestream.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import io.slidestream.synth.PyramidTiffWriter.Page;

/**
 * Writes a synthetic slide: a pyramidal, tiled, JPEG-compressed TIFF that OpenSlide opens as
 * generic-tiff, or as aperio for an SVS spec, and its ground truth beside it (see {@link GroundTruth}).
 * The same spec always gives the same bytes. Memory stays at one tile row per computed pyramid level
 * (about 100 MB for a 61440 px wide slide), plus the thumbnail of an SVS.
 */
public final class SyntheticSlideGenerator {
    private SyntheticSlideGenerator() {
    }

    /**
     * Generates the slide described by {@code spec} at {@code slidePath} (replacing any file there), with
     * the ground truth files beside it; name an Aperio slide {@code .svs}, as tools expect. The slide is
     * written under a temporary name and moved into place last, so a watcher of the directory never sees a
     * half-written slide, and its truth files are already there when it appears.
     */
    public static GroundTruth generate(SyntheticSlideSpec spec, Path slidePath) throws IOException {
        Path slide = slidePath.toAbsolutePath();
        Files.createDirectories(slide.getParent());
        SlideContent content = SlideContent.plan(spec);
        PyramidPlan plan = PyramidPlan.of(spec);
        Path partial = slide.resolveSibling(slide.getFileName() + ".partial");
        boolean bigTiff = PyramidTiffWriter.needsBigTiff(plan.written());
        int threads = Runtime.getRuntime().availableProcessors();
        AperioMetadata aperio = spec.format() == SlideFormat.APERIO_SVS ? AperioMetadata.of(spec) : null;
        try {
            try (PyramidTiffWriter writer = new PyramidTiffWriter(partial, plan.written(), bigTiff);
                 TileWorkers workers = new TileWorkers(threads, spec.jpegQuality())) {
                PyramidBuilder builder = new PyramidBuilder(content, plan, writer, workers);
                builder.build();
                List<Page> pages = aperio == null ? TiffPages.genericTiff(spec, plan.written())
                        : TiffPages.aperioSvs(spec, aperio, plan.written(), builder.overview());
                writer.finish(pages);
            }
            GroundTruth truth = aperio == null ? MaskRenderer.render(content)
                    : MaskRenderer.render(content, aperio.properties(), aperio.identity().values());
            truth.write(slide);
            Files.move(partial, slide, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return truth;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }
}
