package io.slidestream.aggregator.service;

import io.slidestream.aggregator.config.AggregatorConfig;
import io.slidestream.aggregator.stitching.ScoreGrid;
import io.slidestream.aggregator.stitching.SlideLifecycle;
import io.slidestream.aggregator.stitching.SlideProgress;
import io.slidestream.aggregator.store.SlideStore;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideState;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What the REST API reads about slides. */
@ApplicationScoped
public class SlideQueries {
    private final SlideStore store;
    private final AggregatorConfig config;

    SlideQueries(SlideStore store, AggregatorConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Every slide, newest first. */
    public List<SlideSummary> list() {
        return store.readAll(this::summary).stream()
                .sorted(Comparator.comparing(SlideSummary::firstSeenAt).reversed()
                        .thenComparing(SlideSummary::slideId))
                .toList();
    }

    public SlideDetail detail(String slideId) {
        return store.read(slideId, this::detail).orElseThrow(() -> SlideNotFoundException.unknown(slideId));
    }

    public ScoreMatrix scores(String slideId) {
        ScoreGrid grid = grid(slideId);
        List<Float> scores = new ArrayList<>(grid.cols() * grid.rows());
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                float score = grid.score(col, row);
                scores.add(Float.isNaN(score) ? null : score);
            }
        }
        return new ScoreMatrix(grid.cols(), grid.rows(), scores);
    }

    /** A copy of the slide's scores, so callers work outside its lock. */
    ScoreGrid grid(String slideId) {
        return store.read(slideId, slide -> Optional.ofNullable(slide.grid()).map(ScoreGrid::copy))
                .orElseThrow(() -> SlideNotFoundException.unknown(slideId))
                .orElseThrow(() -> SlideNotFoundException.withoutManifest(slideId));
    }

    private SlideSummary summary(SlideProgress slide) {
        return new SlideSummary(slide.slideId(), slide.lifecycle().state(), patchesTotal(slide),
                slide.patchesScored(), tumourPatches(slide), slide.firstSeenAt());
    }

    private SlideDetail detail(SlideProgress slide) {
        SlideManifest manifest = slide.manifest();
        SlideLifecycle lifecycle = slide.lifecycle();
        Float maxScore = slide.grid() == null || slide.patchesScored() == 0 ? null : slide.grid().maxScore();
        return new SlideDetail(slide.slideId(), lifecycle.state(), patchesTotal(slide), slide.patchesScored(),
                slide.duplicateScores(),
                manifest == null ? null : manifest.slide(),
                manifest == null ? null : manifest.tissue(),
                manifest == null ? null : gridView(manifest),
                manifest == null ? null : manifest.priority(),
                tumourPatches(slide), maxScore, lifecycle.reason(), slide.modelId(),
                new SlideDetail.Timings(lifecycle.reachedAt(SlideState.QUEUED), lifecycle.reachedAt(SlideState.TILING),
                        lifecycle.reachedAt(SlideState.SCORING), lifecycle.reachedAt(SlideState.COMPLETE),
                        lifecycle.reachedAt(SlideState.FAILED)));
    }

    private static SlideDetail.Grid gridView(SlideManifest manifest) {
        GridGeometry g = manifest.grid();
        double mpp = manifest.slide() == null ? 0 : manifest.slide().mpp();
        return new SlideDetail.Grid(g.cols(), g.rows(), g.cellSize(), g.cellSize() * mpp, g.profile());
    }

    private static Integer patchesTotal(SlideProgress slide) {
        return slide.manifest() == null ? null : slide.manifest().patchCount();
    }

    private int tumourPatches(SlideProgress slide) {
        return slide.grid() == null ? 0 : slide.grid().countAtLeast(config.tumourThreshold());
    }
}
