package io.slidestream.aggregator.service;

import io.slidestream.aggregator.stitching.SlideLifecycle;
import io.slidestream.aggregator.stitching.SlideRecord;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideState;

import java.time.Duration;

/** What clients see of a stored slide. */
public final class SlideViews {
    private SlideViews() {
    }

    public static SlideSummary summary(SlideRecord slide) {
        SlideManifest manifest = slide.manifest();
        return new SlideSummary(slide.slideId(), manifest == null ? null : manifest.slideRef(),
                slide.lifecycle().state(), slide.lifecycle().reason(), patchesTotal(slide), slide.patchesScored(),
                slide.patchesFailed(), progress(slide), etaSeconds(slide), slide.updatedAt(), slide.verdict(),
                slide.firstSeenAt());
    }

    public static SlideDetail detail(SlideRecord slide) {
        SlideManifest manifest = slide.manifest();
        SlideLifecycle lifecycle = slide.lifecycle();
        return new SlideDetail(slide.slideId(), manifest == null ? null : manifest.slideRef(), lifecycle.state(),
                lifecycle.reason(), patchesTotal(slide), slide.patchesScored(), slide.patchesFailed(), progress(slide),
                etaSeconds(slide),
                slide.updatedAt(), slide.verdict(), slide.duplicateScores(), slide.tumourPatches(), slide.maxScore(),
                slide.modelId(),
                manifest == null ? null : manifest.slide(),
                manifest == null ? null : manifest.tissue(),
                manifest == null ? null : grid(manifest, slide.mapEdge()),
                manifest == null ? null : manifest.priority(),
                new SlideDetail.Timings(lifecycle.reachedAt(SlideState.QUEUED), lifecycle.reachedAt(SlideState.TILING),
                        lifecycle.reachedAt(SlideState.SCORING), lifecycle.reachedAt(SlideState.COMPLETE),
                        lifecycle.reachedAt(SlideState.FAILED)));
    }

    private static SlideDetail.Grid grid(SlideManifest manifest, Integer subCellEdge) {
        GridGeometry g = manifest.grid();
        double mpp = manifest.slide() == null ? 0 : manifest.slide().mpp();
        return new SlideDetail.Grid(g.cols(), g.rows(), g.cellSize(), g.cellSize() * mpp, g.profile(), subCellEdge);
    }

    private static Integer patchesTotal(SlideRecord slide) {
        return slide.manifest() == null ? null : slide.manifest().patchCount();
    }

    private static double progress(SlideRecord slide) {
        Integer total = patchesTotal(slide);
        if (total == null) {
            return 0;
        }
        return total == 0 ? 1 : Math.min(1, settled(slide) / (double) total);
    }

    /** Patches done with: scored, or failed (a slide completes when all are). */
    private static int settled(SlideRecord slide) {
        return slide.patchesScored() + slide.patchesFailed();
    }

    /** Seconds left at the rate scores have come so far; null until there is a rate, 0 once complete. */
    private static Double etaSeconds(SlideRecord slide) {
        SlideState state = slide.lifecycle().state();
        if (state == SlideState.COMPLETE) {
            return 0.0;
        }
        Integer total = patchesTotal(slide);
        if (state == SlideState.FAILED || total == null || slide.firstScoredAt() == null) {
            return null;
        }
        double seconds = Duration.between(slide.firstScoredAt(), slide.lastScoredAt()).toMillis() / 1000.0;
        if (seconds <= 0 || settled(slide) < 2) {
            return null;
        }
        double rate = settled(slide) / seconds;
        return Math.max(0, total - settled(slide)) / rate;
    }
}
