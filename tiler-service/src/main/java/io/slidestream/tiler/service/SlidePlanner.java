package io.slidestream.tiler.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.grid.GridPlanner;
import io.slidestream.core.grid.SlideMpp;
import io.slidestream.core.slide.isolated.SlideInspection;
import io.slidestream.tiler.tissue.TissueDetector;
import io.slidestream.tiler.tissue.TissueMask;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * Plans one inspected slide, in this JVM and without touching the file: settles its resolution, plans the
 * grid for the profile, finds tissue on the thumbnail and groups the tissue cells into batches. Only
 * whitelisted facts go into the manifest. Plain Java, so the tiling benchmark runs exactly this.
 */
public final class SlidePlanner {
    private final TissueDetector detector;
    private final BatchPlanner batchPlanner;
    private final double defaultMpp;

    /** @param batchEdge cells on each side of a patch batch; empty: from the model's patch size */
    public SlidePlanner(TissueDetector detector, OptionalInt batchEdge, double minTissueFraction, double defaultMpp) {
        this.detector = detector;
        this.batchPlanner = new BatchPlanner(batchEdge, minTissueFraction);
        this.defaultMpp = defaultMpp;
    }

    public TilingPlan plan(SlideInspection inspection, SlideTiler.Request request) {
        List<SlideDescription.Level> levels = inspection.levels().stream()
                .map(l -> new SlideDescription.Level(l.width(), l.height(), l.downsample())).toList();
        SlideMpp mpp = SlideMpp.of(inspection.properties(), request.mpp(), defaultMpp);
        SlideDescription slide = mpp.describe(levels, inspection.properties());
        GridGeometry grid = GridPlanner.plan(slide, request.profile());

        TissueMask tissue = tissue(inspection, mpp.mpp());
        List<PatchBatch> batches = batchPlanner.batches(request.slideId(), request.slideRef(), grid, tissue,
                request.priority());
        int patchCount = batches.stream().mapToInt(b -> b.patches().size()).sum();
        SlideManifest manifest = new SlideManifest(Contract.SCHEMA_VERSION, request.slideId(), request.slideRef(),
                slide, grid, patchCount, batches.size(),
                new SlideManifest.TissueSummary(detector.method(), tissue.areaMm2(mpp.mpp()), tissue.tissueShare()),
                request.priority(), Instant.now());
        return new TilingPlan(manifest, batches);
    }

    /** Tissue on the inspection's thumbnail; its x and y downsamples differ by a rounding at most. */
    private TissueMask tissue(SlideInspection inspection, double mpp) {
        SlideInspection.Thumbnail thumbnail = inspection.thumbnail();
        return detector.detect(thumbnail.image(), (thumbnail.downsampleX() + thumbnail.downsampleY()) / 2, mpp);
    }
}
