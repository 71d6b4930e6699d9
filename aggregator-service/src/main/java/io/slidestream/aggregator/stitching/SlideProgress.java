package io.slidestream.aggregator.stitching;

import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the aggregator knows about one slide, and the rules that merge its events: manifests, score
 * batches and status changes come on three topics, so they arrive in any order and possibly more than once.
 * Each change takes the time of the event that causes it, so replaying the same events gives the same
 * state. Not thread-safe: the store serialises the changes to one slide.
 */
public final class SlideProgress {
    private final String slideId;
    private final Instant firstSeenAt;
    private SlideLifecycle lifecycle;
    private SlideManifest manifest;
    private ScoreGrid grid;
    /** Batches that came before the manifest, merged when it arrives. */
    private final List<ScoreBatch> pending = new ArrayList<>();
    private int duplicateScores;
    private String modelId;

    public SlideProgress(String slideId, Instant firstSeenAt) {
        this.slideId = slideId;
        this.firstSeenAt = firstSeenAt;
        this.lifecycle = new SlideLifecycle(firstSeenAt);
    }

    /**
     * A lifecycle change from another service. COMPLETE is not taken from others: a slide is complete when
     * this aggregator holds a score for every patch.
     */
    public void applyStatus(SlideStatus status, Instant at) {
        if (status.state() != SlideState.COMPLETE) {
            lifecycle.advance(status.state(), at, status.reason());
        }
    }

    /**
     * The grid and patch count; moves the slide to SCORING and merges the scores that came first. The same
     * manifest again (a redelivery) is ignored; a newer one (the slide analysed again on request, e.g. with
     * another model) starts the slide over, so the new run's scores are not taken for duplicates.
     *
     * @return how many buffered batches did not fit the grid and were dropped
     */
    public int applyManifest(SlideManifest slideManifest, Instant at) {
        if (manifest != null) {
            if (!isNewer(slideManifest, manifest)) {
                return 0;
            }
            lifecycle = new SlideLifecycle(at);
            duplicateScores = 0;
            modelId = null;
        }
        manifest = slideManifest;
        grid = ScoreGrid.of(slideManifest.grid());
        lifecycle.advance(SlideState.SCORING, at, null);
        int dropped = 0;
        for (ScoreBatch batch : pending) {
            try {
                duplicateScores += grid.record(batch.scores());
            } catch (IllegalArgumentException outsideGrid) {
                dropped++;
            }
        }
        pending.clear();
        completeIfAllScored(at);
        return dropped;
    }

    /**
     * Scores of one batch; buffered until the manifest is known.
     *
     * @throws IllegalArgumentException if a cell lies outside the grid (nothing of the batch is recorded)
     */
    public void applyScores(ScoreBatch batch, Instant at) {
        if (grid == null) {
            pending.add(batch);
        } else {
            duplicateScores += grid.record(batch.scores());
            completeIfAllScored(at);
        }
        // The model of the first scores; a later model's duplicates are ignored anyway.
        if (modelId == null) {
            modelId = batch.modelId();
        }
    }

    private static boolean isNewer(SlideManifest candidate, SlideManifest current) {
        return candidate.createdAt() != null && current.createdAt() != null
                && candidate.createdAt().isAfter(current.createdAt());
    }

    private void completeIfAllScored(Instant at) {
        if (grid.scoredCount() >= manifest.patchCount()) {
            lifecycle.advance(SlideState.COMPLETE, at, null);
        }
    }

    public String slideId() {
        return slideId;
    }

    /** When the first event the aggregator got about the slide happened. */
    public Instant firstSeenAt() {
        return firstSeenAt;
    }

    public SlideLifecycle lifecycle() {
        return lifecycle;
    }

    /** Null until the manifest arrives. */
    public SlideManifest manifest() {
        return manifest;
    }

    /** The stitched scores; null until the manifest arrives. */
    public ScoreGrid grid() {
        return grid;
    }

    /** Distinct patches with a score (buffered ones count once merged). */
    public int patchesScored() {
        return grid == null ? 0 : grid.scoredCount();
    }

    /** Scores for patches that already had one. */
    public int duplicateScores() {
        return duplicateScores;
    }

    /** Null until a score batch arrives. */
    public String modelId() {
        return modelId;
    }
}
