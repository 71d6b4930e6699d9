package io.slidestream.tiler.service;

import io.slidestream.core.events.Priority;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.slide.isolated.IsolatedSlideReader;
import io.slidestream.core.slide.isolated.SlideInspection;
import io.slidestream.tiler.config.TilerConfig;
import io.slidestream.tiler.tissue.TissueDetector;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;

/**
 * Tiles one slide: inspects it in the reader process (levels, properties, thumbnail; OpenSlide never runs
 * in this JVM, so a crafted file that crashes it costs only that slide), then plans it with the
 * {@link SlidePlanner}. Throws when the slide cannot be analysed.
 */
@ApplicationScoped
public class SlideTiler {
    private final IsolatedSlideReader reader;
    private final TilerConfig config;
    private final SlidePlanner planner;

    public SlideTiler(IsolatedSlideReader reader, TissueDetector detector, TilerConfig config) {
        this.reader = reader;
        this.config = config;
        this.planner = new SlidePlanner(detector, config.batchEdge(), config.tissue().minFraction(), config.defaultMpp());
    }

    /** What to tile: the request as the tiler resolved it. */
    public record Request(String slideId, String slideRef, Path file, AnalysisProfile profile, Priority priority,
                          Double mpp) {
    }

    public TilingPlan plan(Request request) {
        SlideInspection inspection = reader.inspect(request.file(), config.tissue().thumbnailMaxSide(),
                config.reader().timeout());
        return planner.plan(inspection, request);
    }
}
