package io.slidestream.tiler.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.grid.GridPlanner;
import io.slidestream.core.grid.SlideMpp;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.slide.isolated.IsolatedSlideReader;
import io.slidestream.core.slide.isolated.SlideInspection;
import io.slidestream.tiler.config.TilerConfig;
import io.slidestream.tiler.tissue.TissueDetector;
import io.slidestream.tiler.tissue.TissueMask;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Plans one slide: inspects it in the reader process (levels, properties, thumbnail; OpenSlide never runs
 * in this JVM), settles its resolution, plans the grid for the profile, finds tissue on the thumbnail
 * and groups the tissue cells into batches. Only whitelisted facts go into the manifest. Throws when the
 * slide cannot be analysed; the message names the slide by its reference.
 */
@ApplicationScoped
public class SlideTiler {
    private final IsolatedSlideReader reader;
    private final TissueDetector detector;
    private final TilerConfig config;
    private final BatchPlanner batchPlanner;

    public SlideTiler(IsolatedSlideReader reader, TissueDetector detector, TilerConfig config) {
        this.reader = reader;
        this.detector = detector;
        this.config = config;
        this.batchPlanner = new BatchPlanner(config.batchEdge(), config.tissue().minFraction());
    }

    /** What to tile: the request as the tiler resolved it. */
    public record Request(String slideId, String slideRef, Path file, AnalysisProfile profile, Priority priority,
                          Double mpp) {
    }

    public TilingPlan plan(Request request) {
        SlideInspection inspection = reader.inspect(request.file(), config.tissue().thumbnailMaxSide(),
                config.reader().timeout());
        List<SlideDescription.Level> levels = inspection.levels().stream()
                .map(l -> new SlideDescription.Level(l.width(), l.height(), l.downsample())).toList();
        SlideMpp mpp = SlideMpp.of(inspection.properties(), request.mpp(), config.defaultMpp());
        SlideDescription slide = mpp.describe(levels, inspection.properties());
        GridGeometry grid = GridPlanner.plan(slide, request.profile());

        SlideInspection.Thumbnail thumbnail = inspection.thumbnail();
        double downsample = (thumbnail.downsampleX() + thumbnail.downsampleY()) / 2;
        TissueMask tissue = detector.detect(thumbnail.image(), downsample, mpp.mpp());
        List<PatchBatch> batches = batchPlanner.batches(request.slideId(), request.slideRef(), grid, tissue,
                request.priority());
        int patchCount = batches.stream().mapToInt(b -> b.patches().size()).sum();
        SlideManifest manifest = new SlideManifest(Contract.SCHEMA_VERSION, request.slideId(), request.slideRef(),
                slide, grid, patchCount, batches.size(),
                new SlideManifest.TissueSummary(detector.method(), tissue.areaMm2(mpp.mpp()), tissue.tissueShare()),
                request.priority(), Instant.now());
        return new TilingPlan(manifest, batches);
    }
}
