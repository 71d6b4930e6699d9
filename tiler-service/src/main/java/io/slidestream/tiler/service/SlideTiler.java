package io.slidestream.tiler.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.slide.Slide;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Opens a slide, finds its tissue and plans its patches. Throws when the slide cannot be analysed. */
@ApplicationScoped
public class SlideTiler {
    private final SlideLocator locator;
    private final TissueDetector tissueDetector;
    private final PatchGridPlanner planner;

    public SlideTiler(SlideLocator locator, TissueDetector tissueDetector, PatchGridPlanner planner) {
        this.locator = locator;
        this.tissueDetector = tissueDetector;
        this.planner = planner;
    }

    public TilingPlan plan(String slideId, String requestedPath) {
        Path file = locator.locate(requestedPath);
        try (Slide slide = Slide.open(file)) {
            TissueMap tissue = tissueDetector.detect(slide);
            GridGeometry grid = planner.grid(slide);
            List<PatchBatch> batches = planner.batches(slideId, file.toString(), grid, tissue);
            int patchCount = batches.stream().mapToInt(b -> b.patches().size()).sum();
            SlideManifest manifest = new SlideManifest(Contract.SCHEMA_VERSION, slideId, file.toString(),
                    slide.width(), slide.height(), slide.mppX(), slide.mppY(), grid, patchCount, batches.size(),
                    tissueDetector.rule(), Instant.now());
            return new TilingPlan(manifest, batches);
        }
    }
}
