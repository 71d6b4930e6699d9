package io.slidestream.aggregator.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.slidestream.aggregator.stitching.SlideProgress;
import io.slidestream.aggregator.store.SlideStore;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Applies incoming events to the slides. An event that is not usable throws {@link IllegalArgumentException}
 * before anything changes, so the messaging layer can move it to the dead-letter topic.
 *
 * <p>An event's time is the one it carries (SlideStatus.at, SlideManifest.createdAt), so a replay rebuilds
 * the same timings; score batches carry none and take the time they are applied.
 */
@ApplicationScoped
public class SlideAggregator {
    /** 2^24 cells, 64 MiB of scores: far above any real slide, low enough that one bad manifest cannot exhaust the heap. */
    static final int MAX_CELLS = 1 << 24;

    private final SlideStore store;
    private final MeterRegistry metrics;

    SlideAggregator(SlideStore store, MeterRegistry metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    public void onManifest(SlideManifest manifest) {
        requireSlideId(manifest.slideId(), "SlideManifest");
        requireUsableGrid(manifest);
        Instant at = timeOf(manifest.createdAt());
        apply(manifest.slideId(), at, slide -> {
            int dropped = slide.applyManifest(manifest, at);
            if (dropped > 0) {
                Log.warnf("slide %s: dropped %d score batches received before the manifest, outside its %dx%d grid",
                        slide.slideId(), dropped, manifest.grid().cols(), manifest.grid().rows());
            }
        });
    }

    public void onScores(ScoreBatch batch) {
        requireSlideId(batch.slideId(), "ScoreBatch");
        if (batch.scores() == null) {
            throw new IllegalArgumentException("ScoreBatch " + batch.batchIndex() + " of slide " + batch.slideId() + " has no scores");
        }
        for (ScoreBatch.PatchScore patch : batch.scores()) {
            if (!(patch.score() >= 0 && patch.score() <= 1)) {
                throw new IllegalArgumentException("slide " + batch.slideId() + ": score " + patch.score()
                        + " of cell (" + patch.col() + ", " + patch.row() + ") is not a probability");
            }
        }
        Instant at = Instant.now();
        apply(batch.slideId(), at, slide -> slide.applyScores(batch, at));
    }

    public void onStatus(SlideStatus status) {
        requireSlideId(status.slideId(), "SlideStatus");
        if (status.state() == null) {
            throw new IllegalArgumentException("SlideStatus of slide " + status.slideId() + " has no state");
        }
        Instant at = timeOf(status.at());
        apply(status.slideId(), at, slide -> slide.applyStatus(status, at));
    }

    /** Applies a change and logs the state change it caused, if any. */
    private void apply(String slideId, Instant at, Consumer<SlideProgress> change) {
        store.update(slideId, at, slide -> {
            SlideState before = slide.lifecycle().state();
            change.accept(slide);
            SlideState after = slide.lifecycle().state();
            if (after != before) {
                // Slides by the state they reached (Prometheus: slidestream_aggregator_slides_total{state=...}).
                metrics.counter("slidestream.aggregator.slides", "state", after.name().toLowerCase(java.util.Locale.ROOT))
                        .increment();
                Log.infof("slide %s: %s -> %s (%d patches scored)%s", slideId, before, after, slide.patchesScored(),
                        after == SlideState.FAILED ? ": " + slide.lifecycle().reason() : "");
            }
            return after;
        });
    }

    private static Instant timeOf(Instant eventTime) {
        return eventTime != null ? eventTime : Instant.now();
    }

    private static void requireSlideId(String slideId, String event) {
        if (slideId == null || slideId.isBlank()) {
            throw new IllegalArgumentException(event + " without a slideId");
        }
    }

    private static void requireUsableGrid(SlideManifest manifest) {
        GridGeometry grid = manifest.grid();
        if (grid == null || grid.cols() < 1 || grid.rows() < 1 || (long) grid.cols() * grid.rows() > MAX_CELLS) {
            throw new IllegalArgumentException("slide " + manifest.slideId() + ": unusable grid " + grid);
        }
        if (manifest.patchCount() < 0 || manifest.patchCount() > grid.cellCount()) {
            throw new IllegalArgumentException("slide " + manifest.slideId() + ": patchCount " + manifest.patchCount()
                    + " does not fit a " + grid.cols() + "x" + grid.rows() + " grid");
        }
    }
}
